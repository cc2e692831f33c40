using PruneTheory.Experiments;
using PruneTheory.Random;
using PruneTheory.Sparse;

namespace PruneTheory.ProofsSim.Claims.Iht;

/// <summary>Spec iht-recovery §4 E3 (pattern-update period); C# defaults = quick scale.</summary>
public sealed record IhtAblationSpec : ClaimSpec
{
    public int N { get; init; } = 5_000;
    public int D { get; init; } = 20;
    public int Width { get; init; } = 10;
    public int Sparsity { get; init; } = 100;
    public int Steps { get; init; } = 100;

    /// <summary>Planted instances (the replicates); every period runs on the same instances.</summary>
    public int Seeds { get; init; } = 3;

    /// <summary>Pattern-update periods k; 0 = never (fixed random gates).</summary>
    public int[] Periods { get; init; } = [1, 2, 5, 0];

    protected override IEnumerable<string> Check() =>
        SpecChecks.AtLeast(N, 1, "n").Concat(SpecChecks.AtLeast(D, 1, "d")).Concat(SpecChecks.AtLeast(Width, 1, "width"))
            .Concat(SpecChecks.AtLeast(Sparsity, 1, "sparsity")).Concat(SpecChecks.AtLeast(Steps, 1, "steps"))
            .Concat(SpecChecks.AtLeast(Seeds, 1, "seeds")).Concat(SpecChecks.NonEmpty(Periods, "periods"))
            .Concat(SpecChecks.AllAtLeast(Periods, 0, "periods"));

    public (int Period, int Seed) Trial(int index) => (Periods[index / Seeds], index % Seeds);

    /// <summary>The step the paper reports (100), or the last one of a shorter run.</summary>
    public int RuleStep => Math.Min(100, Steps);
}

/// <summary>Per-step PSNR and support-changed flags of one (k, instance) run.</summary>
public sealed record IhtAblationTrial(int Period, int Seed, bool SkippedZeroLabels, double[] Psnr, bool[] SupportChanged, bool Diverged, string? DivergenceReason)
{
    /// <summary>Table 2's convergence step: first step after which the support never changes again (−1 if it changes at the last step).</summary>
    public int SupportConvergedStep
    {
        get
        {
            int last = Array.LastIndexOf(SupportChanged, true);
            return last == SupportChanged.Length - 1 ? -1 : last + 1;
        }
    }
}

public sealed class IhtAblationClaim : Claim<IhtAblationSpec, IhtAblationTrial>
{
    public override string Id => "iht-ablation";
    public override string Title => "Pattern updates every k < 5 steps reach numerical precision; rare or no updates stall";
    public override string Statement =>
        "With one hidden layer, d = 100, m = 10, s = 500 and 100 AIHT steps, updating the activation patterns every k = 1 or 2 " +
        "steps reaches > 160 dB, k = 5 reaches about 37 dB, and never updating (fixed random gates) about 20 dB " +
        "(Fridovich-Keil & Pilanci, arXiv 2509.20323, Table 2: >160, >160, 36.63, 19.88 dB; spec iht-recovery E3; n = 50 000 as in the spec's paper scale).";

    public override string PaperRegime =>
        "one hidden layer, n = 50 000 Gaussian samples, d = 100, m = 10, s = 500, PSNR at step T = 100, k ∈ {1, 2, 5, never}";

    public override string ReplicateUnit => "a planted instance (X, W, gates from the instance seed); every k runs on the same instances (common random numbers)";

    public override string Rule =>
        "per k, the final PSNR (step 100, capped at 200 dB: numerical precision; a diverged run counts as 0 dB) over instances: " +
        "mean with Student-t 95 % CI and leave-one-out means (ReplicateMean.SideOf). k = 1, 2 hold when stably above 160 dB and fail " +
        "when stably below; k = 5 holds when stably inside [30, 45] dB and fails when stably outside; never holds when stably below " +
        "25 dB and fails when stably above. Confirmed: every k holds; contradicted: some k fails; otherwise inconclusive.";

    public override IhtAblationSpec PresetFor(Scale s) => s == Scale.Paper
        ? new IhtAblationSpec { N = 50_000, D = 100, Width = 10, Sparsity = 500, Steps = 100, Seeds = 8 }
        : new();

    public override int TrialCount(IhtAblationSpec spec) => spec.Periods.Length * spec.Seeds;

    public override IhtAblationTrial RunTrial(IhtAblationSpec spec, TrialContext ctx)
    {
        var (k, seed) = spec.Trial(ctx.TrialIndex);
        // Same planted data for every k (common random numbers): the key does not depend on k.
        var inst = PlantedInstance.Generate(ctx.Root.FoldIn("iht-ablation"), seed, spec.N, spec.D, spec.Width, spec.Sparsity);
        if (inst.AllZeroLabels) return new(k, seed, true, [], [], false, null);
        var op = inst.Operator();
        op.Parallelism = ctx.InnerParallelOptions;
        op.Provider = ctx.Backend;
        var res = Aiht.Solve(op, inst.Labels, new AihtOptions { Sparsity = spec.Sparsity, Steps = spec.Steps, PatternPeriod = k }, ctx.Cancellation);
        return new(k, seed, false, res.Trace.Select(t => t.Psnr).ToArray(), res.Trace.Select(t => t.SupportChanged).ToArray(),
            res.Diverged, res.DivergenceReason);
    }

    public override ClaimOutcome Summarize(IhtAblationSpec spec, IReadOnlyList<IhtAblationTrial> trials, SummaryContext ctx) =>
        IhtAblationSummary.Summarize(spec, trials, ctx);

    /// <summary>
    /// Holds: Table 2's world (k ≤ 2 at numerical precision, 240–270 dB as measured at n = 50 000; k = 5 at 36.6 dB;
    /// never at 19.9 dB), instance noise as measured (sd 10, 3, 0.5 dB). Fails: pattern updates do not matter, every k
    /// stalls like k = 5.
    /// </summary>
    public override IReadOnlyList<IhtAblationTrial>? SyntheticTrials(IhtAblationSpec spec, bool claimHolds, RandomStream rng)
    {
        var list = new List<IhtAblationTrial>();
        for (int i = 0; i < TrialCount(spec); i++)
        {
            var (k, seed) = spec.Trial(i);
            (double mean, double sd) = (claimHolds, k) switch
            {
                (true, 1 or 2) => (255.0, 10.0),
                (_, 0) => (19.9, 0.5),
                _ => (36.6, 3.0),
            };
            double final = mean + sd * rng.NextGaussian();
            var psnr = Enumerable.Range(1, spec.Steps).Select(t => final * t / spec.Steps).ToArray();
            int settle = rng.NextInt(spec.Steps);
            var changed = Enumerable.Range(0, spec.Steps).Select(t => t < settle).ToArray();
            list.Add(new IhtAblationTrial(k, seed, false, psnr, changed, false, null));
        }
        return list;
    }
}
