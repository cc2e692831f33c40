using PruneTheory.Random;
using PruneTheory.Sparse;
using Xunit;

namespace PruneTheory.Tests.Sparse;

public class ImpBaselineTests
{
    [Theory]
    [InlineData(3, 4)]
    [InlineData(2, 1)]
    public void PrunesTenPercentOfRemainingPerRoundAndStopsAtTheBudget(int m, int s)
    {
        var inst = PlantedInstance.Generate(RngKey.FromSeed(4), 0, 200, 6, m, s);
        var res = ImpBaseline.Run(inst.X, inst.Labels, RngKey.FromSeed(4).FoldIn("init"), new ImpOptions { Sparsity = s, Width = m, EpochsPerRound = 3 });
        int remaining = 6 * m + m; // first layer + trainable output layer, no bias
        foreach (var r in res.Rounds)
        {
            remaining -= Math.Max(1, (int)Math.Round(0.1 * remaining, MidpointRounding.ToEven));
            Assert.Equal(remaining, r.Remaining);
            Assert.True(double.IsFinite(r.Score));
        }
        Assert.True(res.FinalRemaining <= s);
        Assert.True(res.Rounds.Count == 1 || res.Rounds[^2].Remaining > s, "reports the first round at or below the budget");
        Assert.Equal(ImpMemoryModel.Bytes(6, m), res.DenseBytes);
    }

    [Fact]
    public void ClassificationHasCOutputsLearnsWithCrossEntropyAndNeedsAnEvaluator()
    {
        int n = 300, d = 5, c = 3;
        var x = DesignMatrix.Gaussian(RngKey.FromSeed(7), n, d);
        var labels = Enumerable.Range(0, n).Select(i => (double)Enumerable.Range(0, c).MaxBy(k => x[i, k])).ToArray();
        var model0 = ImpBaseline.Build(d, 8, 1, RngKey.FromSeed(1), c);
        Assert.Equal(d * 8 + 8 * c, model0.Parameters.Sum(p => p.Value.Length));
        var inputs = new PruneTheory.Networks.Tensor(n, d);
        for (int r = 0; r < n; r++) for (int i = 0; i < d; i++) inputs.Data[r * d + i] = (float)x[r, i];
        double Eval(PruneTheory.Networks.Sequential model) =>
            VectorOutputAiht.Accuracy(model.Forward(inputs, training: false).Data.Select(v => (double)v).ToArray(), labels.Select(v => (int)v).ToArray(), c);
        var o = new ImpOptions { Sparsity = 30, Width = 8, Classes = c, EpochsPerRound = 200 };
        var res = ImpBaseline.Run(x, labels, RngKey.FromSeed(1), o, Eval);
        Assert.True(res.Rounds[0].Score > 0.8, $"first-round train accuracy {res.Rounds[0].Score}");
        Assert.Equal(64 - 6, res.Rounds[0].Remaining); // 64 weights, round-half-even(6.4) = 6 pruned in round 0
        Assert.Throws<ArgumentException>(() => ImpBaseline.Run(x, labels, RngKey.FromSeed(1), o));
        Assert.Throws<ArgumentException>(() => ImpBaseline.Run(x, labels.Select(v => v + 0.5).ToArray(), RngKey.FromSeed(1), o, Eval));
    }

    [Fact]
    public void IsDeterministic()
    {
        var inst = PlantedInstance.Generate(RngKey.FromSeed(4), 1, 150, 5, 3, 3);
        ImpResult Run() => ImpBaseline.Run(inst.X, inst.Labels, RngKey.FromSeed(9), new ImpOptions { Sparsity = 3, Width = 3, EpochsPerRound = 4 });
        Assert.Equal(Run().Rounds, Run().Rounds);
    }

    [Fact]
    public void TwoHiddenLayersCountTheSquareLayer()
    {
        var model = ImpBaseline.Build(4, 3, 2, RngKey.FromSeed(1));
        Assert.Equal(4 * 3 + 3 * 3 + 3, model.Parameters.Sum(p => p.Value.Length));
    }
}
