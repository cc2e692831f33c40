using ILGPU;
using ILGPU.Runtime;
using PruneTheory.Gpu;
using PruneTheory.Random;

namespace PruneTheory.Theory.Breakpoints;

/// <summary>
/// Counts how often the breakpoint t = −w₂/w₁ of a bias-free ReLU unit with w ~ N(0, I₂) falls within h
/// of τ, for a grid of windows (τ, h). Sample j uses Philox block j of the key (one Gaussian pair), so the
/// SIMD CPU path and the ILGPU kernel see the same numbers and give the same integer counts.
/// Cost O(samples · windows).
/// </summary>
public static class BreakpointHits
{
    /// <summary>Closed form for the standard Cauchy law: P(|t − τ| ≤ h) = (atan(τ+h) − atan(τ−h))/π.</summary>
    public static double Probability(double tau, double h) => (Math.Atan(tau + h) - Math.Atan(tau - h)) / Math.PI;

    /// <summary>The breakpoint of sample j: −w₂/w₁ from Gaussian pair j.</summary>
    public static double Breakpoint(RngKey key, ulong j)
    {
        CounterDraws.GaussianPair(Philox4x32.Block(key, j), out double w1, out double w2);
        return -w2 / w1;
    }

    /// <summary>Hit counts, window-major: counts[w] for window (taus[w], halfWidths[w]).</summary>
    public static long[] Count(RngKey key, long samples, double[] taus, double[] halfWidths, ComputeBackend backend, int threads = 1)
    {
        if (taus.Length != halfWidths.Length) throw new ArgumentException("one half-width per centre");
        return backend.BreakpointHits(key, samples, taus, halfWidths, threads);
    }

    internal static long[] CountCpu(RngKey key, long samples, double[] taus, double[] hs, int threads)
    {
        const int chunk = 1 << 14;
        int chunks = (int)((samples + chunk - 1) / chunk);
        var partial = new long[chunks][];
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, c =>
        {
            var counts = new long[taus.Length];
            long end = Math.Min(samples, (long)(c + 1) * chunk);
            for (long j = (long)c * chunk; j < end; j++)
            {
                double t = Breakpoint(key, (ulong)j);
                for (int w = 0; w < taus.Length; w++)
                    if (Math.Abs(t - taus[w]) <= hs[w]) counts[w]++;
            }
            partial[c] = counts;
        });
        var total = new long[taus.Length];
        foreach (var p in partial) for (int w = 0; w < total.Length; w++) total[w] += p[w];
        return total;
    }

    internal static long[] CountDevice(IlgpuProvider p, RngKey key, long samples, double[] taus, double[] hs)
    {
        var kernel = p.Kernel("breakpoint-hits", a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<long>, uint, uint, long>(HitKernel));
        return p.Run((acc, buf) =>
        {
            var dTaus = buf.Upload<double>("bp-taus", taus);
            var dHs = buf.Upload<double>("bp-hs", hs);
            var dCounts = buf.Get<long>("bp-counts", taus.Length);
            dCounts.MemSetToZero();
            const int launch = 1 << 22; // bounded launches keep Index1D within int range
            for (long offset = 0; offset < samples; offset += launch)
                kernel((int)Math.Min(launch, samples - offset), dTaus, dHs, dCounts, key.K0, key.K1, offset);
            acc.Synchronize();
            var counts = new long[taus.Length];
            dCounts.SubView(0, taus.Length).CopyToCPU(counts);
            return counts;
        });
    }

    /// <summary>Kernel: one thread per sample; integer atomics make the counts order-independent.</summary>
    internal static void HitKernel(Index1D i, ArrayView<double> taus, ArrayView<double> hs, ArrayView<long> counts, uint k0, uint k1, long offset)
    {
        ulong j = (ulong)(offset + i);
        var b = Philox4x32.Block((uint)j, (uint)(j >> 32), 0u, 0u, k0, k1);
        CounterDraws.GaussianPair(b, out double w1, out double w2);
        double t = -w2 / w1;
        for (int w = 0; w < taus.Length; w++)
            if (Math.Abs(t - taus[w]) <= hs[w]) Atomic.Add(ref counts[w], 1L);
    }
}
