using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
                int p8 = 0;
                if (Avx.IsSupported && cols == nr)
                    for (; p8 + 8 <= kc; p8 += 8)
                        for (int c0 = 0; c0 < nr; c0 += 8) Transpose8(src + (long)c0 * ldb + p8, ldb, dst + p8 * nr + c0, nr);
                for (int p = p8; p < kc; p++)
                {
                    float* d = dst + p * nr;
                    for (int c = 0; c < cols; c++) d[c] = src[(long)c * ldb + p];
                    for (int c = cols; c < nr; c++) d[c] = 0f;
                }
            }
            dst += kc * nr;
        }
    }

    /// <summary>dst[q·ldd + r] = src[r·lds + q] for an 8×8 block (AVX unpack/shuffle/permute; exact copies).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8(float* src, int lds, float* dst, int ldd)
    {
        var r0 = Avx.LoadVector256(src); var r1 = Avx.LoadVector256(src + lds);
        var r2 = Avx.LoadVector256(src + 2L * lds); var r3 = Avx.LoadVector256(src + 3L * lds);
        var r4 = Avx.LoadVector256(src + 4L * lds); var r5 = Avx.LoadVector256(src + 5L * lds);
        var r6 = Avx.LoadVector256(src + 6L * lds); var r7 = Avx.LoadVector256(src + 7L * lds);
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1); var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5); var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        var s0 = Avx.Shuffle(t0, t2, 0x44); var s1 = Avx.Shuffle(t0, t2, 0xEE); var s2 = Avx.Shuffle(t1, t3, 0x44); var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t6, 0x44); var s5 = Avx.Shuffle(t4, t6, 0xEE); var s6 = Avx.Shuffle(t5, t7, 0x44); var s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(s0, s4, 0x20)); Avx.Store(dst + ldd, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dst + 2 * ldd, Avx.Permute2x128(s2, s6, 0x20)); Avx.Store(dst + 3 * ldd, Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dst + 4 * ldd, Avx.Permute2x128(s0, s4, 0x31)); Avx.Store(dst + 5 * ldd, Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dst + 6 * ldd, Avx.Permute2x128(s2, s6, 0x31)); Avx.Store(dst + 7 * ldd, Avx.Permute2x128(s3, s7, 0x31));
    }
}
