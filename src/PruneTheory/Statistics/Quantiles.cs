namespace PruneTheory.Statistics;

/// <summary>Sample quantiles (type 7, linear interpolation, as R's and numpy's default).</summary>
public static class Quantiles
{
    public static double Of(IEnumerable<double> sample, double q)
    {
        var s = sample.ToArray();
        Array.Sort(s);
        return OfSorted(s, q);
    }

    public static double OfSorted(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.Length == 0) throw new ArgumentException("empty sample");
        if (!(q >= 0 && q <= 1)) throw new ArgumentOutOfRangeException(nameof(q));
        double h = (sorted.Length - 1) * q;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    public static double Median(IEnumerable<double> sample) => Of(sample, 0.5);
}
