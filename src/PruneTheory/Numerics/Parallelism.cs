namespace PruneTheory.Numerics;

/// <summary>
/// The thread budget of the numeric kernels (GEMM, im2col, layers), scoped per async flow so that
/// parallel trials can each set their inner thread count (TrialContext.InnerThreads).
/// Results never depend on it: every kernel splits work into fixed chunks with a fixed reduction order.
/// </summary>
public static class Parallelism
{
    private static readonly AsyncLocal<int> _limit = new();

    /// <summary>Current limit; 0 = all cores.</summary>
    public static int MaxThreads => _limit.Value;

    /// <summary>Limits kernels started in this flow to <paramref name="threads"/> (≤ 0: no limit) until disposed.</summary>
    public static IDisposable Limit(int threads)
    {
        int previous = _limit.Value;
        _limit.Value = Math.Max(0, threads);
        return new Restore(previous);
    }

    public static ParallelOptions Options(int maxThreads = 0)
    {
        int t = maxThreads > 0 ? maxThreads : MaxThreads;
        return new ParallelOptions { MaxDegreeOfParallelism = t > 0 ? t : -1 };
    }

    /// <summary>Parallel.For under the current limit (runs inline when the limit is 1).</summary>
    public static void For(int from, int to, Action<int> body)
    {
        if (MaxThreads == 1 || to - from <= 1) { for (int i = from; i < to; i++) body(i); return; }
        Parallel.For(from, to, Options(), body);
    }

    private sealed class Restore(int previous) : IDisposable
    {
        public void Dispose() => _limit.Value = previous;
    }
}
