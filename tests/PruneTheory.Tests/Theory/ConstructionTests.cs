using FsCheck.Xunit;
using PruneTheory.Theory.Construction;
using Xunit;

namespace PruneTheory.Tests.Theory;

public class ConstructionTests
{
    /// <summary>ℓ₂ formula vs 10⁵ sphere points: never exceeded, attained at the formula's maximiser; model B error below it.</summary>
    [Property(MaxTest = 12)]
    public void L2_error_formula_is_the_sup_over_the_ball(int seed)
    {
        int d = 2 + (int)((uint)seed % 5), n = 6 + (int)((uint)seed % 7);
        var s = TheoryFixtures.Key(seed, "w*").Stream();
        var wStar = new double[d]; s.FillGaussian(wStar);
        double norm = Math.Sqrt(wStar.Sum(v => v * v)); for (int j = 0; j < d; j++) wStar[j] /= norm;
        var c = BlockConstruction.Build(TheoryFixtures.Key(seed, "net"), wStar, n);
        double formula = c.Error, sampled = 0;
        var x = new double[d];
        for (int i = 0; i < 100_000; i++)
        {
            s.FillGaussian(x);
            double r = Math.Sqrt(x.Sum(v => v * v)); for (int j = 0; j < d; j++) x[j] /= r;
            double t = Dot(wStar, x), h = c.Preactivation(x);
            sampled = Math.Max(sampled, Math.Abs(h - t));
            Assert.True(Math.Abs(Math.Max(0, h) - Math.Max(0, t)) <= formula + 1e-12);
        }
        Assert.True(sampled <= formula + 1e-12, $"sampled {sampled} > formula {formula}");
        foreach (int sign in new[] { 1, -1 })
        {
            // maximiser: per coordinate the side whose δ is larger (in sign direction), weights ∝ its positive part
            for (int j = 0; j < d; j++)
            {
                double a = sign * c.DeltaA[j], b = sign * c.DeltaB[j];
                x[j] = a >= b ? Math.Max(a, 0) : -Math.Max(b, 0);
            }
            double len = Math.Sqrt(x.Sum(v => v * v));
            if (len == 0) continue;
            for (int j = 0; j < d; j++) x[j] /= len;
            sampled = Math.Max(sampled, Math.Abs(c.Preactivation(x) - Dot(wStar, x)));
        }
        Assert.Equal(formula, sampled, 1e-9);
    }

    [Property(MaxTest = 10)]
    public void Construction_is_nested_in_units_per_block(int seed)
    {
        var key = TheoryFixtures.Key(seed, "nested");
        for (int k = 0; k < 5; k++) Assert.Equal(BlockConstruction.Unit(key, 1, k), BlockConstruction.Unit(key, 1, k));
        double[] w = [0.6, -0.8];
        // nesting makes every per-coordinate subset-sum error non-increasing; the ℓ₂ sup combines them with signs, so it need not be
        var (small, large) = (BlockConstruction.Build(key, w, 10), BlockConstruction.Build(key, w, 20));
        for (int j = 0; j < w.Length; j++)
        {
            Assert.True(Math.Abs(large.DeltaA[j]) <= Math.Abs(small.DeltaA[j]) + 1e-12);
            Assert.True(Math.Abs(large.DeltaB[j]) <= Math.Abs(small.DeltaB[j]) + 1e-12);
        }
    }

    private static double Dot(double[] a, double[] b) { double z = 0; for (int i = 0; i < a.Length; i++) z += a[i] * b[i]; return z; }
}
