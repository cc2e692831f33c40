using System.Runtime.Intrinsics;

namespace PruneTheory.Pruning.BiasCompensation;

/// <summary>
/// Float64 matrix products on dense row-major storage for the pruning statistics (the float32 engine GEMM
/// would cancel in M2 − M1²/M0). A 4×8 register tile (Vector256 FMA) over fixed 32-row chunks and 256-deep
/// k blocks: every C entry is summed by one thread in a fixed order, so results do not depend on the
/// thread count. Cost O(m·n·k); transposed operands are copied once, O(size).
/// </summary>
public static unsafe class DoubleGemm
{
    private const int RowChunk = 32, KBlock = 256;

    /// <summary>C[m×n] (+)= A[m×k]·B[k×n].</summary>
    public static void NN(double[] a, double[] b, double[] c, int m, int k, int n, bool accumulate = false, int maxThreads = -1)
    {
        Check(a, (long)m * k, b, (long)k * n, c, (long)m * n);
        if (!accumulate) Array.Clear(c, 0, m * n);
        if (m == 0 || n == 0 || k == 0) return;
        MacCounter.Add((long)m * n * k);
        int chunks = (m + RowChunk - 1) / RowChunk;
        void Chunk(int ch)
        {
            int i0 = ch * RowChunk, i1 = Math.Min(m, i0 + RowChunk);
            fixed (double* pa = a) fixed (double* pb = b) fixed (double* pc = c)
                for (int p0 = 0; p0 < k; p0 += KBlock)
                    Block(pa, pb, pc, i0, i1, p0, Math.Min(k, p0 + KBlock), k, n);
        }
        if (chunks == 1 || (long)m * n * k < 1L << 20 || maxThreads == 1 || (maxThreads <= 0 && PruneTheory.Numerics.Parallelism.MaxThreads == 1)) for (int ch = 0; ch < chunks; ch++) Chunk(ch);
        else Parallel.For(0, chunks, PruneTheory.Numerics.Parallelism.Options(maxThreads), Chunk);
    }

    /// <summary>C[m×n] (+)= A[m×k]·B[n×k]ᵀ (forward pass: Z = A·Wᵀ).</summary>
    public static void NT(double[] a, double[] b, double[] c, int m, int k, int n, bool accumulate = false, int maxThreads = -1) =>
        NN(a, Transpose(b, n, k), c, m, k, n, accumulate, maxThreads);

    /// <summary>C[m×n] (+)= A[k×m]ᵀ·B[k×n] (statistics: M1 += Gᵀ·A).</summary>
    public static void TN(double[] a, double[] b, double[] c, int m, int k, int n, bool accumulate = false, int maxThreads = -1) =>
        NN(Transpose(a, k, m), b, c, m, k, n, accumulate, maxThreads);

    /// <summary>Row-major transpose of a rows×cols matrix. O(rows·cols).</summary>
    public static double[] Transpose(double[] x, int rows, int cols)
    {
        if (x.Length < (long)rows * cols) throw new ArgumentException("matrix shorter than rows×cols");
        var t = new double[rows * cols];
        const int T = 32;
        for (int r0 = 0; r0 < rows; r0 += T)
            for (int c0 = 0; c0 < cols; c0 += T)
                for (int r = r0; r < Math.Min(rows, r0 + T); r++)
                    for (int cc = c0; cc < Math.Min(cols, c0 + T); cc++)
                        t[cc * rows + r] = x[r * cols + cc];
        return t;
    }

    private static void Check(double[] a, long la, double[] b, long lb, double[] c, long lc)
    {
        ArgumentNullException.ThrowIfNull(a); ArgumentNullException.ThrowIfNull(b); ArgumentNullException.ThrowIfNull(c);
        if (a.Length < la || b.Length < lb || c.Length < lc)
            throw new ArgumentException($"matrix too short: A {a.Length}/{la}, B {b.Length}/{lb}, C {c.Length}/{lc}");
    }

    /// <summary>C[i0..i1, :] += A[i0..i1, p0..p1]·B[p0..p1, :].</summary>
    private static void Block(double* a, double* b, double* c, int i0, int i1, int p0, int p1, int k, int n)
    {
        int j = 0;
        for (; j + 8 <= n; j += 8)
        {
            int i = i0;
            for (; i + 4 <= i1; i += 4) Tile4x8(a + (long)i * k, k, b + j, n, c + (long)i * n + j, n, p0, p1);
            for (; i < i1; i++) Tile1x8(a + (long)i * k, b + j, n, c + (long)i * n + j, p0, p1);
        }
        for (; j < n; j++)
            for (int i = i0; i < i1; i++)
            {
                double s = 0;
                double* ar = a + (long)i * k;
                for (int p = p0; p < p1; p++) s += ar[p] * b[(long)p * n + j];
                c[(long)i * n + j] += s;
            }
    }

    private static void Tile4x8(double* a, int lda, double* b, int ldb, double* c, int ldc, int p0, int p1)
    {
        Vector256<double> c00 = default, c01 = default, c10 = default, c11 = default,
            c20 = default, c21 = default, c30 = default, c31 = default;
        for (int p = p0; p < p1; p++)
        {
            double* br = b + (long)p * ldb;
            var b0 = Vector256.Load(br); var b1 = Vector256.Load(br + 4);
            var a0 = Vector256.Create(a[p]); var a1 = Vector256.Create(a[lda + p]);
            var a2 = Vector256.Create(a[2 * lda + p]); var a3 = Vector256.Create(a[3 * lda + p]);
            c00 = Vector256.FusedMultiplyAdd(a0, b0, c00); c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            c10 = Vector256.FusedMultiplyAdd(a1, b0, c10); c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            c20 = Vector256.FusedMultiplyAdd(a2, b0, c20); c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            c30 = Vector256.FusedMultiplyAdd(a3, b0, c30); c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
        }
        Add(c, c00, c01); Add(c + ldc, c10, c11); Add(c + 2 * ldc, c20, c21); Add(c + 3 * ldc, c30, c31);
    }

    private static void Tile1x8(double* a, double* b, int ldb, double* c, int p0, int p1)
    {
        Vector256<double> c0 = default, c1 = default;
        for (int p = p0; p < p1; p++)
        {
            double* br = b + (long)p * ldb;
            var av = Vector256.Create(a[p]);
            c0 = Vector256.FusedMultiplyAdd(av, Vector256.Load(br), c0);
            c1 = Vector256.FusedMultiplyAdd(av, Vector256.Load(br + 4), c1);
        }
        Add(c, c0, c1);
    }

    private static void Add(double* c, Vector256<double> lo, Vector256<double> hi)
    {
        (Vector256.Load(c) + lo).Store(c);
        (Vector256.Load(c + 4) + hi).Store(c + 4);
    }
}
