using PruneTheory.Networks;
using PruneTheory.Random;
using Xunit;

namespace PruneTheory.Tests.Networks;

public class BatchNormTests
{
    private static Tensor Batch(int n, int c, ulong seed, float shift = 3f, float scale = 2f)
    {
        var x = GradCheck.Random(RngKey.FromSeed(seed), n, c);
        for (int i = 0; i < x.Length; i++) x.Data[i] = shift + scale * x.Data[i];
        return x;
    }

    [Fact]
    public void TrainingNormalisesWithBatchStatisticsAndUpdatesRunningStats()
    {
        var bn = new BatchNorm1d(3);
        bn.Gamma.Value.Data[1] = 2f; bn.Beta.Value.Data[1] = -1f;
        var x = Batch(50, 3, 1);
        var y = bn.Forward(x, training: true);
        for (int ch = 0; ch < 3; ch++)
        {
            var col = Enumerable.Range(0, 50).Select(i => (double)x.Data[i * 3 + ch]).ToArray();
            double mean = col.Average(), varB = col.Select(v => (v - mean) * (v - mean)).Sum() / 50, varU = varB * 50 / 49;
            var yc = Enumerable.Range(0, 50).Select(i => (double)y.Data[i * 3 + ch]).ToArray();
            double g = bn.Gamma.Value.Data[ch], b = bn.Beta.Value.Data[ch];
            Assert.Equal(b, yc.Average(), 5);
            Assert.Equal(g * g * varB / (varB + 1e-5), yc.Select(v => (v - yc.Average()) * (v - yc.Average())).Sum() / 50, 4);
            Assert.Equal(0.1 * mean, bn.RunningMean.Data[ch], 5);
            Assert.Equal(0.9 + 0.1 * varU, bn.RunningVar.Data[ch], 5);
        }
    }

    [Fact]
    public void EvalUsesRunningStatisticsAndIsPerSample()
    {
        var bn = new BatchNorm2d(2);
        for (int s = 0; s < 5; s++) bn.Forward(GradCheck.Random(RngKey.FromSeed((ulong)s), 4, 2, 3, 3), training: true);
        var mean = (float[])bn.RunningMean.Data.Clone(); var variance = (float[])bn.RunningVar.Data.Clone();
        var x = GradCheck.Random(RngKey.FromSeed(9), 3, 2, 3, 3);
        var yAll = bn.Forward(x, training: false);
        Assert.Equal(mean, bn.RunningMean.Data);   // eval never updates the running statistics
        Assert.Equal(variance, bn.RunningVar.Data);
        var ySingle = bn.Forward(new Tensor([1, 2, 3, 3], x.Data[..18]), training: false);
        Assert.Equal(yAll.Data[..18], ySingle.Data);
        for (int i = 0; i < 18; i++)
        {
            int ch = i / 9;
            double expect = (x.Data[i] - mean[ch]) / Math.Sqrt(variance[ch] + 1e-5);
            Assert.Equal(expect, yAll.Data[i], 5);
        }
        var yTrain = bn.Forward(x, training: true);
        Assert.NotEqual(yAll.Data, yTrain.Data); // training mode depends on the batch, not the running stats
    }

    [Fact]
    public void RunningStatsConvergeToPopulationStatistics()
    {
        var bn = new BatchNorm1d(1);
        for (int s = 0; s < 200; s++) bn.Forward(Batch(64, 1, (ulong)s + 100), training: true);
        Assert.InRange(bn.RunningMean.Data[0], 2.7, 3.3);   // N(3, 2²)
        Assert.InRange(bn.RunningVar.Data[0], 3.2, 4.8);
    }

    [Fact]
    public void TrainingWithOneValuePerChannelIsRejected() =>
        Assert.Throws<ArgumentException>(() => new BatchNorm1d(2).Forward(new Tensor(1, 2), training: true));
}
