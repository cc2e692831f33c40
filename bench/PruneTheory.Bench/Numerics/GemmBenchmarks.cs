using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using PruneTheory.Numerics;
using PruneTheory.Random;

namespace PruneTheory.Bench.Numerics;

/// <summary>
/// Square float32 products C = A·B at n = 256/512/1024: ours (packed SIMD GEMM, all cores) against
/// MathNet's managed product. GFLOP/s = 2n³ / mean time (reported as a column by <see cref="GflopsColumn"/>).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(GflopsConfig))]
public class GemmBenchmarks
{
    private float[] _a = [], _b = [], _c = [];
    private Matrix<float>? _ma, _mb;

    [Params(256, 512, 1024)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = RngKey.FromSeed(1).FoldIn("gemm-bench").Stream();
        _a = new float[N * N]; _b = new float[N * N]; _c = new float[N * N];
        rng.FillGaussian(_a); rng.FillGaussian(_b);
        _ma = Matrix<float>.Build.Dense(N, N, _a); _mb = Matrix<float>.Build.Dense(N, N, _b);
    }

    [Benchmark(Baseline = true)]
    public void Ours() => Gemm.Multiply(false, false, N, N, N, 1f, _a, _b, 0f, _c);

    [Benchmark]
    public void OursTransposedB() => Gemm.Multiply(false, true, N, N, N, 1f, _a, _b, 0f, _c);

    [Benchmark]
    public Matrix<float> MathNet() => _ma! * _mb!;
}
