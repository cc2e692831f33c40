using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace PruneTheory.Numerics;

/// <summary>
/// Register-blocked microkernels: acc[MR×NR] = Σ_p a[p,:]ᵀ b[p,:] over packed panels, then
/// C[MR×NR] += α·acc. Each C element sees the same operation sequence (one FMA per p, in p order)
/// in every kernel variant, so results never depend on tiling or threads. O(MR·NR·kc) per call.
/// </summary>
internal static unsafe class GemmKernels
{
    public const int MR = 6;

    /// <summary>Columns per B micro-panel: 2 SIMD vectors of the widest accelerated width.</summary>
    public static readonly int NR = Vector512.IsHardwareAccelerated ? 32 : 16;

    public static void Run(int kc, float* a, float* b, float* c, int ldc, float alpha, int rows, int cols)
    {
        if (Vector512.IsHardwareAccelerated) Kernel512(kc, a, b, c, ldc, alpha, rows, cols);
        else Kernel256(kc, a, b, c, ldc, alpha, rows, cols);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel512(int kc, float* a, float* b, float* c, int ldc, float alpha, int rows, int cols)
    {
        // The stack tile is allocated before the accumulators exist: a stackalloc after the k loop kills registers
        // while they are live, and without (synthesized) PGO the JIT then spilled all 12 accumulators to the stack
        // in every iteration (3× slower: TieredCompilation=0, TieredPGO=0). One exit path through the tile keeps
        // their live ranges ending at these stores; the 12 extra stores per kc·12 FMAs cost < 1 %.
        float* t = stackalloc float[MR * 32];
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b); var b1 = Vector512.Load(b + 16);
            var a0 = Vector512.Create(a[0]); c00 = Vector512.FusedMultiplyAdd(a0, b0, c00); c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(a[1]); c10 = Vector512.FusedMultiplyAdd(a1, b0, c10); c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(a[2]); c20 = Vector512.FusedMultiplyAdd(a2, b0, c20); c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(a[3]); c30 = Vector512.FusedMultiplyAdd(a3, b0, c30); c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(a[4]); c40 = Vector512.FusedMultiplyAdd(a4, b0, c40); c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(a[5]); c50 = Vector512.FusedMultiplyAdd(a5, b0, c50); c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            a += MR; b += 32;
        }
        c00.Store(t); c01.Store(t + 16); c10.Store(t + 32); c11.Store(t + 48); c20.Store(t + 64); c21.Store(t + 80);
        c30.Store(t + 96); c31.Store(t + 112); c40.Store(t + 128); c41.Store(t + 144); c50.Store(t + 160); c51.Store(t + 176);
        if (rows == MR && cols == 32)
        {
            var al = Vector512.Create(alpha);
            for (int r = 0; r < MR; r++) Store512(c + r * ldc, al, Vector512.Load(t + 32 * r), Vector512.Load(t + 32 * r + 16));
            return;
        }
        AddEdge(t, 32, c, ldc, alpha, rows, cols);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store512(float* c, Vector512<float> alpha, Vector512<float> lo, Vector512<float> hi)
    {
        Vector512.FusedMultiplyAdd(alpha, lo, Vector512.Load(c)).Store(c);
        Vector512.FusedMultiplyAdd(alpha, hi, Vector512.Load(c + 16)).Store(c + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel256(int kc, float* a, float* b, float* c, int ldc, float alpha, int rows, int cols)
    {
        float* t = stackalloc float[MR * 16]; // before the accumulators (see Kernel512)
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b); var b1 = Vector256.Load(b + 8);
            var a0 = Vector256.Create(a[0]); c00 = Vector256.FusedMultiplyAdd(a0, b0, c00); c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(a[1]); c10 = Vector256.FusedMultiplyAdd(a1, b0, c10); c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(a[2]); c20 = Vector256.FusedMultiplyAdd(a2, b0, c20); c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(a[3]); c30 = Vector256.FusedMultiplyAdd(a3, b0, c30); c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(a[4]); c40 = Vector256.FusedMultiplyAdd(a4, b0, c40); c41 = Vector256.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(a[5]); c50 = Vector256.FusedMultiplyAdd(a5, b0, c50); c51 = Vector256.FusedMultiplyAdd(a5, b1, c51);
            a += MR; b += 16;
        }
        c00.Store(t); c01.Store(t + 8); c10.Store(t + 16); c11.Store(t + 24); c20.Store(t + 32); c21.Store(t + 40);
        c30.Store(t + 48); c31.Store(t + 56); c40.Store(t + 64); c41.Store(t + 72); c50.Store(t + 80); c51.Store(t + 88);
        AddEdge(t, 16, c, ldc, alpha, rows, cols);
    }

    /// <summary>C[r,j] += α·t[r,j] for the valid part of a tile (scalar FMA: same rounding as the vector path).</summary>
    private static void AddEdge(float* t, int nr, float* c, int ldc, float alpha, int rows, int cols)
    {
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < cols; j++)
                c[r * ldc + j] = MathF.FusedMultiplyAdd(alpha, t[r * nr + j], c[r * ldc + j]);
    }
}
