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
