using PruneTheory.Experiments;
using PruneTheory.Random;
using PruneTheory.Statistics;
using PruneTheory.Theory.Construction;
using PruneTheory.Theory.Relu2D;

namespace PruneTheory.ProofsSim.Claims.NeuronVsWeight;

public sealed record GapSpec : ClaimSpec
{
    public int Trials { get; init; } = 30;
    /// <summary>Widths with exact E*_N (neuron pruning, model A, w* = e₁, d = 2; Gray code to 20, MILP beyond).</summary>
    public int[] NpWidths { get; init; } = [4, 8, 12, 16, 20, 24, 32, 48, 64];
    /// <summary>Paths (the first ones) solved at every npWidth; the others only up to <see cref="CheapWidthMax"/> (the MILP widths cost 3–12 s each).</summary>
    public int ExactTrials { get; init; } = 6;
    /// <summary>On paths beyond ExactTrials, widths above this get the nested certified bracket [analytic bound, last solved optimum].</summary>
    public int CheapWidthMax { get; init; } = 20;
    public double MilpSeconds { get; init; } = 5;
    /// <summary>Nested widths scanned by the analytic necessary condition Δ_min ≤ δ*(ε) (O(N) per path).</summary>
    public int AnalyticMaxWidth { get; init; } = 16384;
    /// <summary>Widths 1..this of the model-A e₁ weight-pruning construction on the same network.</summary>
    public int WpAMaxWidth { get; init; } = 64;
    public int[] WpDims { get; init; } = [2, 4, 8];
    public int WpMaxUnits { get; init; } = 48;
    public double[] InverseEpsilons { get; init; } = [2, 3, 4, 5, 7, 10, 14, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];
    protected override IEnumerable<string> Check() =>
        SpecChecks.AtLeast(Trials, 3, "trials").Concat(SpecChecks.AtLeast(ExactTrials, 3, "exactTrials")).Concat(SpecChecks.AllAtLeast(NpWidths, 1, "npWidths"))
        .Concat(SpecChecks.Positive(MilpSeconds, "milpSeconds")).Concat(SpecChecks.AtLeast(AnalyticMaxWidth, 1, "analyticMaxWidth"))
        .Concat(SpecChecks.AtLeast(WpAMaxWidth, 2, "wpAMaxWidth"))
        .Concat(SpecChecks.AllAtLeast(WpDims, 2, "wpDims")).Concat(SpecChecks.AtLeast(WpMaxUnits, 8, "wpMaxUnits"))
        .Concat(InverseEpsilons.Any(x => !(x > 1)) ? ["inverseEpsilons must all be > 1"] : [])
        .Concat(NpWidths.Zip(NpWidths.Skip(1)).Any(p => p.First >= p.Second) ? ["npWidths must be strictly increasing"] : []);
    public double[] Epsilons => InverseEpsilons.Select(x => 1 / x).ToArray();
    public WpConstructionSpec Wp => new() { Dims = WpDims, MinUnits = 8, MaxUnits = WpMaxUnits, Step = 2, Epsilons = Epsilons, Target = "flat" };
}

/// <summary>
/// One path (w* = e₁, d = 2, model A): exact neuron-pruning brackets, analytic first passages N_A(ε) (−1: beyond the scan), and
/// WpA[N − 1], the error of the model-A e₁ weight-pruning construction on the first N units of the same network.
/// </summary>
/// <remarks>Wp: model-B construction error paths per d (reference panel); FlatPassage[d-index][ε]: the analytic slice passages for the flat target 1/√d.</remarks>
public sealed record GapTrial(NpPoint[] Np, int[] AnalyticPassage, double[] WpA, double[][] Wp, int[][] FlatPassage);

/// <summary>Figure G: hidden units needed by neuron pruning vs weight pruning as ε shrinks (C3, the exponential gap).</summary>
public sealed class GapFigureClaim : Claim<GapSpec, GapTrial>
{
    public override string Id => "gap-figure";
    public override string Title => "Exponential gap: neuron pruning Ω(1/ε) vs weight pruning O(log 1/ε) hidden units";
    public override string Statement =>
        "Ferre' et al., 'Structured vs. Unstructured Pruning: An Exponential Gap' (arXiv 2603.02234): to ε-approximate one ReLU neuron, " +
        "neuron pruning of a random two-layer net needs Ω(1/ε) hidden units while weight pruning needs O(log 1/ε) (times d in v1/v2). " +
        "Checked in one architecture on the same random networks: model A (no output ReLU), d = 2, w* = e₁ (the target for which model-A " +
        "weight pruning is a subset sum, spec §2.8): exact neuron-pruning optima (certified brackets) against the weight-pruning construction " +
        "(x₁-masks + subset sum) of the same units. Drawn with them: the certified analytic lower bound (Δ_min ≤ δ*(ε) is necessary) for all ε " +
        "and, as a labelled reference in another architecture, the model-B constructions (d = 2, 4, 8). C3 holds if the exact width ratio grows.";

    public override GapSpec PresetFor(Scale s) => s == Scale.Paper
        ? new GapSpec { Trials = 200, ExactTrials = 200, NpWidths = [4, 8, 12, 16, 24, 32, 48, 64, 96, 128], MilpSeconds = 120, AnalyticMaxWidth = 1 << 20, WpAMaxWidth = 128,
            WpDims = [2, 4, 8], WpMaxUnits = 80,
            InverseEpsilons = [2, 3, 4, 5, 7, 10, 14, 20, 30, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 1e5, 1e6] }
        : new();

    public override int TrialCount(GapSpec spec) => spec.Trials;

    /// <summary>The target angle: w* = e₁, so that both sides are defined in model A on the same network.</summary>
    public const double TargetPhi = 0;

    public override GapTrial RunTrial(GapSpec spec, TrialContext ctx)
    {
        var npPath = NpTwoDClaim.PathKey(ctx);   // np-2d's networks (np-2d with target = 0 gives the same brackets)
        var np = SolveNp(spec, npPath, ctx);
        var wpA = AxisTargetConstruction.ErrorPath(NestedNetwork.Sample(npPath, spec.WpAMaxWidth, 2), spec.Epsilons.Min());
        var wpPath = WpConstructionClaim.PathKey(ctx);
        var wp = spec.WpDims.Select(d => WpConstructionClaim.ErrorPath(wpPath.FoldIn((ulong)d), WpConstructionClaim.TargetFor("flat", d, wpPath), spec.Wp.Units)).ToArray();
        var flat = spec.WpDims.Select(d => SlicePassages(npPath, WpConstructionClaim.TargetFor("flat", d, wpPath), spec)).ToArray();
        return new GapTrial(np, AnalyticPassages(npPath, TargetPhi, spec), wpA, wp, flat);
    }

    /// <summary>Marks a width that was not solved (a path beyond ExactTrials): its bracket is [analytic bound, optimum of the last solved width].</summary>
    public const string NestedBound = "nested-bound";

    /// <summary>
    /// Exact brackets at every npWidth on the first ExactTrials paths; beyond them only up to CheapWidthMax, the larger widths
    /// bracketed by the analytic bound below and the nested optimum above (E*_N ≤ E*_M for M &lt; N): certified, only looser.
    /// </summary>
    private static NpPoint[] SolveNp(GapSpec spec, RngKey npPath, TrialContext ctx)
    {
        bool all = ctx.TrialIndex < spec.ExactTrials;
        var solved = spec.NpWidths.Where(n => all || n <= spec.CheapWidthMax).ToArray();
        if (solved.Length == 0) solved = spec.NpWidths[..1];
        var np = NpTwoDClaim.SolvePath(npPath, TargetPhi, solved, TimeSpan.FromSeconds(spec.MilpSeconds), ctx.Stream("search"), ctx.Backend);
        if (np.Length == spec.NpWidths.Length) return np;
        var full = NestedNetwork.Sample(npPath, spec.NpWidths[^1], 2).Circle(TargetPhi);
        return spec.NpWidths.Select((n, i) =>
        {
            if (i < np.Length) return np[i];
            var p = full.Prefix(n);
            double lb = Math.Min(AnalyticBound.LowerBound(p), np[^1].Upper);
            return new NpPoint(n, lb, np[^1].Upper, AnalyticBound.DeltaMin(p), AnalyticBound.LowerBound(p), NestedBound, false);
        }).ToArray();
    }

    /// <summary>
    /// First width N at which some unit's kink line is within δ*(ε) of the target's, per ε: a certified lower bound on the
    /// path's first passage N*(ε) (below it E*_N ≥ LB(Δ_min) &gt; ε). O(AnalyticMaxWidth) per path.
    /// </summary>
    public static int[] AnalyticPassages(RngKey path, double phi, GapSpec spec)
    {
        var deltaStar = spec.Epsilons.Select(e => AnalyticBound.DeltaStar(e)).ToArray();
        var passage = Enumerable.Repeat(-1, deltaStar.Length).ToArray();
        double deltaMin = Math.PI / 2;
        for (int k = 0; k < spec.AnalyticMaxWidth && passage.Contains(-1); k++)
        {
            var (w, _) = NestedNetwork.Unit(path, k, 2);
            deltaMin = Math.Min(deltaMin, AnalyticBound.LineAngle(Math.Atan2(w[1], w[0]), phi));
            for (int e = 0; e < deltaStar.Length; e++)
                if (passage[e] < 0 && deltaMin <= deltaStar[e]) passage[e] = k + 1;
        }
        return passage;
    }

    /// <summary>
    /// Slices version for a d-dim target: success needs, in every slice i whose bound is not vacuous, a unit kink within
    /// δ*(ε, r_i) of the slice's target kink (P2 per slice; slice error ≤ sphere error). First width where all slices
    /// satisfy it: a certified lower bound on N*(ε) of the full problem. O(AnalyticMaxWidth·d).
    /// </summary>
    public static int[] SlicePassages(RngKey path, double[] wStar, GapSpec spec)
    {
        int slices = wStar.Length / 2;
        var r = new double[slices]; var phi = new double[slices];
        for (int i = 0; i < slices; i++) { r[i] = Math.Sqrt(wStar[2 * i] * wStar[2 * i] + wStar[2 * i + 1] * wStar[2 * i + 1]); phi[i] = Math.Atan2(wStar[2 * i + 1], wStar[2 * i]); }
        var ds = spec.Epsilons.Select(e => Enumerable.Range(0, slices).Select(i => r[i] > 0 ? AnalyticBound.DeltaStar(e, r[i]) : Math.PI / 2).ToArray()).ToArray();
        var passage = Enumerable.Repeat(-1, ds.Length).ToArray();
        var deltaMin = Enumerable.Repeat(Math.PI / 2, slices).ToArray();
        for (int k = 0; k < spec.AnalyticMaxWidth && passage.Contains(-1); k++)
        {
            var (w, _) = NestedNetwork.Unit(path, k, 2 * slices);
            for (int i = 0; i < slices; i++) deltaMin[i] = Math.Min(deltaMin[i], AnalyticBound.LineAngle(Math.Atan2(w[2 * i + 1], w[2 * i]), phi[i]));
            for (int e = 0; e < ds.Length; e++)
                if (passage[e] < 0 && Enumerable.Range(0, slices).All(i => deltaMin[i] <= ds[e][i])) passage[e] = k + 1;
        }
        return passage;
    }

    public override string ReplicateUnit => "one path: a random d = 2 network (nested in N, np-2d's networks) pruned both ways for w* = e₁, plus random model-B weight-pruning networks per d (shared with wp-construction; reference only)";
    public override string Rule =>
        "both sides in model A, w* = e₁, on the same network; per path, least-squares slopes on log(1/ε) of log(N_NP/N_WP), N_WP the width of " +
        "the x₁-mask subset-sum construction (an upper bound on the weight-pruning optimum), in two parts: (i) exact, N_NP the certified lower end " +
        "of the exact neuron-pruning passage (brackets at npWidths) on the first exactTrials paths (solved at every width), over the ε at which " +
        "every such path's exact passage is bracketed inside the exact grid (≥ 3 ε); (ii), on every path, certified, N_NP the larger of the analytic passage (Δ_min ≤ δ*(ε) is necessary) and the exact lower end, over every " +
        "ε < 1/2 that every construction reached. Each slope: t interval over paths with leave-one-path-out stability, against τ = half the slope " +
        "of the predicted shape (1/ε)/log₂(1/ε) on the same points. Confirmed when (ii) lies above its τ and (i) is not stably below 0; " +
        "contradicted when (i) or (ii) lies stably below 0 (the neuron width grows slower than the weight width); else inconclusive. The crossing " +
        "(the 1/ε from which the median exact ratio stays ≥ 1) is reported, not tested";
    public override string PaperRegime => "ε → 0: exact neuron-pruning optima to N = 128 (1/ε to ≈ 30), the construction and the analytic bound to 1/ε = 10^6, d = 2, model A, w* = e₁";

    /// <summary>
    /// Holds: E*_N = 4.7·s/N (the exact passage grows like 1/ε), the analytic passage is its geometric waiting time, the construction
    /// decays at 0.58 bits per unit after 3.6 bits of delay (as measured: median width 9 at 1/ε = 3, 29 at 10⁴). Fails: the neuron side, exact and certified, grows like the weight side
    /// (geometric decay at 0.5 bits per unit; passage ≈ 2·log₂(1/ε)), so both ratios stay flat.
    /// </summary>
    public override IReadOnlyList<GapTrial>? SyntheticTrials(GapSpec spec, bool claimHolds, RandomStream rng)
    {
        var units = spec.Wp.Units.Select(n => (double)n).ToArray();
        var wpaUnits = Enumerable.Range(1, spec.WpAMaxWidth).Select(n => (double)n).ToArray();
        return Enumerable.Range(0, spec.Trials).Select(i =>
        {
            double scale = Math.Exp(0.25 * rng.NextGaussian());
            // the same structure as the real run: paths beyond ExactTrials carry nested brackets above CheapWidthMax
            bool exact = i < spec.ExactTrials;
            var np = spec.NpWidths.Select(n =>
            {
                double e = claimHolds ? Math.Min(1, 4.7 * scale / n) : Math.Min(1, 1.3 * scale * Math.Pow(2, -0.5 * n));
                return new NpPoint(n, e, e, 0, 0, "synthetic", false);
            }).ToArray();
            int last = Array.FindLastIndex(spec.NpWidths, n => n <= spec.CheapWidthMax);
            if (!exact && last >= 0)
                for (int k = last + 1; k < np.Length; k++) np[k] = np[k] with { Lower = 0, Upper = np[last].Upper, Method = NestedBound };
            double u = Math.Max(1e-12, rng.NextDouble());
            var passage = spec.Epsilons.Select(e => claimHolds
                ? (int)Math.Min(int.MaxValue, Math.Ceiling(-Math.Log(u) / (2 * AnalyticBound.DeltaStar(e) / Math.PI)))
                : (int)Math.Ceiling(2 * scale * Math.Log2(1 / e))).ToArray();
            var wpA = PathStatistics.GeometricPath(wpaUnits, 0.58 + 0.05 * rng.NextGaussian(), 1, 0, 1.0, 3.6, rng);
            var wp = spec.WpDims.Select(_ => PathStatistics.GeometricPath(units, 0.45 + 0.05 * rng.NextGaussian(), 1, 0, 1.0, 0.6, rng)).ToArray();
            return new GapTrial(np, passage, wpA, wp, spec.WpDims.Select(_ => passage).ToArray());
        }).ToList();
    }

    public override ClaimOutcome Summarize(GapSpec spec, IReadOnlyList<GapTrial> trials, SummaryContext ctx)
    {
        var key = RngKey.FromSeed(ctx.Run.Seed).FoldIn(Id);
        var metrics = new Dictionary<string, double>();
        var exactPaths = trials.Where(t => t.Np.All(p => p.Method != NestedBound)).ToList();
        var idx = GapRatio.FitIndices(spec, exactPaths);
        var notes = new List<string>
        {
            $"{trials.Count} paths, {exactPaths.Count} of them solved exactly at every width {string.Join(",", spec.NpWidths)} (the others to N = {spec.CheapWidthMax}, larger widths by the nested certified bracket); {trials.Sum(t => t.Np.Count(p => p.TimedOut))} undecided exact instances",
            "architectures: the verdict's two sides both in model A (Σ α σ(⟨w,x⟩), no output ReLU), w* = e₁, d = 2, the same units pruned both ways; " +
            "the model-B constructions (output ReLU, d = 2, 4, 8, flat target) are a reference panel in another architecture",
        };
        GapCurves? curves = null;
        if (!ctx.Figures.IsDry)
        {
            curves = GapCurves.Compute(spec, trials, key);
            GapFigures.Draw(ctx, spec, curves);
            GapFigures.SemiLog(ctx, spec, curves);
            // where the bound bites (ε ≤ 0.05): all paths, certified brackets (unsolved widths count as possible successes)
            metrics["success_cells_above_bound"] = NpFigures.SuccessFigure(ctx, [0.05, 0.03, 0.02], spec.NpWidths.Select(n => (double)n).ToArray(),
                trials.Select(t => t.Np).ToList(), "gap-figure-success", "Neuron pruning, model A, d = 2, w* = e₁: success probability at ε ≤ 0.05 vs the analytic bound");
            notes.Add($"neuron-pruning exact N*_1/2 reached for {curves.NpExact.Point.Count(double.IsFinite)} of {spec.InverseEpsilons.Length} ε");
        }
        var cidx = GapCertifiedRatio.FitIndices(spec, trials);
        if (idx.Length < 3 || cidx.Length < 3)
        {
            if (curves is not null) GapFigures.Ratio(ctx, spec, curves, idx, double.NaN, default, double.NaN);
            return new ClaimOutcome(Verdict.Inconclusive, idx.Length < 3
                ? $"fewer than 3 ε at which every path's exact neuron-pruning passage is bracketed inside npWidths (≤ {spec.NpWidths[^1]}): no exact ratio fit"
                : "fewer than 3 ε < 1/2 reached by every construction: no certified ratio fit", metrics, notes) { Figures = ctx.Figures.Written.ToList() };
        }
        if (exactPaths.Count < 3) return new ClaimOutcome(Verdict.Inconclusive, "fewer than 3 paths solved at every exact width", metrics, notes) { Figures = ctx.Figures.Written.ToList() };
        var g = ReplicateMean.Of(GapRatio.PathExponents(spec, exactPaths, idx));
        var gc = ReplicateMean.Of(GapCertifiedRatio.PathExponents(spec, trials, cidx));
        double tau = GapRatio.Threshold(spec, idx), tauC = GapRatio.Threshold(spec, cidx), crossing = GapRatio.Crossing(spec, exactPaths, idx);
        if (curves is not null) GapFigures.Ratio(ctx, spec, curves, idx, g.Mean, g.Ci, tau);
        metrics["ratio_exponent"] = g.Mean; metrics["ratio_exponent_lo"] = g.Ci.Lower; metrics["ratio_exponent_hi"] = g.Ci.Upper;
        metrics["ratio_threshold"] = tau; metrics["crossing_inv_eps"] = crossing;
        metrics["certified_ratio_exponent"] = gc.Mean; metrics["certified_ratio_exponent_lo"] = gc.Ci.Lower; metrics["certified_ratio_exponent_hi"] = gc.Ci.Upper;
        metrics["certified_ratio_threshold"] = tauC; metrics["certified_fit_inv_eps_max"] = spec.InverseEpsilons[cidx[^1]];
        metrics["fit_inv_eps_max"] = spec.InverseEpsilons[idx[^1]];
        metrics["ratio_at_fit_end"] = GapRatio.MedianRatio(spec, exactPaths, idx[^1]);
        metrics["np_exact_passage_at_fit_end"] = Quantiles.Median(exactPaths.Select(t => GapRatio.NpExactPassage(spec, t, idx[^1])));
        metrics["wp_a_passage_at_fit_end"] = Quantiles.Median(exactPaths.Select(t => GapRatio.WpAPassage(t, spec.Epsilons[idx[^1]])));
        metrics["wp_a_passage_at_certified_end"] = Quantiles.Median(trials.Select(t => GapRatio.WpAPassage(t, spec.Epsilons[cidx[^1]])));
        string range = $"1/ε ∈ [{spec.InverseEpsilons[idx[0]]:G3}, {spec.InverseEpsilons[idx[^1]]:G3}]";
        string crange = $"1/ε ∈ [{spec.InverseEpsilons[cidx[0]]:G3}, {spec.InverseEpsilons[cidx[^1]]:G3}]";
        string cross = double.IsNaN(crossing) ? "the median exact ratio is below 1 at the end of the exact range" : $"the median exact ratio is ≥ 1 from 1/ε = {crossing:G3}";
        notes.Add($"(i) exact: per-path exponent of the exact width ratio over {range}: {g}; τ = {tau:F3}; {cross}");
        notes.Add($"(ii) certified: per-path exponent of the certified ratio over {crange}: {gc}; τ = {tauC:F3}");
        string part1 = $"(i) exact ratio over {range}: exponent {g.Mean:F2} [{g.Ci.Lower:F2}, {g.Ci.Upper:F2}] (τ = {tau:F2}; {cross})";
        string part2 = $"(ii) certified ratio over {crange}: exponent {gc.Mean:F2} [{gc.Ci.Lower:F2}, {gc.Ci.Upper:F2}] (τ = {tauC:F2})";
        string both = $"model A, w* = e₁, same networks ({exactPaths.Count} exact / {trials.Count} paths, t intervals, leave-one-path-out stability): {part1}; {part2}";
        var (verdict, reason) = g.SideOf(0) == Side.Below || gc.SideOf(0) == Side.Below
            ? (Verdict.Contradicted, $"{both}: the neuron-pruning width grows slower than the weight-pruning width")
            : gc.SideOf(tauC) == Side.Above
                ? (Verdict.Confirmed, $"{both}: the certified ratio grows polynomially and the exact ratio does not fall")
                : (Verdict.Inconclusive, $"{both}: the certified ratio is not stably above its τ");
        return new ClaimOutcome(verdict, reason, metrics, notes) { Figures = ctx.Figures.Written.ToList() };
    }
}
