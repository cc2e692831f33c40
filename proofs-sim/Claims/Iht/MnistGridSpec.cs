using PruneTheory.Experiments;

namespace PruneTheory.ProofsSim.Claims.Iht;

/// <summary>
/// The grid the MNIST IHT claims share: class-balanced train/test split, minibatch schedule, widths m,
/// sparsities s, seeds, and the widths where IMP also runs. Each claim sets its own defaults (the quick scale).
/// </summary>
public abstract record MnistGridSpec : ClaimSpec
{
    public int TrainPerClass { get; init; }
    public int TestPerClass { get; init; } = 150;
    public int BatchSize { get; init; }
    public int Epochs { get; init; }
    public int[] Widths { get; init; } = [];
    public int[] Sparsities { get; init; } = [];
    public int Seeds { get; init; } = 3;
    public int[] ImpWidths { get; init; } = [];

    protected override IEnumerable<string> Check() =>
        SpecChecks.AtLeast(TrainPerClass, 1, "train_per_class").Concat(SpecChecks.AtLeast(TestPerClass, 1, "test_per_class"))
            .Concat(SpecChecks.AtLeast(BatchSize, 1, "batch_size")).Concat(SpecChecks.AtLeast(Epochs, 1, "epochs"))
            .Concat(SpecChecks.NonEmpty(Widths, "widths")).Concat(SpecChecks.AllAtLeast(Widths, 1, "widths"))
            .Concat(SpecChecks.NonEmpty(Sparsities, "sparsities")).Concat(SpecChecks.AllAtLeast(Sparsities, 1, "sparsities"))
            .Concat(SpecChecks.AtLeast(Seeds, 1, "seeds")).Concat(SpecChecks.AllAtLeast(ImpWidths, 1, "imp_widths"));
}
