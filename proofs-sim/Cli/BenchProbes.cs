using MathNet.Numerics.LinearAlgebra;
using PruneTheory.Numerics;
using PruneTheory.Random;
using PruneTheory.Theory.Relu2D;
using PruneTheory.Theory.Selection;
using PruneTheory.Theory.SubsetSum;

namespace PruneTheory.ProofsSim.Cli;

/// <summary>Probes of the domain kernels (GEMM, Gray-code search, subset sums, IHT) shown by `bench`.</summary>
public static class BenchProbes
{
    public static IEnumerable<BenchCommand.Probe> All() => Gemm().Concat(Theory());

    private static IEnumerable<BenchCommand.Probe> Gemm()
    {
        foreach (int n in new[] { 256, 512, 1024 })
        {
            var (a, b) = Operands(n);
            var c = new float[n * n];
            yield return new BenchCommand.Probe($"SIMD GEMM float {n}³", 2.0 * n * n * n / 1e9, "GFLOP/s",
                () => PruneTheory.Numerics.Gemm.Multiply(false, false, n, n, n, 1f, a, b, 0f, c));
        }
        const int m = 512;
        var (x, y) = Operands(m);
        var mx = Matrix<float>.Build.Dense(m, m, x);
        var my = Matrix<float>.Build.Dense(m, m, y);
        yield return new BenchCommand.Probe($"MathNet product float {m}³ (reference)", 2.0 * m * m * m / 1e9, "GFLOP/s", () => _ = mx * my);
    }

    private static IEnumerable<BenchCommand.Probe> Theory()
    {
        var grid = new QuantizedGrid(NestedNetwork.Sample(RngKey.FromSeed(1), 20, 2).Circle(0.3), 512);
        yield return new BenchCommand.Probe("Gray-code subset search N = 20", (1L << 20) * (double)grid.M, "updates/s",
            () => GrayCodeSearch.Search(grid, 64));
        var x24 = RssSamples.Draw(RngKey.FromSeed(2), 24, RssDistribution.Uniform);
        yield return new BenchCommand.Probe("exact subset-sum cover error n = 24", 1, "calls/s", () => SubsetSumError.Cover(x24));
        var x40 = RssSamples.Draw(RngKey.FromSeed(3), 40, RssDistribution.GaussianProduct);
        yield return new BenchCommand.Probe("meet-in-the-middle single target n = 40", 1, "calls/s", () => SubsetSumError.SingleTarget(x40, 0.3));
    }

    private static (float[] A, float[] B) Operands(int n)
    {
        var rng = RngKey.FromSeed(1).FoldIn("bench-gemm").Stream();
        var a = new float[n * n];
        var b = new float[n * n];
        rng.FillGaussian(a);
        rng.FillGaussian(b);
        return (a, b);
    }
}
