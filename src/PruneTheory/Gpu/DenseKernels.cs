using ILGPU;
using ILGPU.Runtime;

namespace PruneTheory.Gpu;

/// <summary>
/// Float32 GEMM (16×16 shared-memory tiles, the SIMD GEMM's per-element FMA sequence: bit-identical) and the
/// all-subset-sums kernel (exact: index order).
/// </summary>
public static class DenseKernels
{
    public const int Tile = 16;

    /// <summary>
    /// C = α·op(A)·op(B) + β·C, row-major; group (16, 16) computes one C tile. Each element follows the SIMD GEMM's
    /// sequence exactly (<see cref="Numerics.Gemm"/>): C scaled by β (cleared when β = 0, kept when β = 1), then per
    /// k block of <paramref name="kc"/> an accumulator of one FMA per p in p order, added as C = fma(α, acc, C).
    /// FMA is correctly rounded everywhere, so the result is bit-identical to the SIMD provider's.
    /// </summary>
    public static void GemmTile(ArrayView<float> a, ArrayView<float> b, ArrayView<float> c, int m, int n, int k, int transA, int transB, float alpha, float beta, int kc)
    {
        var ta = SharedMemory.Allocate<float>(Tile * Tile);
        var tb = SharedMemory.Allocate<float>(Tile * Tile);
        int tx = Group.IdxX, ty = Group.IdxY;
        int col = Grid.IdxX * Tile + tx, row = Grid.IdxY * Tile + ty;
        bool inside = row < m && col < n;
        long o = (long)row * n + col;
        float c0 = !inside ? 0f : beta == 1f ? c[o] : beta == 0f ? 0f : c[o] * beta;
        float acc = 0f;
        for (int p0 = 0; alpha != 0f && p0 < k; p0 += Tile)
        {
            int pa = p0 + tx, pb = p0 + ty;
            ta[ty * Tile + tx] = row < m && pa < k ? (transA != 0 ? a[(long)pa * m + row] : a[(long)row * k + pa]) : 0f;
            tb[ty * Tile + tx] = col < n && pb < k ? (transB != 0 ? b[(long)col * k + pb] : b[(long)pb * n + col]) : 0f;
            Group.Barrier();
            int qEnd = Math.Min(Tile, k - p0); // no padded terms: the SIMD kernel never adds them
            for (int q = 0; q < qEnd; q++) acc = MathF.FusedMultiplyAdd(ta[ty * Tile + q], tb[q * Tile + tx], acc);
            Group.Barrier();
            if ((p0 + Tile) % kc == 0 || p0 + Tile >= k) { c0 = MathF.FusedMultiplyAdd(alpha, acc, c0); acc = 0f; }
        }
        if (inside) c[o] = c0;
    }

    /// <summary>sums[mask] = Σ_{i: bit i set} v[i], summed from 0 in index order.</summary>
    public static void SubsetSums(Index1D mask, ArrayView<double> v, ArrayView<double> sums, int count)
    {
        double s = 0;
        for (int i = 0; i < count; i++) if (((mask.X >> i) & 1) != 0) s = s + v[i];
        sums[mask] = s;
    }

    internal static void Gemm(IlgpuProvider p, bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, ReadOnlySpan<float> b, float beta, Span<float> c)
    {
        if ((long)m * k > a.Length || (long)k * n > b.Length || (long)m * n > c.Length) throw new ArgumentException("GEMM operand shorter than its shape");
        if (m == 0 || n == 0) return;
        if (Numerics.Gemm.KC % Tile != 0) throw new InvalidOperationException($"the SIMD GEMM's k block ({Numerics.Gemm.KC}) must be a multiple of {Tile}");
        var kernel = p.Kernel("gemm", acc => acc.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int, int, int, int, float, float, int>(GemmTile));
        var aa = a[..(m * k)].ToArray(); var bb = b[..(k * n)].ToArray(); var cc = c[..(m * n)].ToArray();
        p.Run((_, buf) =>
        {
            var da = buf.Upload<float>("gemm-a", aa); var db = buf.Upload<float>("gemm-b", bb); var dc = buf.Upload<float>("gemm-c", cc);
            var grid = new Index2D((n + Tile - 1) / Tile, (m + Tile - 1) / Tile);
            kernel(new KernelConfig(grid, new Index2D(Tile, Tile)), da, db, dc, m, n, k, transA ? 1 : 0, transB ? 1 : 0, alpha, beta, Numerics.Gemm.KC);
            dc.SubView(0, cc.Length).CopyToCPU(cc);
            return 0;
        });
        cc.CopyTo(c);
    }

    internal static double[] AllSubsetSums(IlgpuProvider p, ReadOnlySpan<double> values)
    {
        if (values.Length > Theory.SubsetSum.Sumset.MaxBits) throw new ArgumentException($"2^{values.Length} subset sums exceed 2^{Theory.SubsetSum.Sumset.MaxBits}");
        var kernel = p.Kernel("subset-sums", acc => acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, int>(SubsetSums));
        var v = values.ToArray(); var sums = new double[1L << v.Length];
        p.Run((_, buf) =>
        {
            var ds = buf.Get<double>("ss-sums", sums.Length);
            kernel(sums.Length, buf.Upload<double>("ss-v", v), ds, v.Length);
            ds.SubView(0, sums.Length).CopyToCPU(sums);
            return 0;
        });
        return sums;
    }
}
