using ILGPU;
using ILGPU.Runtime;
using PruneTheory.Gpu;
using PruneTheory.Theory.Relu2D;

namespace PruneTheory.Theory.Selection;

/// <summary>
/// P4 on an ILGPU accelerator: one thread per top-bit chunk (same chunks as <see cref="GrayCodeSearch"/>),
/// each walking its Gray code over the low bits with its state in global memory and keeping its best
/// (score, mask). Same int32 arithmetic as the SIMD path, so per-chunk results agree exactly.
/// O(2^N·M) work over 2^b threads. Use with a backend whose Accelerator is set; calls are serialised on Gate.
/// </summary>
public static class GrayCodeKernel
{
    /// <summary>
    /// P4 on the accelerator, then P1 on each chunk's best subset. Every subset of chunk c has grid score ≥ that chunk's
    /// best, so E*_N ≥ min_c score_c/scale − tolerance (certified), and the best exact value is the upper bound.
    /// </summary>
    public static SelectionResult Solve(ComputeBackend backend, CircleProblem p, int gridPoints = 512, Arch arch = Arch.A)
    {
        var g = new QuantizedGrid(p, gridPoints, arch);
        var best = BestPerChunk(backend, g);
        var verifier = new ArcVerifier(p, arch);
        double upper = double.PositiveInfinity; ulong mask = 0;
        foreach (var (_, m) in best.OrderBy(b => b.Mask))
        {
            double e = verifier.Evaluate(GrayCodeSearch.Bits(m, p.N)).Value;
            if (e < upper) { upper = e; mask = m; }
        }
        double lower = Math.Max(0, Math.Min(upper, best.Min(b => b.Score) / g.Scale - g.Tolerance));
        return new SelectionResult(upper, mask, lower, (1L << p.N) * g.M);
    }

    /// <summary>Best (score, mask) per chunk; chunk c fixes the top b = min(6, N) bits to c.</summary>
    public static (int Score, ulong Mask)[] BestPerChunk(ComputeBackend backend, QuantizedGrid g)
    {
        var acc = backend.Accelerator ?? throw new ArgumentException("backend has no ILGPU accelerator");
        int b = Math.Min(GrayCodeSearch.ChunkBits, g.N), inner = g.N - b, chunks = 1 << b;
        lock (backend.Gate)
        {
            var kernel = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<long>, int, int, int, int>(Kernel);
            using var phi = acc.Allocate1D(g.Phi);
            using var f = acc.Allocate1D(g.F);
            using var work = acc.Allocate1D<int>((long)chunks * g.M);
            using var best = acc.Allocate1D<int>(chunks);
            using var mask = acc.Allocate1D<long>(chunks);
            kernel(chunks, phi.View, f.View, work.View, best.View, mask.View, g.N, g.M, inner, g.Arch == Arch.A ? 0 : 1);
            acc.Synchronize();
            var s = best.GetAsArray1D(); var m = mask.GetAsArray1D();
            return s.Select((v, i) => (v, (ulong)m[i])).ToArray();
        }
    }

    private static void Kernel(Index1D c, ArrayView<int> phi, ArrayView<int> f, ArrayView<int> work, ArrayView<int> best, ArrayView<long> bestMask,
        int n, int m, int inner, int modelB)
    {
        long prefix = (long)c.X << inner;
        long baseIndex = (long)c.X * m;
        for (int j = 0; j < m; j++)
        {
            int s = 0;
            for (int k = inner; k < n; k++) if (((prefix >> k) & 1) != 0) s += phi[k * m + j];
            work[baseIndex + j] = modelB == 0 ? f[j] - s : s;
        }
        long mask = prefix;
        int bestScore = Score(work, f, baseIndex, m, modelB);
        long bestM = mask;
        long steps = 1L << inner;
        for (long i = 1; i < steps; i++)
        {
            int k = 0;
            while (((i >> k) & 1) == 0) k++;
            mask ^= 1L << k;
            bool added = ((mask >> k) & 1) != 0;
            int sign = (modelB == 0) == added ? -1 : 1;
            for (int j = 0; j < m; j++) work[baseIndex + j] += sign * phi[k * m + j];
            int sc = Score(work, f, baseIndex, m, modelB);
            if (sc < bestScore || (sc == bestScore && mask < bestM)) { bestScore = sc; bestM = mask; }
        }
        best[c] = bestScore;
        bestMask[c] = bestM;
    }

    private static int Score(ArrayView<int> work, ArrayView<int> f, long baseIndex, int m, int modelB)
    {
        int best = 0;
        for (int j = 0; j < m; j++)
        {
            int s = work[baseIndex + j];
            int r = modelB == 0 ? s : f[j] - (s > 0 ? s : 0);
            if (r < 0) r = -r;
            if (r > best) best = r;
        }
        return best;
    }
}
