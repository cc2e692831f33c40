using PruneTheory.Experiments;
using PruneTheory.Figures;
using PruneTheory.Random;
using PruneTheory.Statistics;
using PruneTheory.Theory.SubsetSum;

namespace PruneTheory.ProofsSim.Claims.NeuronVsWeight;

public sealed record RssCoverSpec : ClaimSpec
{
    public int Trials { get; init; } = 200;
    /// <summary>Cover errors for n = 4..CoverMax on the first LongTrials paths, to n = CoverShortMax on the others.</summary>
    public int CoverMax { get; init; } = 20;
    public int CoverShortMax { get; init; } = 16;
    public int LongTrials { get; init; } = 50;
    /// <summary>Single-target (meet-in-the-middle) errors for n = 4, 8, .., SingleMax, target z ~ U[−1,1].</summary>
    public int SingleMax { get; init; } = 36;
    public double[] Epsilons { get; init; } = [1e-1, 3e-2, 1e-2, 3e-3, 1e-3, 3e-4, 1e-4, 3e-5];
    protected override IEnumerable<string> Check() =>
        SpecChecks.AtLeast(Trials, 3, "trials").Concat(SpecChecks.AllPositive(Epsilons, "epsilons"))
        .Concat(CoverMax > Sumset.MaxBits ? [$"coverMax must be <= {Sumset.MaxBits}"] : [])
        .Concat(SingleMax > SchroeppelShamir.MaxN ? [$"singleMax must be <= {SchroeppelShamir.MaxN}"] : [])
        .Concat(CoverShortMax < 4 || CoverShortMax > CoverMax ? ["coverShortMax must lie in [4, coverMax]"] : [])
        .Concat(SpecChecks.AtLeast(SingleMax, 4, "singleMax")).Concat(SpecChecks.AtLeast(LongTrials, 1, "longTrials"));
}

/// <summary>Per law (U, N, N·N): cover errors E_n for n = 4.. and single-target errors for n = 4, 8, ...</summary>
public sealed record RssTrial(double[][] Cover, double[][] Single);

/// <summary>W-RSS: random subset sums of n samples cover [−1,1] to ε with n = O(log 1/ε).</summary>
public sealed class RssCoverClaim : Claim<RssCoverSpec, RssTrial>
{
    public const int FirstN = 4;
    public static readonly RssDistribution[] Laws = [RssDistribution.Uniform, RssDistribution.Gaussian, RssDistribution.GaussianProduct];
    public override string Id => "rss-cover";
    public override string Title => "Random subset sum: n*(ε) grows like log₂(1/ε)";
    public override string Statement =>
        "Lueker (1998), restated by Pensia et al. (NeurIPS 2020), the engine of the weight-pruning upper bound O(log 1/ε) of Ferre' et al. " +
        "(arXiv 2603.02234): n = O(log 1/ε) i.i.d. samples (U[−1,1], N(0,1), or N(0,1)·N(0,1) = α·w) have subset sums that ε-cover [−1,1] w.h.p. " +
        "Checked with the exact cover error (all 2^n sums sorted) and exact single-target errors (meet in the middle); " +
        "the counting bound E_n ≥ 2^−n is a hard invariant.";

    public override RssCoverSpec PresetFor(Scale s) => s == Scale.Paper
        ? new RssCoverSpec { Trials = 1000, CoverMax = 26, CoverShortMax = 20, LongTrials = 200, SingleMax = 60, Epsilons = [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7] }
        : new();

    public override int TrialCount(RssCoverSpec spec) => spec.Trials;

    public override RssTrial RunTrial(RssCoverSpec spec, TrialContext ctx)
    {
        int coverMax = ctx.TrialIndex < spec.LongTrials ? spec.CoverMax : spec.CoverShortMax;
        var cover = new double[Laws.Length][]; var single = new double[Laws.Length][];
        for (int l = 0; l < Laws.Length; l++)
        {
            var key = ctx.Key.FoldIn(Laws[l].ToString());
            var x = RssSamples.Draw(key, Math.Max(coverMax, spec.SingleMax), Laws[l]);
            cover[l] = Enumerable.Range(FirstN, coverMax - FirstN + 1).Select(n => SubsetSumError.Cover(x.AsSpan(0, n))).ToArray();
            for (int i = 0; i < cover[l].Length; i++)
                if (cover[l][i] < Math.Pow(2, -(FirstN + i)))
                    throw new InvalidOperationException($"invariant 9 violated: cover error {cover[l][i]} < 2^-{FirstN + i}");
            double z = key.FoldIn("z").Stream().NextUniform(-1, 1);
            single[l] = SingleSizes(spec).Select(n => SubsetSumError.SingleTarget(x.AsSpan(0, n), z).Error).ToArray();
        }
        return new RssTrial(cover, single);
    }

    public static int[] SingleSizes(RssCoverSpec spec) => Enumerable.Range(1, spec.SingleMax / 4).Select(k => 4 * k).ToArray();

    public override string ReplicateUnit => "one path: per law, one i.i.d. sample sequence (nested in n) and its target z";
    public override string Rule =>
        "per path and law, the cover error's decay rate β in bits per sample (least squares of −log₂E_n on n over n = 6..coverShortMax, every path) " +
        "and the paired slowdown late − ½·early (rates on the two halves of that range); t intervals over paths with leave-one-path-out " +
        "stability (ReplicateMean.SideOf): confirmed when for every law β lies in (0.5, 1.43) (n*(ε) = log₂(1/ε)/β with slope in (0.7, 2)) and the " +
        "slowdown is above 0; contradicted when for some law the slowdown is below 0 or β below 0.5 (the decay is not geometric); else inconclusive";
    public override string PaperRegime => "ε → 0 (n = O(log 1/ε) for all small ε); the paper preset covers n ≤ 26, i.e. ε down to about 2^-23";

    public const int RateFrom = 6;

    /// <summary>Holds: geometric decay at β ≈ 0.88 bits/sample throughout. Fails: the rate drops to 0.3β halfway (no longer O(log 1/ε)).</summary>
    public override IReadOnlyList<RssTrial>? SyntheticTrials(RssCoverSpec spec, bool claimHolds, RandomStream rng) =>
        Enumerable.Range(0, spec.Trials).Select(t =>
        {
            int max = t < spec.LongTrials ? spec.CoverMax : spec.CoverShortMax;
            var n = Enumerable.Range(FirstN, max - FirstN + 1).Select(v => (double)v).ToArray();
            double knee = (RateFrom + spec.CoverShortMax) / 2.0;
            var cover = Laws.Select(_ => PathStatistics.GeometricPath(n, 0.88 + 0.04 * rng.NextGaussian(), claimHolds ? 1 : 0.3, knee, 0.6, 0.5, rng)).ToArray();
            var single = Laws.Select(_ => SingleSizes(spec).Select(k => Math.Pow(2, -0.9 * k)).ToArray()).ToArray();
            return new RssTrial(cover, single);
        }).ToList();

    public override ClaimOutcome Summarize(RssCoverSpec spec, IReadOnlyList<RssTrial> trials, SummaryContext ctx)
    {
        var key = RngKey.FromSeed(ctx.Run.Seed).FoldIn(Id);
        var metrics = new Dictionary<string, double>();
        var notes = new List<string> { $"{trials.Count} paths; cover to n = {spec.CoverMax} on {Math.Min(spec.LongTrials, trials.Count)} of them; E_n ≥ 2^-n held everywhere" };
        if (!ctx.Figures.IsDry)
        {
            RssFigures.Decay(ctx, spec, trials, key, metrics);
            foreach (var (law, fit, early, late) in RssFigures.Thresholds(ctx, spec, trials, key, metrics))
                notes.Add($"{law}: n*_1/2 = {fit.Intercept:F2} + {fit.Slope:F3}·log2(1/ε), slope CI {fit.SlopeCi}, R² {fit.RSquared:F4} (OLS over ε points, descriptive); slope on large ε {early:F2}, small ε {late:F2}");
        }
        var n = Enumerable.Range(FirstN, spec.CoverShortMax - FirstN + 1).Select(v => (double)v).ToArray();
        var against = new List<string>(); var open = new List<string>(); var found = new List<string>();
        for (int l = 0; l < Laws.Length; l++)
        {
            string s = Laws[l] switch { RssDistribution.Uniform => "U", RssDistribution.Gaussian => "N", _ => "NxN" };
            var paths = trials.Select(t => t.Cover[l][..n.Length]).ToList();
            var (early, late, whole) = PathStatistics.DecayRates(n, paths, RateFrom - FirstN);
            var beta = ReplicateMean.Of(whole);
            var slow = ReplicateMean.Of(Replicates.Paired(late, early.Select(e => 0.5 * e).ToArray()));
            metrics[$"rate_{s}"] = beta.Mean; metrics[$"rate_{s}_lo"] = beta.Ci.Lower; metrics[$"rate_{s}_hi"] = beta.Ci.Upper;
            metrics[$"slowdown_{s}"] = slow.Mean;
            notes.Add($"{Laws[l].Label()}: β = {beta} bits/sample; late − ½·early = {slow}");
            found.Add($"{s}: β = {beta.Mean:F2} [{beta.Ci.Lower:F2}, {beta.Ci.Upper:F2}]");
            var sb = slow.SideOf(0);
            if (sb == Side.Below || beta.SideOf(0.5) == Side.Below) against.Add($"{Laws[l].Label()}: decay not geometric (β {beta}, late − ½·early {slow})");
            else if (!(sb == Side.Above && beta.SideOf(0.5) == Side.Above && beta.SideOf(1 / 0.7) == Side.Below)) open.Add($"{Laws[l].Label()}: β {beta}, late − ½·early {slow} not decided");
        }
        var figures = ctx.Figures.Written.ToList();
        if (against.Count > 0) return new ClaimOutcome(Verdict.Contradicted, string.Join("; ", against), metrics, notes) { Figures = figures };
        if (open.Count > 0) return new ClaimOutcome(Verdict.Inconclusive, string.Join("; ", open), metrics, notes) { Figures = figures };
        return new ClaimOutcome(Verdict.Confirmed,
            $"for all three laws the cover error decays geometrically on every half of n = {RateFrom}..{spec.CoverShortMax} ({string.Join(", ", found)} bits per sample over {trials.Count} paths, stable leaving any path out), so n*(ε) ≈ log₂(1/ε)/β = O(log 1/ε) down to ε ≈ 2^-{spec.CoverShortMax * 0.9:F0}",
            metrics, notes) { Figures = figures };
    }
}
