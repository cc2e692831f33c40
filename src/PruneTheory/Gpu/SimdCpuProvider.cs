using PruneTheory.Random;
using PruneTheory.Sparse;
using PruneTheory.Theory.Breakpoints;
using PruneTheory.Theory.Selection;

namespace PruneTheory.Gpu;

/// <summary>The SIMD CPU provider: today's code (SIMD GEMM, Gray-code search, counter-based sampling), unchanged.</summary>
public sealed class SimdCpuProvider : ComputeBackend
{
    public static SimdCpuProvider Instance { get; } = new();
    private SimdCpuProvider() { }

    public override BackendKind Kind => BackendKind.Cpu;
    public override string Name => "SIMD CPU";

    public override long[] BreakpointHits(RngKey key, long samples, double[] taus, double[] halfWidths, int threads) =>
        Theory.Breakpoints.BreakpointHits.CountCpu(key, samples, taus, halfWidths, threads);

    public override TopK GrayCodeTop(QuantizedGrid grid, int keep, ParallelOptions? options = null) => GrayCodeSearch.Search(grid, keep, options);

    public override int[] TopS(ReadOnlySpan<double> v, int s, TopRule rule) => TopSelector.HardThreshold(v, s, rule).Indices;

    public override void Gemm(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, ReadOnlySpan<float> b, float beta, Span<float> c) =>
        Numerics.Gemm.Multiply(transA, transB, m, n, k, alpha, a, b, beta, c);

    public override double[] AllSubsetSums(ReadOnlySpan<double> values)
    {
        if (values.Length > Theory.SubsetSum.Sumset.MaxBits) throw new ArgumentException($"2^{values.Length} subset sums exceed 2^{Theory.SubsetSum.Sumset.MaxBits}");
        var sums = new double[1L << values.Length];
        // sums[mask] = sums[mask without its highest bit] + that value: index order, as the device kernel sums
        for (int i = 0; i < values.Length; i++)
            for (long lo = 0, top = 1L << i; lo < top; lo++) sums[top | lo] = sums[lo] + values[i];
        return sums;
    }

    public override void Dispose() { } // shared instance
}
