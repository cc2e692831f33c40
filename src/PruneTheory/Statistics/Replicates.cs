using MathNet.Numerics.Distributions;

namespace PruneTheory.Statistics;

/// <summary>
/// Statistics over independent replicates (the statistical unit of every verdict): one value per replicate,
/// never per point inside a replicate. Paired comparisons pass the per-replicate differences.
/// </summary>
public readonly record struct ReplicateMean(double Mean, Interval Ci, int Count, double[] LeaveOneOut)
{
    /// <summary>Mean, two-sided Student-t interval and the leave-one-out means. O(n).</summary>
    public static ReplicateMean Of(IReadOnlyList<double> values, double confidence = 0.95)
    {
        int n = values.Count;
        if (n == 0) throw new ArgumentException("no replicates");
        double sum = values.Sum(), mean = sum / n;
        var loo = n == 1 ? [] : values.Select(v => (sum - v) / (n - 1)).ToArray();
        if (n == 1) return new(mean, new Interval(double.NegativeInfinity, double.PositiveInfinity), 1, loo);
        double sd = Math.Sqrt(values.Sum(x => (x - mean) * (x - mean)) / (n - 1));
        double half = TQuantile(n - 1, 0.5 + confidence / 2) * sd / Math.Sqrt(n);
        if (sd == 0) half = 0;   // identical replicates: the interval is the point (exact computations)
        return new(mean, new Interval(mean - half, mean + half), n, loo);
    }

    // MathNet's InvCDF root-finds (≈ 0.5 ms a call); rule calibration asks for the same few quantiles thousands of times
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int Df, double P), double> Quantiles = new();
    private static double TQuantile(int df, double p) => Quantiles.GetOrAdd((df, p), k => StudentT.InvCDF(0, 1, k.Df, k.P));

    /// <summary>
    /// The stable side of <paramref name="threshold"/>: Above when the interval lies above it and no replicate
    /// left out moves the mean to or below it; Below likewise; otherwise Undecided (also with one replicate).
    /// </summary>
    public Side SideOf(double threshold)
    {
        if (Count < 2) return Side.Undecided;
        if (Ci.Lower > threshold && LeaveOneOut.All(m => m > threshold)) return Side.Above;
        if (Ci.Upper < threshold && LeaveOneOut.All(m => m < threshold)) return Side.Below;
        return Side.Undecided;
    }

    public override string ToString() => FormattableString.Invariant($"{Mean:G4} [{Ci.Lower:G4}, {Ci.Upper:G4}] (n = {Count})");
}

/// <summary>Where a replicate mean lies relative to a threshold, robustly.</summary>
public enum Side { Undecided, Above, Below }

public static class Replicates
{
    /// <summary>Per-replicate paired differences a − b (same replicate, two methods).</summary>
    public static double[] Paired(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count) throw new ArgumentException($"paired samples differ in length ({a.Count} vs {b.Count})");
        return a.Select((x, i) => x - b[i]).ToArray();
    }

    /// <summary>
    /// Leave-one-out stability of a rule over replicates: the verdict on all replicates, kept only when the
    /// rule gives the same verdict with every single replicate left out; otherwise <paramref name="unstable"/>.
    /// </summary>
    public static TVerdict Stable<T, TVerdict>(IReadOnlyList<T> replicates, Func<IReadOnlyList<T>, TVerdict> rule, TVerdict unstable)
        where TVerdict : notnull
    {
        var pooled = rule(replicates);
        if (replicates.Count < 2) return pooled;
        for (int i = 0; i < replicates.Count; i++)
        {
            var rest = replicates.Where((_, j) => j != i).ToList();
            if (!EqualityComparer<TVerdict>.Default.Equals(rule(rest), pooled)) return unstable;
        }
        return pooled;
    }
}
