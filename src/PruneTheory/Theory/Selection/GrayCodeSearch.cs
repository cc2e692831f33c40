using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using PruneTheory.Theory.Relu2D;

namespace PruneTheory.Theory.Selection;

/// <summary>Result of an exhaustive search: best exact error, its subset, and a certified lower bound on E*_N.</summary>
public sealed record SelectionResult(double Upper, ulong Mask, double Lower, long Updates)
{
    public bool Certified => Lower >= Upper;
}

/// <summary>
/// P4: exhaustive search over all 2^N subsets in Gray-code order. Step i flips unit tzcnt(i) and updates the
/// residual on all M grid points with int32 SIMD (Vector512 where accelerated, else Vector256), tracking the
/// K best grid scores. The top bits (fixed 2^b chunks, independent of thread count) split the work over cores.
/// The K candidates are then verified exactly with P1; every subset not kept has grid score ≥ the K-th kept,
/// hence exact error ≥ that score − tolerance, which certifies a lower bound (= optimum when it exceeds the best
/// exact value). O(2^N·M/lanes) time, O(M·N) memory, N ≤ 30.
/// </summary>
public static class GrayCodeSearch
{
    public const int MaxUnits = 30;
    public const int ChunkBits = 6;

    public static SelectionResult Solve(CircleProblem p, int keep = 64, int gridPoints = 512, Arch arch = Arch.A, ParallelOptions? options = null,
        Gpu.ComputeBackend? provider = null)
    {
        var grid = new QuantizedGrid(p, gridPoints, arch);
        var top = (provider ?? Gpu.ComputeBackend.Cpu).GrayCodeTop(grid, keep, options);
        var verifier = new ArcVerifier(p, arch);
        double best = double.PositiveInfinity; ulong bestMask = 0;
        foreach (var (_, mask) in top.Items)
        {
            double e = verifier.Evaluate(Bits(mask, p.N)).Value;
            if (e < best || (e == best && mask < bestMask)) { best = e; bestMask = mask; }
        }
        bool all = top.Items.Count < keep;  // every subset was kept
        double lower = all ? best : Math.Min(best, top.Threshold / grid.Scale - grid.Tolerance);
        return new SelectionResult(best, bestMask, Math.Max(0, lower), (1L << p.N) * grid.M);
    }

    /// <summary>The K best grid scores over all 2^N subsets (chunks merged in a fixed order).</summary>
    public static TopK Search(QuantizedGrid g, int keep, ParallelOptions? options = null)
    {
        int b = Math.Min(ChunkBits, g.N), inner = g.N - b;
        var parts = new TopK[1 << b];
        Parallel.For(0, parts.Length, options ?? new ParallelOptions(), c => parts[c] = RunChunk(g, (ulong)c << inner, inner, keep));
        return TopK.Merge(parts, keep);
    }

    /// <summary>Gray-code walk over the low <paramref name="inner"/> units with the high units fixed to <paramref name="prefix"/>.</summary>
    public static TopK RunChunk(QuantizedGrid g, ulong prefix, int inner, int keep)
    {
        int m = g.M;
        var top = new TopK(keep);
        var state = new int[m]; // model A: residual r = f − g_S; model B: pre-activation g_S
        for (int j = 0; j < m; j++)
        {
            int s = 0;
            for (int k = inner; k < g.N; k++) if ((prefix >> k & 1) != 0) s += g.Phi[k * m + j];
            state[j] = g.Arch == Arch.A ? g.F[j] - s : s;
        }
        var neg = new int[g.Phi.Length];
        for (int i = 0; i < neg.Length; i++) neg[i] = -g.Phi[i];
        // adding unit k adds −Φ_k to the residual (model A) or +Φ_k to the pre-activation (model B)
        var onAdd = g.Arch == Arch.A ? neg : g.Phi; var onRemove = g.Arch == Arch.A ? g.Phi : neg;
        var zero = new int[m];
        ulong mask = prefix;
        top.Offer(Step(state, zero, 0, g.F, g.Arch), mask);
        for (long i = 1; i < 1L << inner; i++)
        {
            int k = BitOperations.TrailingZeroCount(i);
            mask ^= 1UL << k;
            int score = Step(state, (mask >> k & 1) != 0 ? onAdd : onRemove, k * m, g.F, g.Arch);
            if (score <= top.Threshold) top.Offer(score, mask);
        }
        return top;
    }

    /// <summary>state += column, returns max_j |residual_j|. Two Vector512 (or Vector256) streams; M is a multiple of 32.</summary>
    private static int Step(int[] stateArray, int[] columns, int offset, int[] fArray, Arch arch)
    {
        int m = stateArray.Length;
        ref int state = ref MemoryMarshal.GetArrayDataReference(stateArray);
        ref int col = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(columns), offset);
        ref int f = ref MemoryMarshal.GetArrayDataReference(fArray);
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<int> a0 = default, a1 = default;
            for (nuint j = 0; j < (nuint)m; j += 32)
            {
                var s0 = Vector512.LoadUnsafe(ref state, j) + Vector512.LoadUnsafe(ref col, j);
                var s1 = Vector512.LoadUnsafe(ref state, j + 16) + Vector512.LoadUnsafe(ref col, j + 16);
                s0.StoreUnsafe(ref state, j); s1.StoreUnsafe(ref state, j + 16);
                if (arch == Arch.B)
                {
                    s0 = Vector512.LoadUnsafe(ref f, j) - Vector512.Max(s0, Vector512<int>.Zero);
                    s1 = Vector512.LoadUnsafe(ref f, j + 16) - Vector512.Max(s1, Vector512<int>.Zero);
                }
                a0 = Vector512.Max(a0, Vector512.Abs(s0)); a1 = Vector512.Max(a1, Vector512.Abs(s1));
            }
            a0 = Vector512.Max(a0, a1);
            return HorizontalMax(Vector256.Max(a0.GetLower(), a0.GetUpper()));
        }
        Vector256<int> b0 = default, b1 = default;
        for (nuint j = 0; j < (nuint)m; j += 16)
        {
            var s0 = Vector256.LoadUnsafe(ref state, j) + Vector256.LoadUnsafe(ref col, j);
            var s1 = Vector256.LoadUnsafe(ref state, j + 8) + Vector256.LoadUnsafe(ref col, j + 8);
            s0.StoreUnsafe(ref state, j); s1.StoreUnsafe(ref state, j + 8);
            if (arch == Arch.B)
            {
                s0 = Vector256.LoadUnsafe(ref f, j) - Vector256.Max(s0, Vector256<int>.Zero);
                s1 = Vector256.LoadUnsafe(ref f, j + 8) - Vector256.Max(s1, Vector256<int>.Zero);
            }
            b0 = Vector256.Max(b0, Vector256.Abs(s0)); b1 = Vector256.Max(b1, Vector256.Abs(s1));
        }
        return HorizontalMax(Vector256.Max(b0, b1));
    }

    private static int HorizontalMax(Vector256<int> v)
    {
        var x = Vector128.Max(v.GetLower(), v.GetUpper());
        int a = Math.Max(x.GetElement(0), x.GetElement(1)), b = Math.Max(x.GetElement(2), x.GetElement(3));
        return Math.Max(a, b);
    }

    public static bool[] Bits(ulong mask, int n)
    {
        var s = new bool[n];
        for (int k = 0; k < n; k++) s[k] = (mask >> k & 1) != 0;
        return s;
    }
}
