using FsCheck.Xunit;
using PruneTheory.Theory.Relu2D;
using PruneTheory.Theory.SubsetSum;
using Xunit;

namespace PruneTheory.Tests.Theory;

public class NestingTests
{
    [Property(MaxTest = 20)]
    public void Network_of_width_n_is_a_prefix_of_a_wider_one(int seed)
    {
        var key = TheoryFixtures.Key(seed, "nest");
        var small = NestedNetwork.Sample(key, 5, 2); var big = NestedNetwork.Sample(key, 13, 6);
        for (int k = 0; k < 5; k++)
        {
            Assert.Equal(small.Alpha[k], big.Alpha[k]);
            Assert.Equal(small.W[k], big.W[k][..2]);
        }
        Assert.Equal(NestedNetwork.Sample(key, 13, 6).Alpha, big.Alpha);
    }

    [Property(MaxTest = 20)]
    public void Subset_sum_samples_are_nested(int seed)
    {
        var key = TheoryFixtures.Key(seed, "rss");
        foreach (var law in Enum.GetValues<RssDistribution>())
            Assert.Equal(RssSamples.Draw(key, 4, law), RssSamples.Draw(key, 9, law)[..4]);
    }

    /// <summary>Slice i of the d-dim network is the network restricted to the plane (e_2i, e_2i+1); errors are homogeneous.</summary>
    [Property(MaxTest = 30)]
    public void Slice_error_equals_network_error_and_scales_linearly(int seed, double rawR)
    {
        int d = 6, n = 7;
        var net = NestedNetwork.Sample(TheoryFixtures.Key(seed, "slice"), n, d);
        var ws = TheoryFixtures.Key(seed, "w*").Stream(); var wStar = new double[d]; ws.FillGaussian(wStar);
        double norm = Math.Sqrt(wStar.Sum(v => v * v)); for (int j = 0; j < d; j++) wStar[j] /= norm;
        var s = TheoryFixtures.Subset(seed, n);
        double r = double.IsFinite(rawR) ? Math.Abs(rawR % 5) : 1;
        for (int i = 0; i < d / 2; i++)
        {
            var p = net.Slice(i, wStar);
            double t = ws.NextUniform(0, 2 * Math.PI);
            var x = new double[d]; x[2 * i] = Math.Cos(t); x[2 * i + 1] = Math.Sin(t);
            Assert.Equal(p.Error(t, s), NetworkError(net, wStar, s, x, 1), 1e-12);
            Assert.Equal(r * NetworkError(net, wStar, s, x, 1), NetworkError(net, wStar, s, x, r), 1e-12 * (1 + r));
        }
    }

    private static double NetworkError(NestedNetwork net, double[] wStar, bool[] s, double[] x, double scale)
    {
        double Dot(double[] w) { double z = 0; for (int j = 0; j < x.Length; j++) z += w[j] * x[j] * scale; return z; }
        double g = 0;
        for (int k = 0; k < net.N; k++) if (s[k]) g += net.Alpha[k] * Math.Max(0, Dot(net.W[k]));
        return Math.Max(0, Dot(wStar)) - g;
    }
}
