using FsCheck.Xunit;
using PruneTheory.Theory.Relu2D;
using Xunit;

namespace PruneTheory.Tests.Theory;

public class ArcVerifierTests
{
    private const int Grid = 200_000;

    [Property(MaxTest = 40)]
    public void Exact_max_matches_dense_grid_and_its_argmax(int seed, bool modelB, bool cube)
    {
        int n = 1 + (int)((uint)seed % 12);
        var p = TheoryFixtures.Problem(seed, n);
        var s = TheoryFixtures.Subset(seed, n);
        var arch = modelB ? Arch.B : Arch.A; var domain = cube ? Domain.Cube : Domain.Ball;
        var exact = new ArcVerifier(p, arch, domain).Evaluate(s);
        double grid = 0;
        for (int j = 0; j < Grid; j++)
        {
            double t = 2 * Math.PI * j / Grid;
            grid = Math.Max(grid, Math.Abs(p.Error(t, s, arch)) * CircleProblem.DomainWeight(t, domain));
        }
        double scale = 1 + p.C.Select(Math.Abs).Sum();
        Assert.True(grid <= exact.Value + 1e-12 * scale, $"grid {grid} above exact {exact.Value}");
        Assert.True(exact.Value - grid <= 3 * scale * 2 * Math.PI / Grid, $"exact {exact.Value} far above grid {grid}");
        double atArgmax = Math.Abs(p.Error(exact.Theta, s, arch)) * CircleProblem.DomainWeight(exact.Theta, domain);
        Assert.Equal(exact.Value, atArgmax, 1e-9 * scale);
    }

    [Property(MaxTest = 30)]
    public void Empty_subset_gives_sup_f(int seed, bool modelB)
    {
        var p = TheoryFixtures.Problem(seed, 5);
        var e = new ArcVerifier(p, modelB ? Arch.B : Arch.A).Evaluate(new bool[5]).Value;
        Assert.Equal(1.0, e, 1e-12);
    }

    [Property(MaxTest = 25)]
    public void Optimum_is_never_below_the_analytic_bound(int seed)
    {
        int n = 2 + (int)((uint)seed % 9);
        var v = new ArcVerifier(TheoryFixtures.Problem(seed, n));
        var (best, _) = TheoryFixtures.BruteForce(v);
        Assert.True(best >= AnalyticBound.LowerBound(v.Problem) - 1e-12, $"E* {best} < LB {AnalyticBound.LowerBound(v.Problem)}");
        Assert.True(best <= 1 + 1e-12);
    }

    [Fact]
    public void Delta_star_matches_the_spec_table()
    {
        double[] eps = [0.1, 0.05, 0.02, 0.01, 0.005];
        double[] delta = [0.3948, 0.1993, 0.0800, 0.0400, 0.0200];   // 2·atan(2ε), the (r/2)·tan(δ/2) bound
        double[] nHalf = [2.4, 5.1, 13.3, 26.9, 54.1];
        for (int i = 0; i < eps.Length; i++)
        {
            double ds = AnalyticBound.DeltaStar(eps[i]);
            Assert.Equal(delta[i], ds, 0.0006);
            double n = Math.Log(0.5) / Math.Log(1 - 2 * ds / Math.PI);
            Assert.Equal(nHalf[i], n, 0.1 * nHalf[i] / 10 + 0.06);
        }
        Assert.Equal(Math.PI / 2, AnalyticBound.DeltaStar(0.6));   // vacuous only for ε > r/2
        Assert.True(AnalyticBound.DeltaStar(0.3) < Math.PI / 2);
    }
}
