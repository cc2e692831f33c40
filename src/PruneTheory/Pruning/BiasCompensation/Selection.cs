namespace PruneTheory.Pruning.BiasCompensation;

public enum SelectionScope { Global, LayerWise }

/// <summary>
/// Chooses the weights to prune: k = ⌊ρn + 0.5⌋ (AwayFromZero) of n weights, ascending by (score, layer, row,
/// column); weights already pruned (<paramref name="alreadyPruned"/>) come first and count towards k.
/// Sorting O(n log n).
/// </summary>
public static class Selection
{
    public static long PruneCount(double ratio, long n)
    {
        if (!(ratio >= 0 && ratio <= 1)) throw new ArgumentException($"pruning ratio must be in [0, 1], got {ratio}");
        return (long)Math.Round(ratio * n, MidpointRounding.AwayFromZero);
    }

    /// <summary>Returns per-layer masks (true = pruned) of the same shapes as the score arrays.</summary>
    public static bool[][] Select(double[][] scores, double ratio, SelectionScope scope, bool[][]? alreadyPruned = null)
    {
        ArgumentNullException.ThrowIfNull(scores);
        foreach (var layer in scores)
            foreach (double v in layer)
                if (double.IsNaN(v)) throw new ArgumentException("scores contain NaN");
        var mask = scores.Select(s => new bool[s.Length]).ToArray();
        if (scope == SelectionScope.Global)
        {
            var all = Enumerable.Range(0, scores.Length).ToArray();
            Mark(scores, all, PruneCount(ratio, scores.Sum(s => (long)s.Length)), alreadyPruned, mask);
        }
        else
            for (int li = 0; li < scores.Length; li++)
                Mark(scores, [li], PruneCount(ratio, scores[li].Length), alreadyPruned, mask);
        return mask;
    }

    private static void Mark(double[][] scores, int[] layers, long k, bool[][]? already, bool[][] mask)
    {
        var keys = new List<(int Tier, double Score, int Layer, int Index)>();
        foreach (int li in layers)
            for (int q = 0; q < scores[li].Length; q++)
                keys.Add((already != null && already[li][q] ? 0 : 1, scores[li][q], li, q));
        keys.Sort((x, y) =>
        {
            int c = x.Tier.CompareTo(y.Tier);
            if (c != 0) return c;
            c = x.Score.CompareTo(y.Score);
            if (c != 0) return c;
            c = x.Layer.CompareTo(y.Layer);
            return c != 0 ? c : x.Index.CompareTo(y.Index);   // row-major index = (row, column)
        });
        int forced = keys.Count(t => t.Tier == 0);
        long take = Math.Max(k, forced);
        for (int r = 0; r < take; r++) mask[keys[r].Layer][keys[r].Index] = true;
    }
}
