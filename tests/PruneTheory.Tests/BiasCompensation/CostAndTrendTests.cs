using PruneTheory.ProofsSim.Claims.BiasCompensation;
using PruneTheory.Pruning.BiasCompensation;
using PruneTheory.Random;
using Xunit;

namespace PruneTheory.Tests.BiasCompensation;

/// <summary>Issue 17 item 10: the scoring cost counted in multiply-adds, and the noise-trend rule on hand-made replicates.</summary>
public sealed class CostAndTrendTests
{
    private static (Mlp Net, CalibrationSet Calib) Net(int dOut, int n = 300)
    {
        int[] sizes = [6, 16, 12, dOut];
        var s = RngKey.FromSeed(5).Stream();
        var w = Enumerable.Range(0, 3).Select(l => Enumerable.Range(0, sizes[l] * sizes[l + 1]).Select(_ => s.NextGaussian() / Math.Sqrt(sizes[l])).ToArray()).ToArray();
        var b = Enumerable.Range(0, 3).Select(l => Enumerable.Range(0, sizes[l + 1]).Select(_ => 0.1 * s.NextGaussian()).ToArray()).ToArray();
        var x = Enumerable.Range(0, n * 6).Select(_ => s.NextUniform(-1, 1)).ToArray();
        var y = Enumerable.Range(0, n * dOut).Select(_ => s.NextGaussian()).ToArray();
        return (new Mlp(sizes, w, b, HiddenActivation.Tanh), new CalibrationSet(x, y, n, 6, dOut, CalibrationLoss.HalfSquaredError));
    }

    private static double Backprops(string method, int dOut)
    {
        var (net, calib) = Net(dOut);
        var (_, macs) = MacCounter.Measure(() => PruningMethods.Create(method, RngKey.FromSeed(1)).Score(net, calib));
        return macs / (double)MacCounter.OneBackprop(net.Sizes, calib.Count);
    }

    [Fact]
    public void OneBackpropCountsForwardWeightGradientsAndDeltas() =>
        Assert.Equal(10L * (2 * (6 * 16 + 16 * 12 + 12 * 3) + (16 * 12 + 12 * 3)), MacCounter.OneBackprop([6, 16, 12, 3], 10));

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void ExactEcCostsOneForwardDOutDeltaPassesAndTheStatistics(int dOut)
    {
        // forward P, d_out δ passes through the layers below the output (P_below each), M1 and M2 (2P): dense inputs here
        long p = 6 * 16 + 16 * 12 + 12 * dOut, below = 16 * 12 + 12 * dOut;
        Assert.Equal((3 * p + dOut * below) / (double)(2 * p + below), Backprops("ec", dOut), 12);
        Assert.Equal(0, Backprops("magnitude", dOut));
        Assert.Equal(1, Backprops("gradmagnitude", dOut), 12);   // the loss gradient is one backprop by definition
    }

    [Fact]
    public void CountsAreThreadCountInvariantAndNotMixedAcrossFlows()
    {
        var (net, calib) = Net(3);
        long Count() => MacCounter.Measure(() => PruningMethods.Create("ec", default).Score(net, calib)).Macs;
        long alone = Count();
        var both = new long[2];
        Parallel.For(0, 2, i => both[i] = Count());
        Assert.Equal([alone, alone], both);
    }

    private static MethodCurve Curve(string name, double rel) => new(name, [1], [0], [double.NaN], [rel], [0], [0], [0.9]);

    private static List<(int, double, MethodCurve[])> Replicates(Func<int, double, double> gain)
    {
        var list = new List<(int, double, MethodCurve[])>();
        for (int seed = 0; seed < 5; seed++)
            foreach (double eta in new[] { 0, 0.01, 0.05, 0.1 })
                list.Add((seed, eta, [Curve("EC", 0.2), Curve("Magnitude", 0.2 * Math.Exp(gain(seed, eta)))]));
        return list;
    }

    [Theory]
    [InlineData(-5.0, TrendResult.Declines)]
    [InlineData(0.0, TrendResult.Flat)]
    [InlineData(5.0, TrendResult.Grows)]
    public void TrendFollowsTheSlopeOfTheLogGain(double slope, TrendResult expected)
    {
        var noise = RngKey.FromSeed(11).Stream();   // per-network scatter of the gain, sd 0.05
        var trends = NoiseTrend.Of(Replicates((_, eta) => 0.5 + slope * eta + 0.05 * noise.NextGaussian()), [0.9], [0.9], ["Magnitude"]);
        var t = Assert.Single(trends);
        Assert.Equal(expected, t.Result);
    }

    [Fact]
    public void OneNoiseLevelGivesNoTrend() =>
        Assert.Empty(NoiseTrend.Of(Replicates((_, _) => 0.5).Where(r => r.Item2 == 0).ToList(), [0.9], [0.9], ["Magnitude"]));
}
