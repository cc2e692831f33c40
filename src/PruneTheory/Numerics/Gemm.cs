using System.Runtime.InteropServices;

namespace PruneTheory.Numerics;

/// <summary>
/// Packed SIMD float32 matrix product on row-major storage:
/// C[m×n] = α·op(A)·op(B) + β·C with op(X) = X or Xᵀ. Goto-style blocking (kc×nc B block, mc×kc A
/// block, MR×NR register tile). C is cut into fixed mc×nc tiles, each owned by one thread, and k is
/// swept in fixed kc blocks, so the result is bit-identical for every thread count.
/// Cost O(m·n·k) flops, O(m·k + k·n) extra packing traffic per tile row/column.
/// </summary>
public static unsafe class Gemm
{
    internal const int KC = 256, MC = 144, NC = 256;
    private const long SerialFlops = 1L << 21; // below this, threads cost more than they save

    [ThreadStatic] private static float[]? _bufA, _bufB;

    /// <summary>
    /// C = α·op(A)·op(B) + β·C. op(A) is m×k (stored k×m when <paramref name="transA"/>), op(B) is k×n.
    /// lda/ldb/ldc are row strides. β = 0 overwrites C (NaN in C is not propagated).
    /// <paramref name="maxThreads"/> ≤ 0 means <see cref="Parallelism.MaxThreads"/>; the result does not depend on it.
    /// </summary>
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc,
        int maxThreads = 0)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0) return;
        fixed (float* pa = a) fixed (float* pb = b) fixed (float* pc = c)
        {
            nint ia = (nint)pa, ib = (nint)pb, ic = (nint)pc;
            int tilesM = (m + MC - 1) / MC, tilesN = (n + NC - 1) / NC, tiles = tilesM * tilesN;
            void Tile(int t) => RunTile((float*)ia, lda, transA, (float*)ib, ldb, transB, (float*)ic, ldc,
                m, n, k, alpha, beta, (t / tilesN) * MC, (t % tilesN) * NC);
            int threads = maxThreads > 0 ? maxThreads : Parallelism.MaxThreads;
            bool serial = threads == 1 || tiles == 1 || (long)m * n * k < SerialFlops;
            if (serial) for (int t = 0; t < tiles; t++) Tile(t);
            else Parallel.For(0, tiles, Parallelism.Options(threads), Tile);
        }
    }

    /// <summary>Convenience overload for dense row-major matrices (lda/ldb/ldc = their column counts).</summary>
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, float beta, Span<float> c, int maxThreads = 0) =>
        Multiply(transA, transB, m, n, k, alpha, a, transA ? m : k, b, transB ? k : n, beta, c, n, maxThreads);

    private static void RunTile(float* a, int lda, bool transA, float* b, int ldb, bool transB, float* c, int ldc,
        int m, int n, int k, float alpha, float beta, int i0, int j0)
    {
        int mc = Math.Min(MC, m - i0), nc = Math.Min(NC, n - j0);
        ScaleTile(c + (long)i0 * ldc + j0, ldc, mc, nc, beta);
        if (k == 0 || alpha == 0f) return;
        int mr = GemmKernels.MR, nr = GemmKernels.NR;
        float* packA = Aligned(ref _bufA, MC * KC), packB = Aligned(ref _bufB, NC * KC);
        for (int p0 = 0; p0 < k; p0 += KC)
        {
            int kc = Math.Min(KC, k - p0);
            GemmPacking.PackB(b, ldb, transB, p0, kc, j0, nc, packB);
            GemmPacking.PackA(a, lda, transA, i0, mc, p0, kc, packA);
            for (int jb = 0; jb < nc; jb += nr)
            {
                float* bp = packB + (jb / nr) * kc * nr;
                int cols = Math.Min(nr, nc - jb);
                for (int ib = 0; ib < mc; ib += mr)
                {
                    float* ap = packA + (ib / mr) * kc * mr;
                    GemmKernels.Run(kc, ap, bp, c + (long)(i0 + ib) * ldc + j0 + jb, ldc, alpha,
                        Math.Min(mr, mc - ib), cols);
                }
            }
        }
    }

    private static void ScaleTile(float* c, int ldc, int rows, int cols, float beta)
    {
        if (beta == 1f) return;
        for (int r = 0; r < rows; r++)
        {
            var row = new Span<float>(c + (long)r * ldc, cols);
            if (beta == 0f) row.Clear();
            else System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
        }
    }

    /// <summary>A 64-byte aligned view into a pinned per-thread buffer of at least <paramref name="count"/> floats.</summary>
    private static float* Aligned(ref float[]? buffer, int count)
    {
        buffer ??= GC.AllocateUninitializedArray<float>(count + 16, pinned: true);
        float* p = (float*)Marshal.UnsafeAddrOfPinnedArrayElement(buffer, 0);
        return (float*)(((nint)p + 63) & ~(nint)63);
    }

    private static void Validate(bool transA, bool transB, int m, int n, int k, int aLen, int lda, int bLen, int ldb,
        int cLen, int ldc)
    {
        if (m < 0 || n < 0 || k < 0) throw new ArgumentException($"GEMM dimensions must be non-negative (m={m}, n={n}, k={k})");
        Need("A", transA ? k : m, transA ? m : k, aLen, lda);
        Need("B", transB ? n : k, transB ? k : n, bLen, ldb);
        Need("C", m, n, cLen, ldc);
    }

    private static void Need(string name, int rows, int cols, int length, int ld)
    {
        if (ld < Math.Max(1, cols)) throw new ArgumentException($"GEMM: leading dimension of {name} ({ld}) is smaller than its {cols} columns");
        long need = rows == 0 || cols == 0 ? 0 : (long)(rows - 1) * ld + cols;
        if (length < need) throw new ArgumentException($"GEMM: {name} needs {need} elements for {rows}×{cols} with stride {ld}, got {length}");
    }
}
