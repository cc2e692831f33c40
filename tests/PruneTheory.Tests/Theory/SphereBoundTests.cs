using FsCheck.Xunit;
using PruneTheory.Theory.Relu2D;
using PruneTheory.Theory.Sphere;
using Xunit;

namespace PruneTheory.Tests.Theory;

/// <summary>The full-sphere bracket (issue 18 item 2): exact in d = 2, above every sampled point and every slice in d = 3, 4, 6.</summary>
public class SphereBoundTests
{
    private static (double[] WStar, double[][] W, double[] Alpha, NestedNetwork Net, bool[] S) Instance(int seed, int d, int n)
    {
        var net = NestedNetwork.Sample(TheoryFixtures.Key(seed, "sphere"), n, d);
        var s = TheoryFixtures.Subset(seed, n);
        var wStar = new double[d]; TheoryFixtures.Key(seed, "sphere-w*").Stream().FillGaussian(wStar);
        double norm = Math.Sqrt(wStar.Sum(v => v * v)); for (int i = 0; i < d; i++) wStar[i] /= norm;
        var kept = Enumerable.Range(0, n).Where(k => s[k]).ToArray();
        return (wStar, kept.Select(k => net.W[k]).ToArray(), kept.Select(k => net.Alpha[k]).ToArray(), net, s);
    }

    [Property(MaxTest = 20)]
    public void Two_dimensional_bracket_contains_the_exact_arc_value(int seed)
    {
        var (wStar, w, alpha, net, s) = Instance(seed, 2, 1 + (int)((uint)seed % 12));
        double exact = new ArcVerifier(net.Slices(wStar)[0]).Evaluate(s).Value;
        var b = SphereBound.Solve(wStar, w, alpha, 0.01);
        Assert.InRange(exact, b.Lower - 1e-12, b.Upper + 1e-12);
        Assert.True(b.Upper <= b.Lower * 1.01 + 1e-12, $"not closed: [{b.Lower}, {b.Upper}] after {b.Cells} cells");
    }

    [Property(MaxTest = 12)]
    public void Bracket_is_above_sampled_points_and_every_slice(int seed)
    {
        int d = new[] { 3, 4, 6 }[(uint)seed % 3];
        var (wStar, w, alpha, net, s) = Instance(seed, d, 2 + (int)((uint)seed % 10));
        var b = SphereBound.Solve(wStar, w, alpha, 0.05, maxCells: 100_000);
        Assert.True(b.Lower <= b.Upper);
        var rng = TheoryFixtures.Key(seed, "sphere-sample").Stream();
        var x = new double[d];
        for (int i = 0; i < 20_000; i++)
        {
            rng.FillGaussian(x);
            double r = Math.Sqrt(x.Sum(v => v * v)), e = Math.Max(0, Dot(wStar, x) / r);
            for (int k = 0; k < w.Length; k++) e -= alpha[k] * Math.Max(0, Dot(w[k], x) / r);
            Assert.True(Math.Abs(e) <= b.Upper + 1e-12, $"sampled {Math.Abs(e)} above the certified upper bound {b.Upper}");
        }
        // every slice is a great circle of the sphere: its exact error cannot exceed the sphere's
        foreach (var slice in net.Slices(wStar)) Assert.True(new ArcVerifier(slice).Evaluate(s).Value <= b.Upper + 1e-12);
    }

    private static double Dot(double[] a, double[] b) { double t = 0; for (int i = 0; i < a.Length; i++) t += a[i] * b[i]; return t; }
}
