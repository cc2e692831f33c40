namespace PruneTheory.Sparse.Theory;

/// <summary>
/// Assumption 2 measured on a set of activation patterns D_i (0/1 masks over n rows): coverage ε̂ = min_i tr(D_i)/n and
/// separation γ̂ = min over pairs of distinct patterns of the rows where they differ / n. Identical patterns are one
/// pattern (they are not "distinct"); their pairs are counted in <see cref="DuplicatePairs"/>. O(p²·n).
/// </summary>
public sealed record PatternGeometry(double Coverage, double Separation, int Patterns, int DuplicatePairs)
{
    public static PatternGeometry Of(IReadOnlyList<double[]> masks)
    {
        if (masks.Count == 0) throw new ArgumentException("no patterns");
        int n = masks[0].Length;
        double cover = masks.Min(m => m.Sum()) / n;
        double sep = double.PositiveInfinity;
        int dup = 0;
        for (int i = 0; i < masks.Count; i++)
            for (int j = i + 1; j < masks.Count; j++)
            {
                int diff = 0;
                var a = masks[i]; var b = masks[j];
                for (int r = 0; r < n; r++) if (a[r] != b[r]) diff++;
                if (diff == 0) dup++; else sep = Math.Min(sep, (double)diff / n);
            }
        return new PatternGeometry(cover, double.IsInfinity(sep) ? 1 : sep, masks.Count, dup);
    }

    /// <summary>The masks 1{X h_j &gt; 0} of the given blocks of an operator (its own gates).</summary>
    public static List<double[]> Masks(GatedReluOperator op, IEnumerable<int> blocks) =>
        blocks.Select(j => { var m = new double[op.Rows]; op.Gates.Mask(op.X, j, m); return m; }).ToList();
}
