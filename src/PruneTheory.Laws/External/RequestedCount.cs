namespace PruneTheory.Laws.External;

/// <summary>
/// What count a program that only receives a ratio was asked for. Programs round ρn their own way (floor,
/// ceiling, Python's round, torch.nn.utils.prune's round) and count globally or per layer, so the kit accepts
/// ⌊ρn⌋ or ⌈ρn⌉ taken over all weights or in every layer (neurons: in every hidden layer, keeping at least
/// one unit). Any other count is reported against the round-half-up count ⌊ρn + ½⌋.
/// </summary>
public static class RequestedCount
{
    /// <summary>The requested count and the rule that set it, given what each layer's program removed.</summary>
    public static (long Requested, string Rule) Weights(double ratio, IReadOnlyList<long> perLayerTotal, IReadOnlyList<long> perLayerRemoved)
    {
        long total = perLayerTotal.Sum(), removed = perLayerRemoved.Sum();
        var (lo, hi) = Bounds(ratio, total);
        if (removed >= lo && removed <= hi) return (removed, $"⌊ρn⌋ or ⌈ρn⌉ of all n = {total} weights");
        bool layerwise = perLayerTotal.Select((n, l) => Bounds(ratio, n) is var (a, b) && perLayerRemoved[l] >= a && perLayerRemoved[l] <= b).All(x => x);
        if (layerwise) return (removed, "⌊ρn⌋ or ⌈ρn⌉ in every layer");
        return ((long)Math.Floor(ratio * total + 0.5), $"ρ = {SequentialFormat.Num(ratio)} of n = {total} weights: {lo}{(hi > lo ? $" or {hi}" : "")} in all, or ⌊ρn⌋ or ⌈ρn⌉ in every layer [{string.Join(", ", perLayerTotal)}]");
    }

    public static (long Requested, string Rule) Neurons(double ratio, IReadOnlyList<int> widths, IReadOnlyList<int> removed)
    {
        bool ok = widths.Select((n, l) => Bounds(ratio, n) is var (a, b) && removed[l] >= a && removed[l] <= Math.Min(b, n - 1)).All(x => x);
        if (ok) return (removed.Sum(), "⌊ρn⌋ or ⌈ρn⌉ units of every hidden layer, keeping one or more");
        long reference = widths.Sum(n => (long)n - Math.Max(1, (int)Math.Round(n * (1 - ratio))));
        return (reference, $"ρ = {SequentialFormat.Num(ratio)}: ⌊ρn⌋ or ⌈ρn⌉ units of each hidden layer of widths [{string.Join(", ", widths)}], keeping one or more");
    }

    /// <summary>⌊ρn⌋ and ⌈ρn⌉, with ρn within 1e-9 of an integer read as that integer (0.3 · 10 is 3, not 3.0000000000000004).</summary>
    public static (long Floor, long Ceiling) Bounds(double ratio, long n)
    {
        double x = ratio * n, r = Math.Round(x);
        return Math.Abs(x - r) <= 1e-9 * Math.Max(1, Math.Abs(x)) ? ((long)r, (long)r) : ((long)Math.Floor(x), (long)Math.Ceiling(x));
    }
}
