using System.Runtime.CompilerServices;

namespace PruneTheory.Numerics;

/// <summary>
/// Copies blocks of op(A) and op(B) into contiguous, zero-padded micro-panels so the microkernel
/// reads both operands with unit stride. Transposition is absorbed here. O(rows·cols) per block.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>Packs op(A)[i0..i0+mc, p0..p0+kc] as ⌈mc/MR⌉ panels of kc×MR (row-block major).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(float* a, int lda, bool transA, int i0, int mc, int p0, int kc, float* dst)
    {
        const int mr = GemmKernels.MR;
        for (int ib = 0; ib < mc; ib += mr)
        {
            int rows = Math.Min(mr, mc - ib);
            for (int p = 0; p < kc; p++)
            {
                float* d = dst + p * mr;
                for (int r = 0; r < rows; r++)
                {
                    int i = i0 + ib + r, k = p0 + p;
                    d[r] = transA ? a[(long)k * lda + i] : a[(long)i * lda + k];
                }
                for (int r = rows; r < mr; r++) d[r] = 0f;
            }
            dst += kc * mr;
        }
    }

    /// <summary>Packs op(B)[p0..p0+kc, j0..j0+nc] as ⌈nc/NR⌉ panels of kc×NR.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(float* b, int ldb, bool transB, int p0, int kc, int j0, int nc, float* dst)
    {
        int nr = GemmKernels.NR;
        for (int jb = 0; jb < nc; jb += nr)
        {
            int cols = Math.Min(nr, nc - jb);
            if (!transB)
            {
                for (int p = 0; p < kc; p++)
                {
                    float* src = b + (long)(p0 + p) * ldb + j0 + jb;
                    float* d = dst + p * nr;
                    if (cols == nr) new ReadOnlySpan<float>(src, nr).CopyTo(new Span<float>(d, nr));
                    else
                    {
                        for (int c = 0; c < cols; c++) d[c] = src[c];
                        for (int c = cols; c < nr; c++) d[c] = 0f;
                    }
                }
            }
            else
            {
                // p outer: contiguous writes of each packed row; the cols source rows stay in L1 while p advances
                float* src = b + (long)(j0 + jb) * ldb + p0;
                for (int p = 0; p < kc; p++)
                {
                    float* d = dst + p * nr;
                    for (int c = 0; c < cols; c++) d[c] = src[(long)c * ldb + p];
                    for (int c = cols; c < nr; c++) d[c] = 0f;
                }
            }
            dst += kc * nr;
        }
    }
}
