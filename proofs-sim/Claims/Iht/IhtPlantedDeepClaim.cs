using PruneTheory.Experiments;
using PruneTheory.Random;
using PruneTheory.Sparse;

namespace PruneTheory.ProofsSim.Claims.Iht;

/// <summary>Spec iht-recovery §4 E1, two-hidden-layer variant; C# defaults = quick scale.</summary>
public sealed record IhtPlantedDeepSpec : ClaimSpec
{
    public int N { get; init; } = 2000;
    public int D { get; init; } = 20;
    public int[] Widths { get; init; } = [5, 10];
    public int[] Sparsities { get; init; } = [10, 20, 50, 100];
    /// <summary>Five instances: one cheap fit per replicate, and 35 paired runs are the fewest that can put a Wilson bound at 0.9.</summary>
    public int Seeds { get; init; } = 5;
    /// <summary>AIHT steps per layer (official num_epochs = 15 at full batch).</summary>
    public int Steps { get; init; } = 15;
    public int PatternPeriod { get; init; } = 1;
    public int[] ImpWidths { get; init; } = [5, 10];
    public int ImpEpochsPerRound { get; init; } = 15;

    protected override IEnumerable<string> Check() =>
        SpecChecks.AtLeast(N, 1, "n").Concat(SpecChecks.AtLeast(D, 1, "d")).Concat(SpecChecks.AtLeast(Seeds, 1, "seeds"))
            .Concat(SpecChecks.NonEmpty(Widths, "widths")).Concat(SpecChecks.AllAtLeast(Widths, 1, "widths"))
            .Concat(SpecChecks.NonEmpty(Sparsities, "sparsities")).Concat(SpecChecks.AllAtLeast(Sparsities, 2, "sparsities"))
            .Concat(SpecChecks.AtLeast(Steps, 1, "steps")).Concat(SpecChecks.AtLeast(PatternPeriod, 0, "pattern_period"))
            .Concat(SpecChecks.AllAtLeast(ImpWidths, 1, "imp_widths")).Concat(SpecChecks.AtLeast(ImpEpochsPerRound, 0, "imp_epochs_per_round"));

    /// <summary>(m, s, seed) of every trial; the official runner skips m² &lt; ⌊s/2⌋ ("more than dense" hidden layers).</summary>
    public IReadOnlyList<(int M, int S, int Seed)> Cells() =>
        (from m in Widths from s in Sparsities where s / 2 <= m * m from seed in Enumerable.Range(0, Seeds) select (m, s, seed)).ToList();
}

public sealed class IhtPlantedDeepClaim : Claim<IhtPlantedDeepSpec, IhtVariantTrial>
{
    private const double Margin = 0, Share = 0.9;

    public override string Id => "iht-planted-deep";
    public override string Title => "Planted two-hidden-layer networks: layer-wise IHT fits them at least as well as IMP";
    public override string Statement =>
        "On a planted s-sparse ReLU network with two hidden layers (⌊s/2⌋ nonzeros in W1 (d×m) and in W2 (m×m), y = 1ᵀrelu(relu(XW1)W2), " +
        "noiseless Gaussian X), AIHT trained layer by layer as the official code does (each layer a fused two-layer fit of y, budget ⌊s/2⌋) " +
        "reaches a PSNR at least IMP's in at least 90 % of the runs (Fridovich-Keil & Pilanci, arXiv 2509.20323, Fig. 1 with two hidden " +
        "layers: IHT \"more robust\" than IMP; spec iht-recovery E1 variants, C3).";

    public override string ReplicateUnit => "a planted two-layer instance (X, W1, W2 and gates from the instance seed), one per (m, s) cell and seed; AIHT and IMP share it";
    public override string Rule => IhtVariantSummary.RuleText(Margin, Share);

    public override string PaperRegime =>
        "n = 50 000, d = 100, two hidden layers, m ∈ {2, …, 1000}, s ∈ {10, …, 1000}, 15 full-batch AIHT steps per layer, IMP 15 Adam steps per round";

    public override IhtPlantedDeepSpec PresetFor(Scale s) => s == Scale.Paper
        ? new IhtPlantedDeepSpec { N = 50_000, D = 100, Widths = [2, 5, 10, 20, 50, 100, 200, 500, 1000], Sparsities = [10, 20, 50, 100, 200, 500, 1000],
            ImpWidths = [2, 5, 10, 20, 50, 100, 200, 500, 1000] }
        : new();

    public override int TrialCount(IhtPlantedDeepSpec spec) => spec.Cells().Count;

    public override IhtVariantTrial RunTrial(IhtPlantedDeepSpec spec, TrialContext ctx)
    {
        var (m, s, seed) = spec.Cells()[ctx.TrialIndex];
        var root = ctx.Root.FoldIn("iht-planted-deep");
        var inst = PlantedVariants.Deep(root, seed, spec.N, spec.D, m, s);
        if (inst.AllZeroLabels) return new(m, s, seed, true, double.NaN, false, null, 0);
        var res = LayerwiseAiht.Solve(inst.X, inst.Labels, m, 2, s, new AihtOptions { Sparsity = s / 2, Steps = spec.Steps, PatternPeriod = spec.PatternPeriod },
            inst.GateKey, ctx.InnerParallelOptions, ctx.Cancellation);
        ImpResult? imp = spec.ImpWidths.Contains(m)
            ? ImpBaseline.Run(inst.X, inst.Labels, root.FoldIn((ulong)seed).FoldIn("imp-init"),
                new ImpOptions { Sparsity = s, Width = m, Hidden = 2, EpochsPerRound = spec.ImpEpochsPerRound }, cancel: ctx.Cancellation)
            : null;
        return new(m, s, seed, false, res.Psnr, res.Diverged, res.DivergenceReason, res.Layers[0].Weights.NonZeros, imp?.FinalScore, imp?.Rounds.Count);
    }

    public override ClaimOutcome Summarize(IhtPlantedDeepSpec spec, IReadOnlyList<IhtVariantTrial> trials, SummaryContext ctx) =>
        IhtVariantSummary.Summarize(Id, "2 layers", spec.Widths, spec.Sparsities, trials, Margin, Share, ctx);

    public override IReadOnlyList<IhtVariantTrial>? SyntheticTrials(IhtPlantedDeepSpec spec, bool claimHolds, RandomStream rng) =>
        IhtVariantSummary.Synthetic(spec.Cells(), spec.ImpWidths, claimHolds, rng);
}
