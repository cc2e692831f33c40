using PruneTheory.Experiments;
using PruneTheory.Figures;
using PruneTheory.Statistics;
using PruneTheory.Theory.Breakpoints;

namespace PruneTheory.ProofsSim.Claims.Foundation;

public sealed record BreakpointCauchySpec : ClaimSpec
{
    public double[] Centres { get; init; } = [-4, -2, -1, -0.5, 0, 0.5, 1, 2, 4];
    public double[] HalfWidths { get; init; } = [0.05, 0.2, 1];
    public int Trials { get; init; } = 64;
    public long SamplesPerTrial { get; init; } = 1 << 18;

    /// <summary>Family-wise confidence: each of the (centre, width) intervals gets a Bonferroni share.</summary>
    public double Confidence { get; init; } = 0.99;

    /// <summary>Confirm only when every interval's half-width is at most this fraction of the closed form.</summary>
    public double MaxRelativeHalfWidth { get; init; } = 0.25;

    protected override IEnumerable<string> Check() =>
        SpecChecks.NonEmpty(Centres, "centres")
            .Concat(SpecChecks.NonEmpty(HalfWidths, "halfWidths"))
            .Concat(SpecChecks.AllPositive(HalfWidths, "halfWidths"))
            .Concat(SpecChecks.AtLeast(Trials, 1, "trials"))
            .Concat(SpecChecks.AtLeast(SamplesPerTrial, 1, "samplesPerTrial"))
            .Concat(Confidence is > 0 and < 1 ? [] : ["confidence must lie in (0, 1)"])
            .Concat(SpecChecks.Positive(MaxRelativeHalfWidth, "maxRelativeHalfWidth"));

    /// <summary>Windows in centre-major order: (centre, half-width) pairs.</summary>
    public (double Tau, double H)[] Windows() => Centres.SelectMany(t => HalfWidths.Select(h => (t, h))).ToArray();
}

public sealed record BreakpointCauchyTrial(long Samples, long[] Hits);

/// <summary>
/// The breakpoint of a bias-free ReLU unit along the family x(t) = (t, 1)/√2 is t = −w₂/w₁; for
/// w ~ N(0, I₂) it is standard Cauchy (spec neuron-vs-weight §2.6). This is the law behind every
/// "a kink lands near the target kink" probability of the neuron-pruning lower bound.
/// </summary>
public sealed class BreakpointCauchyClaim : Claim<BreakpointCauchySpec, BreakpointCauchyTrial>
{
    public override string Id => "breakpoint-cauchy";
    public override string Title => "Breakpoints of Gaussian ReLU units are standard Cauchy";
    public override string Statement =>
        "For w ~ N(0, I₂) the breakpoint t = −w₂/w₁ is standard Cauchy, so P(|t − τ| ≤ h) = (atan(τ+h) − atan(τ−h))/π " +
        "(Structured vs. Unstructured Pruning, families x_i(t); spec neuron-vs-weight-pruning §2.6).";

    public override BreakpointCauchySpec PresetFor(Scale scale) =>
        scale == Scale.Paper ? new BreakpointCauchySpec { Trials = 1024, SamplesPerTrial = 1 << 20 } : new();

    public override int TrialCount(BreakpointCauchySpec spec) => spec.Trials;

    public override BreakpointCauchyTrial RunTrial(BreakpointCauchySpec spec, TrialContext ctx)
    {
        var windows = spec.Windows();
        var hits = BreakpointHits.Count(ctx.Key.FoldIn("breakpoints"), spec.SamplesPerTrial,
            windows.Select(w => w.Tau).ToArray(), windows.Select(w => w.H).ToArray(), ctx.Backend, ctx.InnerThreads);
        return new BreakpointCauchyTrial(spec.SamplesPerTrial, hits);
    }

    public override string ReplicateUnit => "one trial: a batch of samplesPerTrial Gaussian units w ~ N(0, I₂) drawn from the trial's own key";
    public override string Rule =>
        "per window, the per-trial hit fractions give a Student-t interval at the Bonferroni-shared family confidence; contradicted when some " +
        "window's interval excludes the Cauchy probability and every leave-one-trial-out mean stays on that side; confirmed when no window " +
        "is decided against it and every half-width is at most maxRelativeHalfWidth of the closed form; else inconclusive";
    public override string PaperRegime => "any sample size: the statement is an exact distributional identity for every (τ, h)";

    /// <summary>An exact identity holds or fails at every size: more samples only sharpen the intervals, so no field is a reduction.</summary>
    public override Scope ScopeOf(BreakpointCauchySpec spec) => new(PaperRegime, Scope.Describe(spec), [], true);

    /// <summary>Holds: hits binomial at the Cauchy probability. Fails: the law is Cauchy with scale 1.05 (a 5 % wider law).</summary>
    public override IReadOnlyList<BreakpointCauchyTrial>? SyntheticTrials(BreakpointCauchySpec spec, bool claimHolds, PruneTheory.Random.RandomStream rng)
    {
        var windows = spec.Windows();
        double scale = claimHolds ? 1 : 1.05;
        var p = windows.Select(w => (Math.Atan((w.Tau + w.H) / scale) - Math.Atan((w.Tau - w.H) / scale)) / Math.PI).ToArray();
        double n = spec.SamplesPerTrial;
        return Enumerable.Range(0, spec.Trials).Select(_ => new BreakpointCauchyTrial(spec.SamplesPerTrial,
            p.Select(pi => (long)Math.Clamp(Math.Round(n * pi + Math.Sqrt(n * pi * (1 - pi)) * rng.NextGaussian()), 0, n)).ToArray())).ToList();
    }

    public override ClaimOutcome Summarize(BreakpointCauchySpec spec, IReadOnlyList<BreakpointCauchyTrial> trials, SummaryContext ctx)
    {
        var windows = spec.Windows();
        long n = trials.Sum(t => t.Samples);
        double perWindow = 1 - (1 - spec.Confidence) / windows.Length; // Bonferroni
        var csv = new CsvTable("tau", "h", "hits", "samples", "estimate", "ci_lower", "ci_upper", "closed_form", "decided_against");
        int against = 0;
        double worstRelative = 0;
        var rows = new List<(double Tau, double H, double Est, Interval Ci, double Exact)>();
        for (int w = 0; w < windows.Length; w++)
        {
            long k = trials.Sum(t => t.Hits[w]);
            double exact = BreakpointHits.Probability(windows[w].Tau, windows[w].H);
            // the replicate is the trial: one hit fraction per trial, t interval over trials
            var m = ReplicateMean.Of(trials.Select(t => (double)t.Hits[w] / t.Samples).ToArray(), perWindow);
            bool off = m.SideOf(exact) != Side.Undecided;
            if (off) against++;
            worstRelative = Math.Max(worstRelative, m.Ci.Width / 2 / exact);
            rows.Add((windows[w].Tau, windows[w].H, m.Mean, m.Ci, exact));
            csv.Add(windows[w].Tau, windows[w].H, k, n, m.Mean, m.Ci.Lower, m.Ci.Upper, exact, off ? 1 : 0);
        }

        if (!ctx.Figures.IsDry) DrawFigure(spec, rows, csv, ctx);
        var verdict = trials.Count < 3 ? Verdict.Inconclusive : against > 0 ? Verdict.Contradicted
            : worstRelative <= spec.MaxRelativeHalfWidth ? Verdict.Confirmed : Verdict.Inconclusive;
        string reason = verdict switch
        {
            Verdict.Contradicted => $"{against} of {windows.Length} simultaneous {spec.Confidence:P0} intervals over {trials.Count} trials exclude the Cauchy probability, stably (leave-one-trial-out)",
            Verdict.Confirmed => $"all {windows.Length} simultaneous {spec.Confidence:P0} t intervals over {trials.Count} trials ({n:N0} samples) contain the Cauchy probability; widest ±{worstRelative:P1}",
            _ => trials.Count < 3 ? "fewer than 3 trials: no interval over replicates"
                : $"intervals contain the closed form but are too wide (±{worstRelative:P1} > ±{spec.MaxRelativeHalfWidth:P0}): more samples needed",
        };
        return new ClaimOutcome(verdict, reason, new Dictionary<string, double>
        {
            ["samples"] = n,
            ["windows"] = windows.Length,
            ["windows_outside_ci"] = against,
            ["max_relative_half_width"] = worstRelative,
        }, []);
    }

    private static void DrawFigure(BreakpointCauchySpec spec, List<(double Tau, double H, double Est, Interval Ci, double Exact)> rows,
        CsvTable csv, SummaryContext ctx)
    {
        var plot = PlotStyle.Create("Breakpoint t = −w₂/w₁ of a Gaussian ReLU unit",
            "window centre τ", "P(|t − τ| ≤ h)");
        for (int i = 0; i < spec.HalfWidths.Length; i++)
        {
            double h = spec.HalfWidths[i];
            var color = PlotStyle.Series(i);
            double lo = spec.Centres.Min(), hi = spec.Centres.Max();
            var xs = Enumerable.Range(0, 201).Select(j => lo + (hi - lo) * j / 200.0).ToArray();
            var curve = plot.Add.ScatterLine(xs, xs.Select(x => BreakpointHits.Probability(x, h)).ToArray(), color);
            curve.LegendText = $"Cauchy closed form, h = {h}";
            var mine = rows.Where(r => r.H == h).ToList();
            var bars = plot.Add.ErrorBar(mine.Select(r => r.Tau).ToArray(), mine.Select(r => r.Est).ToArray(),
                mine.Select(r => (r.Ci.Upper - r.Ci.Lower) / 2).ToArray());
            bars.Color = color;
            var marks = plot.Add.ScatterPoints(mine.Select(r => r.Tau).ToArray(), mine.Select(r => r.Est).ToArray(), color);
            marks.MarkerSize = 7;
            marks.LegendText = $"simulated (simultaneous {spec.Confidence:P0} CI), h = {h}";
        }
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        ctx.Figures.Save("breakpoint-cauchy", plot, csv, $"markers: simulated window probabilities; bars: simultaneous {spec.Confidence:P0} Wilson intervals; lines: Cauchy closed form");
        DrawResiduals(spec, rows, csv, ctx);
    }

    /// <summary>Relative deviation from the closed form with its interval: where a discrepancy would show.</summary>
    private static void DrawResiduals(BreakpointCauchySpec spec, List<(double Tau, double H, double Est, Interval Ci, double Exact)> rows,
        CsvTable csv, SummaryContext ctx)
    {
        var plot = PlotStyle.Create("Simulated / Cauchy closed form − 1", "window centre τ", "relative deviation");
        plot.Add.HorizontalLine(0, color: ScottPlot.Colors.Black);
        for (int i = 0; i < spec.HalfWidths.Length; i++)
        {
            double h = spec.HalfWidths[i];
            var mine = rows.Where(r => r.H == h).ToList();
            double shift = (i - (spec.HalfWidths.Length - 1) / 2.0) * 0.06; // side by side, not on top of each other
            var xs = mine.Select(r => r.Tau + shift).ToArray();
            var ys = mine.Select(r => r.Est / r.Exact - 1).ToArray();
            var bars = plot.Add.ErrorBar(xs, ys, mine.Select(r => r.Ci.Width / 2 / r.Exact).ToArray());
            bars.Color = PlotStyle.Series(i);
            var marks = plot.Add.ScatterPoints(xs, ys, PlotStyle.Series(i));
            marks.MarkerSize = 7;
            marks.LegendText = $"h = {h} (simultaneous {spec.Confidence:P0} CI)";
        }
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        ctx.Figures.Save("breakpoint-cauchy-residuals", plot, csv, $"markers: simulated / closed form − 1 per window; bars: simultaneous {spec.Confidence:P0} Wilson intervals, relative");
    }
}
