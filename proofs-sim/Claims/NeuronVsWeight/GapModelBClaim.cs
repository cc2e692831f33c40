using PruneTheory.Experiments;
using PruneTheory.Figures;
using PruneTheory.Random;
using PruneTheory.Statistics;
using PruneTheory.Theory.Construction;
using PruneTheory.Theory.Relu2D;
using PruneTheory.Theory.Selection;

namespace PruneTheory.ProofsSim.Claims.NeuronVsWeight;

public sealed record GapModelBSpec : ClaimSpec
{
    public int Trials { get; init; } = 24;
    /// <summary>Widths N (even: n = N/2 units per block) at which model-B neuron pruning is decided per ε (Gray code to 20, fixed-ε MILP beyond).</summary>
    public int[] NpWidths { get; init; } = [4, 8, 12, 16, 20, 24, 32, 48, 64];
    /// <summary>Paths (the first ones) decided at every npWidth; the others only up to <see cref="CheapWidthMax"/> (quick: all, ≈ 4.6 CPU-s per path).</summary>
    public int ExactTrials { get; init; } = 24;
    public int CheapWidthMax { get; init; } = 20;
    /// <summary>Nominal seconds of one fixed-ε MILP decision, turned into SCIP nodes (<see cref="MilpBudget"/>).</summary>
    public double MilpSeconds { get; init; } = 2;
    /// <summary>The construction on the first n = 1..this units per block (hidden units 2n).</summary>
    public int WpMaxUnits { get; init; } = 48;
    public double[] InverseEpsilons { get; init; } = [2, 3, 4, 5, 7, 10, 14, 20, 30];
    protected override IEnumerable<string> Check() =>
        SpecChecks.AtLeast(Trials, 3, "trials").Concat(SpecChecks.AtLeast(ExactTrials, 3, "exactTrials")).Concat(SpecChecks.AllAtLeast(NpWidths, 2, "npWidths"))
        .Concat(SpecChecks.Positive(MilpSeconds, "milpSeconds")).Concat(SpecChecks.AtLeast(WpMaxUnits, 2, "wpMaxUnits"))
        .Concat(WpMaxUnits > 96 ? ["wpMaxUnits must be <= 96"] : [])
        .Concat(NpWidths.Any(n => n % 2 != 0) ? ["npWidths must be even (n = N/2 units per block)"] : [])
        .Concat(InverseEpsilons.Any(x => !(x > 1)) ? ["inverseEpsilons must all be > 1"] : [])
        .Concat(NpWidths.Zip(NpWidths.Skip(1)).Any(p => p.First >= p.Second) ? ["npWidths must be strictly increasing"] : []);
    public double[] Epsilons => InverseEpsilons.Select(x => 1 / x).ToArray();
    public double[] WpSizes => Enumerable.Range(1, WpMaxUnits).Select(n => 2.0 * n).ToArray();
}

/// <summary>
/// One path (model B, d = 2, w* = 1/√2·(1, 1), wp-construction's network): per ε the certified bracket of the neuron-pruning
/// first passage, and Wp[n − 1], the construction's error with n units per block (2n hidden units). Full: decided at every width.
/// </summary>
public sealed record GapModelBTrial(bool Full, PassageBracket[] Np, double[] Wp, int Decisions, int Undecided);

/// <summary>The gap with both sides in model B (output ReLU) on the same networks: exact neuron pruning vs the weight-pruning construction.</summary>
public sealed class GapModelBClaim : Claim<GapModelBSpec, GapModelBTrial>
{
    public override string Id => "gap-model-b";
    public override string Title => "Exponential gap in model B (output ReLU): exact neuron pruning vs the weight-pruning construction on the same networks";
    public override string Statement =>
        "Ferre' et al., 'Structured vs. Unstructured Pruning: An Exponential Gap' (arXiv 2603.02234): neuron pruning needs Ω(1/ε) hidden units " +
        "while weight pruning needs O(log 1/ε). The O(log 1/ε) construction lives in model B (output ReLU, spec §2.5); here both sides are in model B, " +
        "d = 2, w* = (1, 1)/√2, on the same random networks (wp-construction's, each block unit completed to a full Gaussian unit): certified first " +
        "passages of exact model-B neuron pruning (Gray code, fixed-ε MILP decisions with exact cuts) against the construction's width. " +
        "C3 holds in model B if the certified width ratio grows with 1/ε.";

    public override GapModelBSpec PresetFor(Scale s) => s == Scale.Paper
        ? new GapModelBSpec { Trials = 200, ExactTrials = 200, NpWidths = [4, 8, 12, 16, 20, 24, 32, 48, 64, 96, 128], MilpSeconds = 30, WpMaxUnits = 80,
            InverseEpsilons = [2, 3, 4, 5, 7, 10, 14, 20, 30, 50] }
        : new();

    public override int TrialCount(GapModelBSpec spec) => spec.Trials;

    public const double TargetPhi = Math.PI / 4;   // wp-construction's "flat" target in d = 2

    public override GapModelBTrial RunTrial(GapModelBSpec spec, TrialContext ctx)
    {
        var path = WpConstructionClaim.PathKey(ctx).FoldIn(2UL);   // wp-construction's (and gap-figure panel (b)'s) d = 2 network
        bool full = ctx.TrialIndex < spec.ExactTrials;
        var fp = new FirstPassage(BlockNetwork.Circle(path, spec.NpWidths[^1], TargetPhi), spec.NpWidths, Arch.B, 20, TimeSpan.FromSeconds(spec.MilpSeconds));
        var np = fp.Solve(spec.Epsilons, full ? int.MaxValue : spec.CheapWidthMax);
        var wStar = WpConstructionClaim.TargetFor("flat", 2, path);
        var wp = WpConstructionClaim.ErrorPath(path, wStar, Enumerable.Range(1, spec.WpMaxUnits).ToArray());
        return new GapModelBTrial(full, np, wp, fp.Decisions, fp.Undecided);
    }

    public override string ReplicateUnit => "one path: wp-construction's random d = 2 model-B network (nested in n), pruned both ways for w* = (1, 1)/√2";
    public override string Rule =>
        "both sides in model B on the same network; per path decided at every width (the first exactTrials), least-squares slope on log(1/ε) of " +
        "log(N_NP/N_WP), N_NP the certified lower end of the neuron-pruning first passage (every smaller grid width certified infeasible), N_WP the " +
        "construction's hidden units (an upper bound on the weight-pruning optimum), so each ratio is a certified lower bound on the true one; over the " +
        "ε at which every such path's passage is bracketed inside npWidths and every construction reached ε (≥ 3 ε). t interval over paths with " +
        "leave-one-path-out stability against τ = half the slope of the predicted shape (1/ε)/log₂(1/ε) on the same points: confirmed when stably " +
        "above τ, contradicted when stably below 0, else inconclusive. The crossing (the 1/ε from which the median ratio stays ≥ 1) is reported, not tested";
    public override string PaperRegime => "ε → 0: model-B neuron pruning decided exactly to N = 128 (1/ε to ≈ 50), d = 2, w* = (1, 1)/√2";

    /// <summary>
    /// Holds: the neuron passage ≈ 2.5·s/ε (bracket [p, 1.3p]); the construction at 0.58 bits per unit per block. Fails: the neuron passage
    /// grows like the construction's (≈ 2·s·log₂(1/ε) + 2), so the ratio stays flat.
    /// </summary>
    public override IReadOnlyList<GapModelBTrial>? SyntheticTrials(GapModelBSpec spec, bool claimHolds, RandomStream rng)
    {
        var n = Enumerable.Range(1, spec.WpMaxUnits).Select(v => (double)v).ToArray();
        return Enumerable.Range(0, spec.Trials).Select(i =>
        {
            double s = Math.Exp(0.25 * rng.NextGaussian());
            bool full = i < spec.ExactTrials;
            int max = full ? spec.NpWidths[^1] : spec.CheapWidthMax;
            var np = spec.InverseEpsilons.Select(x =>
            {
                double p = claimHolds ? 2.5 * s * x : 2 * s * Math.Log2(x) + 2;
                int lo = Math.Max(1, (int)Math.Round(p)), up = spec.NpWidths.FirstOrDefault(w => w >= 1.3 * p, -1);
                return up > max || up < 0 ? new PassageBracket(Math.Min(lo, max + 1), -1) : new PassageBracket(lo, up);
            }).ToArray();
            var wp = PathStatistics.GeometricPath(n, 0.58 + 0.05 * rng.NextGaussian(), 1, 0, 1.0, 1.5, rng);
            return new GapModelBTrial(full, np, wp, 0, 0);
        }).ToList();
    }

    private static double NpPassage(GapModelBTrial t, int e) => t.Np[e].Upper < 0 ? double.PositiveInfinity : t.Np[e].Lower;
    private static double WpPassage(GapModelBSpec spec, GapModelBTrial t, int e) => WidthThresholds.FirstPassage(spec.WpSizes, t.Wp, spec.Epsilons[e]);

    /// <summary>ε indices where every path's neuron passage is bracketed in the grid and its construction reached ε.</summary>
    public static int[] FitIndices(GapModelBSpec spec, IReadOnlyList<GapModelBTrial> trials) =>
        Enumerable.Range(0, spec.Epsilons.Length).Where(e => trials.All(t => double.IsFinite(NpPassage(t, e)) && double.IsFinite(WpPassage(spec, t, e)))).ToArray();

    private static double MedianRatio(GapModelBSpec spec, IReadOnlyList<GapModelBTrial> ts, int e) =>
        GapRatio.LowerMedian(ts.Select(t => NpPassage(t, e) / WpPassage(spec, t, e)));

    public override ClaimOutcome Summarize(GapModelBSpec spec, IReadOnlyList<GapModelBTrial> trials, SummaryContext ctx)
    {
        var key = RngKey.FromSeed(ctx.Run.Seed).FoldIn(Id);
        var full = trials.Where(t => t.Full).ToList();
        var idx = FitIndices(spec, full);
        var metrics = new Dictionary<string, double>
        {
            ["milp_decisions"] = trials.Sum(t => t.Decisions), ["undecided"] = trials.Sum(t => t.Undecided), ["full_paths"] = full.Count,
        };
        var notes = new List<string>
        {
            $"{trials.Count} paths, {full.Count} decided at every width {string.Join(",", spec.NpWidths)} (the others to N = {spec.CheapWidthMax}); {metrics["milp_decisions"]} fixed-ε MILP decisions, {metrics["undecided"]} undecided",
            "architecture: both sides in model B (σ(Σ α σ(⟨w,x⟩)), output ReLU), d = 2, w* = (1, 1)/√2, the same units pruned both ways",
        };
        if (!ctx.Figures.IsDry) Draw(ctx, spec, trials, full, key);
        var figures = ctx.Figures.Written.ToList();
        if (full.Count < 3 || idx.Length < 3)
            return new ClaimOutcome(Verdict.Inconclusive, $"fewer than 3 ε at which every fully decided path's model-B neuron passage is bracketed inside npWidths (≤ {spec.NpWidths[^1]})", metrics, notes) { Figures = figures };
        var x = idx.Select(e => Math.Log(spec.InverseEpsilons[e])).ToArray();
        var g = ReplicateMean.Of(full.Select(t => PathStatistics.Slope(x, idx.Select(e => Math.Log(NpPassage(t, e) / WpPassage(spec, t, e))).ToArray())).ToArray());
        var b = ReplicateMean.Of(full.Select(t => PathStatistics.Slope(x, idx.Select(e => Math.Log(NpPassage(t, e))).ToArray())).ToArray());
        double tau = GapRatio.Threshold(spec.InverseEpsilons, idx);
        double crossing = double.NaN;
        for (int j = idx.Length - 1; j >= 0 && MedianRatio(spec, full, idx[j]) >= 1; j--) crossing = spec.InverseEpsilons[idx[j]];
        metrics["ratio_exponent"] = g.Mean; metrics["ratio_exponent_lo"] = g.Ci.Lower; metrics["ratio_exponent_hi"] = g.Ci.Upper;
        metrics["ratio_threshold"] = tau; metrics["crossing_inv_eps"] = crossing;
        metrics["np_passage_exponent"] = b.Mean; metrics["np_passage_exponent_lo"] = b.Ci.Lower; metrics["np_passage_exponent_hi"] = b.Ci.Upper;
        metrics["fit_inv_eps_min"] = spec.InverseEpsilons[idx[0]]; metrics["fit_inv_eps_max"] = spec.InverseEpsilons[idx[^1]];
        metrics["ratio_at_fit_end"] = MedianRatio(spec, full, idx[^1]);
        metrics["np_passage_at_fit_end"] = Quantiles.Median(full.Select(t => NpPassage(t, idx[^1])));
        metrics["wp_passage_at_fit_end"] = Quantiles.Median(full.Select(t => WpPassage(spec, t, idx[^1])));
        string range = $"1/ε ∈ [{spec.InverseEpsilons[idx[0]]:G3}, {spec.InverseEpsilons[idx[^1]]:G3}]";
        string cross = double.IsNaN(crossing) ? "the median ratio is below 1 at the end of the range" : $"the median ratio is ≥ 1 from 1/ε = {crossing:G3}";
        notes.Add($"per-path exponent of the neuron passage alone (N_NP ∝ (1/ε)^b; Ω(1/ε) means b → 1): {b}");
        notes.Add($"median at 1/ε = {spec.InverseEpsilons[idx[^1]]:G3}: neuron ≥ {metrics["np_passage_at_fit_end"]:G3}, construction {metrics["wp_passage_at_fit_end"]:G3} hidden units");
        string both = $"model B, d = 2, same networks ({full.Count} paths, t interval, leave-one-path-out stability): ratio exponent over {range} {g.Mean:F2} [{g.Ci.Lower:F2}, {g.Ci.Upper:F2}] (τ = {tau:F2}; {cross}); neuron passage exponent {b.Mean:F2} [{b.Ci.Lower:F2}, {b.Ci.Upper:F2}]";
        var (verdict, reason) = g.SideOf(0) == Side.Below
            ? (Verdict.Contradicted, $"{both}: the neuron-pruning width grows slower than the weight-pruning width")
            : g.SideOf(tau) == Side.Above
                ? (Verdict.Confirmed, $"{both}: the certified ratio grows polynomially")
                : (Verdict.Inconclusive, $"{both}: the certified ratio is not stably above τ");
        return new ClaimOutcome(verdict, reason, metrics, notes) { Figures = figures };
    }

    private static void Draw(SummaryContext ctx, GapModelBSpec spec, IReadOnlyList<GapModelBTrial> trials, List<GapModelBTrial> full, RngKey key)
    {
        var x = spec.InverseEpsilons;
        var plot = new LogPlot("Model B (output ReLU), d = 2, w* = (1,1)/√2, same networks: neuron vs weight pruning", "1/ε", "hidden units N_h", true, true);
        var ratio = new LogPlot("Gap, model B, d = 2: certified neuron width / construction width (same networks)", "1/ε", "neuron width / weight width", true, true);
        var csv = new CsvTable("inv_eps", "series", "median", "lo", "hi");
        void Curve(LogPlot p, string name, string label, int color, Func<GapModelBTrial, int, double> v, IReadOnlyList<GapModelBTrial> ts)
        {
            var med = new double[x.Length]; var lo = new double[x.Length]; var hi = new double[x.Length];
            for (int e = 0; e < x.Length; e++)
            {
                (med[e], var ci) = WidthThresholds.Quantile(ts.Select(t => v(t, e)).ToArray(), 0.5, key.FoldIn(name).FoldIn((ulong)e));
                lo[e] = ci.Lower; hi[e] = ci.Upper; csv.Add(x[e], name, med[e], lo[e], hi[e]);
            }
            p.Points(x, med, lo, hi, label, color);
        }
        Curve(plot, "np_lower", $"neuron pruning, model B: certified lower end of N* (exact decisions, N ≤ {spec.NpWidths[^1]}), median (95% CI)", 0, NpPassage, full);
        Curve(plot, "np_upper", "neuron pruning, model B: verified upper end of N* (a subset reaching ε), median (95% CI)", 6, (t, e) => t.Np[e].Upper < 0 ? double.PositiveInfinity : t.Np[e].Upper, full);
        Curve(plot, "wp", "weight pruning, model B: block construction N_h (2 blocks × n units), median (95% CI)", 1, (t, e) => WpPassage(spec, t, e), trials);
        Curve(ratio, "ratio", "median per-path ratio (certified neuron lower end / construction width), 95% bootstrap", 0, (t, e) => NpPassage(t, e) / WpPassage(spec, t, e), full);
        ratio.Line([x.Min(), x.Max()], [1, 1], "ratio 1 (crossing)", 5, dashed: true);
        var panels = new[] { plot.Finish(), ratio.Finish() };
        ctx.Figures.SavePanels("gap-model-b", panels, csv,
            "both sides in model B (output ReLU), d = 2, on the same networks; markers: medians over paths; bars: 95 % bootstrap CI over paths; +∞ (beyond the grid) not drawn", 1.3);
    }
}
