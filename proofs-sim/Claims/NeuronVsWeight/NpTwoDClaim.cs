using PruneTheory.Experiments;
using PruneTheory.Figures;
using PruneTheory.Random;
using PruneTheory.Statistics;
using PruneTheory.Theory.Relu2D;
using PruneTheory.Theory.Selection;

namespace PruneTheory.ProofsSim.Claims.NeuronVsWeight;

public sealed record NpTwoDSpec : ClaimSpec
{
    public int[] Widths { get; init; } = [4, 8, 12, 16, 24, 32];
    public int Trials { get; init; } = 40;
    public double MilpSeconds { get; init; } = 5;
    /// <summary>ε grid for thresholds N*_q(ε) (the ε-exponent fit uses those reached inside the width grid).</summary>
    public double[] Epsilons { get; init; } = [0.45, 0.35, 0.25, 0.18, 0.14];
    /// <summary>Target angle φ*: "random" (U[0,2π) per path), or a fixed angle in radians such as "0.3" or "0".</summary>
    public string Target { get; init; } = "random";
    protected override IEnumerable<string> Check() =>
        SpecChecks.AllAtLeast(Widths, 1, "widths").Concat(SpecChecks.AtLeast(Trials, 3, "trials"))
        .Concat(SpecChecks.Positive(MilpSeconds, "milpSeconds")).Concat(SpecChecks.AllPositive(Epsilons, "epsilons"))
        .Concat(Widths.Zip(Widths.Skip(1)).Any(p => p.First >= p.Second) ? ["widths must be strictly increasing"] : [])
        .Concat(Target == "random" || double.TryParse(Target, System.Globalization.CultureInfo.InvariantCulture, out _) ? [] : ["target must be 'random' or an angle"]);
}

/// <summary>One width of one nested path: certified bracket of E*_N, Δ_min and the analytic bound (P2).</summary>
public sealed record NpPoint(int N, double Lower, double Upper, double DeltaMin, double Analytic, string Method, bool TimedOut);
public sealed record NpTrial(double Phi, NpPoint[] Points);

/// <summary>E-NP-2D: exact E*_N for d = 2, model A, over nested networks; the ε-exponent of neuron pruning.</summary>
public sealed class NpTwoDClaim : Claim<NpTwoDSpec, NpTrial>
{
    public override string Id => "np-2d";
    public override string Title => "Neuron pruning needs Ω(1/ε) units (d = 2, exact)";
    public override string Statement =>
        "Ferre', Giroire, Mallmann-Trenn, Natale, 'Structured vs. Unstructured Pruning: An Exponential Gap' (arXiv 2603.02234), " +
        "Theorem 1: approximating one bias-free ReLU neuron σ(⟨w*,x⟩) to sup-error ε on the unit ball by a subset of the hidden " +
        "units of a random bias-free two-layer ReLU network (model A) needs N = Ω(1/ε) hidden units (Ω(d/ε) in v1/v2). " +
        "Checked for d = 2 with exact optima E*_N (Gray-code search or cutting-plane MILP, both certified), the fitted exponent b " +
        "of N*_1/2(ε) ∝ ε^-b, and the analytic necessary bound P[E*_N ≤ ε] ≤ 1 − (1 − 2δ*(ε)/π)^N with δ*(ε) = 2·atan(2ε) from " +
        "E*_N ≥ (1/2)·tan(Δ_min/2) (non-vacuous for ε < 1/2).";

    public override NpTwoDSpec PresetFor(Scale s) => s == Scale.Paper
        ? new NpTwoDSpec { Widths = [4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128], Trials = 200, MilpSeconds = 120, Epsilons = [0.45, 0.35, 0.25, 0.18, 0.12, 0.08, 0.05] }
        : new();

    public override int TrialCount(NpTwoDSpec spec) => spec.Trials;

    /// <summary>Path key shared with gap-figure (common random numbers): the same seed gives the same networks.</summary>
    public static RngKey PathKey(TrialContext ctx) => ctx.Root.FoldIn("nvw-np-path").FoldIn((ulong)ctx.TrialIndex);

    public override NpTrial RunTrial(NpTwoDSpec spec, TrialContext ctx)
    {
        var path = PathKey(ctx);
        double phi = spec.Target == "random" ? path.FoldIn("phi").Stream().NextUniform(0, 2 * Math.PI)
            : double.Parse(spec.Target, System.Globalization.CultureInfo.InvariantCulture);
        return new NpTrial(phi, SolvePath(path, phi, spec.Widths, TimeSpan.FromSeconds(spec.MilpSeconds), ctx.Stream("search"), ctx.Backend));
    }

    /// <summary>Solves every width of one nested path; the previous optimum (a prefix subset) caps the next upper bound.</summary>
    public static NpPoint[] SolvePath(RngKey path, double phi, int[] widths, TimeSpan limit, RandomStream rng, PruneTheory.Gpu.ComputeBackend? backend = null)
    {
        var full = NestedNetwork.Sample(path, widths[^1], 2).Circle(phi);
        var points = new List<NpPoint>();
        double prevUpper = double.PositiveInfinity;
        foreach (int n in widths)
        {
            var p = full.Prefix(n);
            var b = ExactSelection.Solve([p], limit, rng, backend: backend);
            double analytic = AnalyticBound.LowerBound(p);
            // hard invariants (spec §7): exact errors never below P2, S = ∅ gives 1, E*_N non-increasing in N
            if (b.Upper < analytic - 1e-12 || b.Upper > 1 + 1e-12 || b.Lower > prevUpper + 1e-9)
                throw new InvalidOperationException($"invariant violated at N = {n}: bracket [{b.Lower}, {b.Upper}], P2 {analytic}, previous upper {prevUpper}");
            double upper = Math.Min(b.Upper, prevUpper);
            points.Add(new NpPoint(n, Math.Min(b.Lower, upper), upper, AnalyticBound.DeltaMin(p), analytic, b.Method, b.TimedOut && b.Lower < upper));
            prevUpper = upper;
        }
        return points.ToArray();
    }

    public override string ReplicateUnit => "one nested path: a random bias-free network (units nested in N) with its target angle φ*";
    public override string Rule =>
        "per path, the exponent a of E*_N ∝ N^-a (least squares of log E*_N on log N over the widths ≥ 8); t interval over paths with " +
        "leave-one-path-out stability: confirmed when a lies below 1 (E*_N decays no faster than 1/N, so N*(ε) ≥ c/ε on the reached ε range); " +
        "above 1 or undecided: inconclusive (an asymptotic lower bound cannot be refuted by a finite width grid, and the certified bound " +
        "E*_N ≥ (1/2)·tan(Δ_min/2) is checked on every instance as a hard invariant)";
    public override string PaperRegime => "ε → 0: the asymptotic rate of N*(ε); the analytic bound bites for ε < 1/2 and is within a constant of the exact width only once N·median E*_N has stopped falling (not reached at N ≤ 64)";

    /// <summary>An asymptotic lower bound: no finite width grid covers its regime, so a result against it stays inconclusive.</summary>
    public override Scope ScopeOf(NpTwoDSpec spec) => new(PaperRegime, Scope.Describe(spec),
        [$"asymptotic statement: widths N ≤ {spec.Widths[^1]} reach ε ≥ {spec.Epsilons.Min()}, where the exact rate is pre-asymptotic"], false);

    /// <summary>
    /// Nested Δ_min from uniform kink lines and E*_N = max(certified bound, running min of c·(N/32)^-a·noise) per path, with
    /// a ~ N(0.8, 0.3) where Ω(1/ε) holds and a ~ N(1.3, 0.3) where the error falls faster than 1/N (it fails).
    /// </summary>
    public override IReadOnlyList<NpTrial>? SyntheticTrials(NpTwoDSpec spec, bool claimHolds, RandomStream rng) =>
        Enumerable.Range(0, spec.Trials).Select(_ =>
        {
            double a = (claimHolds ? 0.8 : 1.3) + 0.3 * rng.NextGaussian(), c = 0.15 * Math.Exp(0.3 * rng.NextGaussian());
            double deltaMin = Math.PI / 2, e = 1;
            var points = new List<NpPoint>();
            for (int k = 1, w = 0; w < spec.Widths.Length; k++)
            {
                deltaMin = Math.Min(deltaMin, rng.NextUniform(0, Math.PI / 2));
                if (k < spec.Widths[w]) continue;
                double lb = AnalyticBound.Certified(deltaMin);
                e = Math.Max(lb, Math.Min(e, c * Math.Pow(k / 32.0, -a) * Math.Exp(0.25 * rng.NextGaussian())));
                points.Add(new NpPoint(k, e, e, deltaMin, lb, "synthetic", false));
                w++;
            }
            return new NpTrial(0, points.ToArray());
        }).ToList();

    /// <summary>Per-path exponent a of E*_N ∝ N^-a over the widths ≥ 8 (all widths when fewer than 3 are ≥ 8).</summary>
    public static double[] PathExponents(int[] widths, IReadOnlyList<NpTrial> trials)
    {
        var idx = Enumerable.Range(0, widths.Length).Where(i => widths[i] >= 8).ToArray();
        if (idx.Length < 3) idx = Enumerable.Range(0, widths.Length).ToArray();
        var logN = idx.Select(i => Math.Log(widths[i])).ToArray();
        return trials.Select(t => -PathStatistics.Slope(logN, idx.Select(i => Math.Log(Math.Max(t.Points[i].Upper, 1e-300))).ToArray())).ToArray();
    }

    public override ClaimOutcome Summarize(NpTwoDSpec spec, IReadOnlyList<NpTrial> trials, SummaryContext ctx)
    {
        var sizes = spec.Widths.Select(n => (double)n).ToArray();
        var lower = trials.Select(t => t.Points.Select(p => p.Lower).ToArray()).ToList();   // P_upper (used for C1)
        var upper = trials.Select(t => t.Points.Select(p => p.Upper).ToArray()).ToList();   // P_lower
        int undecided = trials.Sum(t => t.Points.Count(p => p.TimedOut));
        var notes = new List<string> { $"{trials.Count} nested paths, widths {string.Join(",", spec.Widths)}, {undecided} undecided instances" };
        int wilsonAbove = CheckAnalyticBound(spec, trials, notes);
        var key = RngKey.FromSeed(ctx.Run.Seed).FoldIn(Id).FoldIn("summary");
        var metrics = new Dictionary<string, double> { ["undecided"] = undecided, ["wilson_above_bound"] = wilsonAbove };
        if (!ctx.Figures.IsDry)
        {
            NpFigures.QuantileFigure(ctx, sizes, trials, key, metrics);
            NpFigures.SuccessFigure(ctx, spec, sizes, trials);
            var fit = NpFigures.ThresholdFigure(ctx, spec, sizes, lower, upper, key, metrics);
            if (fit is not null) notes.Add($"exponent b of N*_1/2 ∝ ε^-b (descriptive): {fit.Slope:F3}, path-bootstrap 95% CI [{metrics["exponent_b_lo"]:F2}, {metrics["exponent_b_hi"]:F2}]");
        }
        var a = ReplicateMean.Of(PathExponents(spec.Widths, trials));
        metrics["path_exponent_a"] = a.Mean; metrics["path_exponent_a_lo"] = a.Ci.Lower; metrics["path_exponent_a_hi"] = a.Ci.Upper;
        metrics["N_times_median_last"] = sizes[^1] * Quantiles.Median(trials.Select(t => t.Points[^1].Upper));
        notes.Add($"per-path exponent a of E*_N ∝ N^-a over N ≥ 8: {a}");
        string range = $"N ∈ [8, {spec.Widths[^1]}]";
        var (verdict, reason) = a.SideOf(1) switch
        {
            Side.Below => (Verdict.Confirmed, $"over {range} the exact optimum decays like N^-{a.Mean:F2} (per-path exponent, 95% CI over {trials.Count} paths [{a.Ci.Lower:F2}, {a.Ci.Upper:F2}], stable leaving any path out), no faster than 1/N: the width needed for error ε grows at least like 1/ε there; every instance respected the certified bound"),
            Side.Above => (Verdict.Contradicted, $"over {range} the exact optimum decays like N^-{a.Mean:F2} (per-path CI [{a.Ci.Lower:F2}, {a.Ci.Upper:F2}]), faster than 1/N: pre-asymptotic at these widths (N·median E*_N = {metrics["N_times_median_last"]:F2} at N = {spec.Widths[^1]}, still falling), while the certified bound E*_N ≥ (1/2)·tan(Δ_min/2) held on every instance"),
            _ => (Verdict.Inconclusive, $"per-path exponent a = {a.Mean:F2} (CI [{a.Ci.Lower:F2}, {a.Ci.Upper:F2}]) is not stably on one side of 1 over {range}; the certified bound held on every instance"),
        };
        return new ClaimOutcome(verdict, reason, metrics, notes) { Figures = ctx.Figures.Written.ToList() };
    }

    /// <summary>Hard invariant 7 (a bug if it fails) and the Wilson comparison with 1 − (1 − 2δ*/π)^N.</summary>
    private static int CheckAnalyticBound(NpTwoDSpec spec, IReadOnlyList<NpTrial> trials, List<string> notes)
    {
        int above = 0;
        foreach (double eps in spec.Epsilons.Append(0.1).Append(0.05))
        {
            double ds = AnalyticBound.DeltaStar(eps);
            for (int i = 0; i < spec.Widths.Length; i++)
            {
                int succ = trials.Count(t => t.Points[i].Upper <= eps);
                int near = trials.Count(t => t.Points[i].DeltaMin <= ds);
                if (succ > near) throw new InvalidOperationException($"invariant 7 violated: ε={eps}, N={spec.Widths[i]}: {succ} successes but only {near} instances with Δ_min ≤ δ*");
                if (BinomialInterval.Wilson(succ, trials.Count).Lower > AnalyticBound.SuccessProbabilityBound(eps, spec.Widths[i])) above++;
            }
        }
        notes.Add($"invariant 7 held; Wilson lower bound above the analytic curve in {above} (ε, N) cells (expected ≈ 0, sampling error only)");
        return above;
    }
}
