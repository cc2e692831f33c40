using MathNet.Numerics.LinearAlgebra;

namespace PruneTheory.Restoration;

/// <summary>Pruning criteria on the rows v_i of a matrix and selection of the kept set (spec §3.1).</summary>
public static class Criteria
{
    /// <summary>Score per row: l1 Σ|v_ik|, l2 ‖v_i‖₂ (O(n·d)); l2-GM Σ_j ‖v_i − v_j‖₂ (O(n²·d)).</summary>
    public static double[] Scores(Matrix<double> v, PruningCriterion criterion)
    {
        int n = v.RowCount, d = v.ColumnCount;
        var rows = v.ToRowArrays();
        var s = new double[n];
        switch (criterion)
        {
            case PruningCriterion.L1Norm:
                for (int i = 0; i < n; i++) s[i] = rows[i].Sum(Math.Abs);
                break;
            case PruningCriterion.L2Norm:
                for (int i = 0; i < n; i++) s[i] = Norm2(rows[i]);
                break;
            case PruningCriterion.L2GeometricMedian:
                // Symmetric distances computed once; each row's sum is accumulated in j order for determinism.
                var dist = new double[n, n];
                for (int i = 0; i < n; i++)
                    for (int j = i + 1; j < n; j++)
                    {
                        double acc = 0;
                        for (int k = 0; k < d; k++) { double e = rows[i][k] - rows[j][k]; acc += e * e; }
                        dist[i, j] = dist[j, i] = Math.Sqrt(acc);
                    }
                for (int i = 0; i < n; i++) { double acc = 0; for (int j = 0; j < n; j++) acc += dist[i, j]; s[i] = acc; }
                break;
            default: throw new ArgumentException($"unknown criterion {criterion}");
        }
        return s;
    }

    /// <summary>
    /// The m largest scores, returned in ascending index order. Ties are broken toward the lower index
    /// (numpy's unstable argsort is not reproducible); a tie across the keep boundary adds a warning. O(n log n).
    /// </summary>
    public static int[] SelectKept(double[] scores, int m, ICollection<string>? warnings = null, string layer = "")
    {
        int n = scores.Length;
        if (m < 1 || m > n) throw new ArgumentException($"kept count must lie in [1, {n}] (got {m})");
        for (int i = 0; i < n; i++)
            if (!double.IsFinite(scores[i])) throw new RestorationInputException(layer, i, "criterion score", $"is not finite ({scores[i]})");
        var order = Enumerable.Range(0, n).OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();
        if (m < n && scores[order[m - 1]] == scores[order[m]])
            warnings?.Add($"layer '{layer}': criterion tie at the keep boundary (score {scores[order[m]]}); kept the lower indices");
        var kept = order.Take(m).ToArray();
        Array.Sort(kept);
        return kept;
    }

    internal static double Norm2(double[] x) { double a = 0; foreach (var e in x) a += e * e; return Math.Sqrt(a); }

    /// <summary>Pruned indices: the complement of <paramref name="kept"/> in 0..n−1, ascending.</summary>
    public static int[] Complement(int n, int[] kept)
    {
        var set = new HashSet<int>(kept);
        return Enumerable.Range(0, n).Where(i => !set.Contains(i)).ToArray();
    }
}
