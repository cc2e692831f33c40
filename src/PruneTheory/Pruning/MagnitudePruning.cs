using PruneTheory.Networks;

namespace PruneTheory.Pruning;

/// <summary>
/// Unstructured magnitude pruning through parameter masks. Entries are ranked by (|w|, tensor index,
/// element index) so ties are deterministic; already-masked entries count as removed and are never
/// revived. Cost O(N log N) for N weights.
/// </summary>
public static class MagnitudePruning
{
    /// <summary>round(fraction·n) with the given midpoint rule (papers differ: Python round = ToEven).</summary>
    public static int CountFor(double fraction, int n, MidpointRounding rounding = MidpointRounding.ToEven)
    {
        if (!(fraction is >= 0 and <= 1)) throw new ArgumentException($"sparsity must be in [0, 1], got {fraction}");
        return (int)Math.Round(fraction * n, rounding);
    }

    /// <summary>Masks the <paramref name="count"/> smallest-magnitude unmasked entries across all tensors.</summary>
    public static void PruneSmallest(IReadOnlyList<(string Name, Parameter Parameter)> tensors, int count)
    {
        if (count < 0) throw new ArgumentException($"cannot prune a negative number of weights ({count})");
        var alive = new List<(float Abs, int T, int I)>();
        for (int t = 0; t < tensors.Count; t++)
        {
            var p = tensors[t].Parameter;
            for (int i = 0; i < p.Value.Length; i++)
                if (p.Mask is null || p.Mask[i] != 0f) alive.Add((Math.Abs(p.Value.Data[i]), t, i));
        }
        if (count > alive.Count) throw new ArgumentException($"cannot prune {count} weights: only {alive.Count} remain");
        alive.Sort();
        var masks = tensors.Select(x => x.Parameter.Mask is null ? Ones(x.Parameter.Value.Length) : (float[])x.Parameter.Mask.Clone()).ToArray();
        for (int r = 0; r < count; r++) masks[alive[r].T][alive[r].I] = 0f;
        for (int t = 0; t < tensors.Count; t++) tensors[t].Parameter.SetMask(masks[t]);
    }

    /// <summary>One global threshold: afterwards round(s·N) of all N entries are removed (more if already so).</summary>
    public static SparsityReport Global(IReadOnlyList<(string Name, Parameter Parameter)> tensors, double sparsity,
        MidpointRounding rounding = MidpointRounding.ToEven)
    {
        int total = tensors.Sum(t => t.Parameter.Value.Length), removed = tensors.Sum(t => t.Parameter.MaskedCount);
        PruneSmallest(tensors, Math.Max(0, CountFor(sparsity, total, rounding) - removed));
        return Report(tensors, sparsity);
    }

    /// <summary>The same fraction in every tensor separately.</summary>
    public static SparsityReport Layerwise(IReadOnlyList<(string Name, Parameter Parameter)> tensors, double sparsity,
        MidpointRounding rounding = MidpointRounding.ToEven)
    {
        foreach (var t in tensors)
        {
            int target = CountFor(sparsity, t.Parameter.Value.Length, rounding);
            PruneSmallest([t], Math.Max(0, target - t.Parameter.MaskedCount));
        }
        return Report(tensors, sparsity);
    }

    /// <summary>Weight tensors (rank ≥ 2) of a model: biases and BatchNorm parameters are not pruned.</summary>
    public static List<(string Name, Parameter Parameter)> Weights(Sequential model) =>
        [.. model.NamedParameters().Where(p => p.Parameter.Value.Rank >= 2)];

    public static SparsityReport Report(IReadOnlyList<(string Name, Parameter Parameter)> tensors, double requested) =>
        new(requested, [.. tensors.Select(t => new SparsityEntry(t.Name, t.Parameter.MaskedCount, t.Parameter.Value.Length))]);

    private static float[] Ones(int n) { var a = new float[n]; Array.Fill(a, 1f); return a; }
}
