namespace PruneTheory.Pruning.BiasCompensation;

/// <summary>
/// Counts the multiply-adds of the float64 matrix products (<see cref="DoubleGemm"/>, <see cref="SparseStatistics"/>)
/// run inside <see cref="Measure{T}"/> on this logical flow (AsyncLocal: parallel inner loops are included, concurrent
/// trials are not mixed). Every forward, backward and statistics product of the MLP scorers goes through these two,
/// so the count is the scoring cost in MACs, independent of machine, load and thread count (issue 17 item 10).
/// </summary>
public static class MacCounter
{
    private static readonly AsyncLocal<StrongBox?> Active = new();
    private sealed class StrongBox { public long Value; }

    /// <summary>Runs <paramref name="body"/> and returns its result with the MACs counted meanwhile (nested scopes count into the innermost).</summary>
    public static (T Result, long Macs) Measure<T>(Func<T> body)
    {
        var previous = Active.Value;
        var box = new StrongBox();
        Active.Value = box;
        try { return (body(), Interlocked.Read(ref box.Value)); }
        finally
        {
            Active.Value = previous;
            if (previous is not null) Interlocked.Add(ref previous.Value, box.Value);
        }
    }

    internal static void Add(long macs)
    {
        if (Active.Value is { } box) Interlocked.Add(ref box.Value, macs);
    }

    /// <summary>
    /// MACs of one backpropagation of the loss over <paramref name="samples"/> inputs of a dense net: forward
    /// (N·Σ n_in·n_out), weight gradients (the same) and δ propagation below the output layer (N·Σ_{l≥2} n_in·n_out).
    /// </summary>
    public static long OneBackprop(int[] sizes, long samples)
    {
        long all = 0, below = 0;
        for (int l = 0; l + 1 < sizes.Length; l++) { long p = (long)sizes[l] * sizes[l + 1]; all += p; if (l > 0) below += p; }
        return samples * (2 * all + below);
    }
}
