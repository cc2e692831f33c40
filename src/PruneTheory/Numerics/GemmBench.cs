using System.Diagnostics;
using MathNet.Numerics.LinearAlgebra;
using PruneTheory.Random;

namespace PruneTheory.Numerics;

/// <summary>One row of the quick GEMM table: GFLOP/s (2n³ flops per product, best of the repeats).</summary>
public sealed record GemmBenchResult(int N, double OursGflops, double MathNetGflops);

/// <summary>
/// Plain stopwatch measurement of square n×n×n products, for the CLI's quick `bench` table
/// (BenchmarkDotNet classes in bench/ give the careful numbers). Takes the best of
/// <paramref name="repeats"/> runs after one warm-up; MathNet is timed once per repeat as well.
/// </summary>
public static class GemmBench
{
    public static GemmBenchResult Measure(int n, int repeats = 3, bool includeMathNet = true)
    {
        if (n <= 0 || repeats <= 0) throw new ArgumentException($"GemmBench needs n > 0 and repeats > 0 (n={n}, repeats={repeats})");
        var rng = RngKey.FromSeed(1).FoldIn("gemm-bench").Stream();
        var a = new float[n * n]; var b = new float[n * n]; var c = new float[n * n];
        rng.FillGaussian(a); rng.FillGaussian(b);
        double flops = 2.0 * n * n * n;
        Gemm.Multiply(false, false, n, n, n, 1f, a, b, 0f, c);
        double best = double.MaxValue;
        for (int r = 0; r < repeats; r++)
        {
            var sw = Stopwatch.StartNew();
            Gemm.Multiply(false, false, n, n, n, 1f, a, b, 0f, c);
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        double mathNet = double.NaN;
        if (includeMathNet)
        {
            var ma = Matrix<float>.Build.Dense(n, n, a); var mb = Matrix<float>.Build.Dense(n, n, b);
            _ = ma * mb;
            double bestM = double.MaxValue;
            for (int r = 0; r < repeats; r++)
            {
                var sw = Stopwatch.StartNew();
                _ = ma * mb;
                bestM = Math.Min(bestM, sw.Elapsed.TotalSeconds);
            }
            mathNet = flops / bestM / 1e9;
        }
        return new GemmBenchResult(n, flops / best / 1e9, mathNet);
    }
}
