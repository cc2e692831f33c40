using System.Buffers;

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
    internal const int KC = 256, MC = 96, NC = 128;
    private const long SerialFlops = 1L << 21; // below this, threads cost more than they save

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
        int mr = GemmKernels.MR, nr = GemmKernels.NR;
        int mPad = (m + mr - 1) / mr * mr, nPad = (n + nr - 1) / nr * nr;
        bool packs = k > 0 && alpha != 0f;
        float[] bufA = ArrayPool<float>.Shared.Rent(packs ? mPad * k + 16 : 0);
        float[] bufB = ArrayPool<float>.Shared.Rent(packs ? k * nPad + 16 : 0);
        try
        {
            fixed (float* pa = a) fixed (float* pb = b) fixed (float* pc = c) fixed (float* qa = bufA) fixed (float* qb = bufB)
            {
                nint ia = (nint)pa, ib = (nint)pb, ic = (nint)pc, ja = Align(qa), jb = Align(qb);
                int threads = maxThreads > 0 ? maxThreads : Parallelism.MaxThreads;
                bool serial = threads == 1 || (long)m * n * k < SerialFlops;
                int kBlocks = (k + KC - 1) / KC, mPanels = mPad / mr, nPanels = nPad / nr;
                if (packs)
                {
                    // pack every (k block, panel) of op(A) and op(B) once; tiles then share the packed copies
                    int units = kBlocks * (mPanels + nPanels);
                    void Pack(int u)
                    {
                        int kb = u / (mPanels + nPanels), r = u % (mPanels + nPanels), p0 = kb * KC, kc = Math.Min(KC, k - p0);
                        if (r < mPanels) GemmPacking.PackA((float*)ia, lda, transA, r * mr, Math.Min(mr, m - r * mr), p0, kc, (float*)ja + (long)p0 * mPad + (long)r * mr * kc);
                        else { r -= mPanels; GemmPacking.PackB((float*)ib, ldb, transB, p0, kc, r * nr, Math.Min(nr, n - r * nr), (float*)jb + (long)p0 * nPad + (long)r * nr * kc); }
                    }
                    Run(serial, threads, units, Pack);
                }
                int tilesM = (m + MC - 1) / MC, tilesN = (n + NC - 1) / NC;
                void Tile(int t) => RunTile((float*)ja, mPad, (float*)jb, nPad, (float*)ic, ldc, m, n, packs ? k : 0, alpha, beta,
                    (t / tilesN) * MC, (t % tilesN) * NC);
                Run(serial, threads, tilesM * tilesN, Tile);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(bufA);
            ArrayPool<float>.Shared.Return(bufB);
        }
    }

    /// <summary>Convenience overload for dense row-major matrices (lda/ldb/ldc = their column counts).</summary>
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, float beta, Span<float> c, int maxThreads = 0) =>
        Multiply(transA, transB, m, n, k, alpha, a, transA ? m : k, b, transB ? k : n, beta, c, n, maxThreads);

    private static void Run(bool serial, int threads, int count, Action<int> body)
    {
        if (serial || count == 1) for (int i = 0; i < count; i++) body(i);
        else Parallel.For(0, count, Parallelism.Options(threads), body);
    }

    /// <summary>One mc×nc tile of C: β-scale, then for each k block in order, every MR×NR register tile.</summary>
    /// <remarks>AggressiveOptimization here and in the packing: full optimisation from the first call, since a
    /// process that multiplies a few times (a CLI bench, a short trial) otherwise runs them as Tier-0 code.</remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void RunTile(float* packA, int mPad, float* packB, int nPad, float* c, int ldc,
        int m, int n, int k, float alpha, float beta, int i0, int j0)
    {
        int mc = Math.Min(MC, m - i0), nc = Math.Min(NC, n - j0);
        ScaleTile(c + (long)i0 * ldc + j0, ldc, mc, nc, beta);
        int mr = GemmKernels.MR, nr = GemmKernels.NR;
        for (int p0 = 0; p0 < k; p0 += KC)
        {
            int kc = Math.Min(KC, k - p0);
            float* aBlock = packA + (long)p0 * mPad, bBlock = packB + (long)p0 * nPad;
            for (int ib = 0; ib < mc; ib += mr)
            {
                float* ap = aBlock + (long)(i0 + ib) * kc;
                for (int jb = 0; jb < nc; jb += nr)
                    GemmKernels.Run(kc, ap, bBlock + (long)(j0 + jb) * kc, c + (long)(i0 + ib) * ldc + j0 + jb, ldc, alpha,
                        Math.Min(mr, mc - ib), Math.Min(nr, nc - jb));
            }
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
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

    private static nint Align(float* p) => ((nint)p + 63) & ~(nint)63;

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
