using PruneTheory.Random;
using PruneTheory.Theory.Relu2D;

namespace PruneTheory.Tests.Theory;

/// <summary>Random instances for the property tests, all from Philox keys of an FsCheck-chosen seed.</summary>
internal static class TheoryFixtures
{
    public static RngKey Key(int seed, string label) => RngKey.FromSeed((ulong)(uint)seed).FoldIn(label);

    public static CircleProblem Problem(int seed, int n)
    {
        var key = Key(seed, "problem");
        double phi = key.FoldIn("phi").Stream().NextUniform(0, 2 * Math.PI);
        return NestedNetwork.Sample(key, n, 2).Circle(phi);
    }

    public static bool[] Subset(int seed, int n)
    {
        var s = Key(seed, "subset").Stream();
        return Enumerable.Range(0, n).Select(_ => s.NextDouble() < 0.5).ToArray();
    }

    public static bool[] Mask(ulong bits, int n) => Enumerable.Range(0, n).Select(k => (bits >> k & 1) != 0).ToArray();

    /// <summary>Exact E*_N by P1 on all 2^N subsets (reference for small N).</summary>
    public static (double Value, ulong Mask) BruteForce(ArcVerifier v)
    {
        int n = v.Problem.N;
        (double, ulong) best = (double.PositiveInfinity, 0);
        for (ulong m = 0; m < 1UL << n; m++)
        {
            double e = v.Evaluate(Mask(m, n)).Value;
            if (e < best.Item1) best = (e, m);
        }
        return best;
    }
}
