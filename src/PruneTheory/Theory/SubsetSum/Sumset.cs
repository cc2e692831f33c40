namespace PruneTheory.Theory.SubsetSum;

/// <summary>
/// All 2^n subset sums in ascending order, built by merging S with S + x_i for each i:
/// O(2^n) time in total (geometric), no comparison sort. Masks (optional) name each sum's subset.
/// </summary>
public static class Sumset
{
    public const int MaxBits = 30;

    public static double[] Sorted(ReadOnlySpan<double> x) => Build(x, 0, withMasks: false).Sums;

    /// <summary>Sorted sums with masks; bit (shift + i) marks x[i].</summary>
    public static (double[] Sums, ulong[] Masks) SortedWithMasks(ReadOnlySpan<double> x, int shift = 0) => Build(x, shift, withMasks: true);

    private static (double[] Sums, ulong[] Masks) Build(ReadOnlySpan<double> x, int shift, bool withMasks)
    {
        if (x.Length > MaxBits) throw new ArgumentException($"sumset of {x.Length} values would hold 2^{x.Length} sums (max 2^{MaxBits})");
        int total = 1 << x.Length;
        var a = new double[total]; var b = new double[total];
        var ma = withMasks ? new ulong[total] : []; var mb = withMasks ? new ulong[total] : [];
        int len = 1;
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i]; ulong bit = 1UL << (shift + i);
            int p = 0, q = 0, o = 0;
            // merge a[0..len) with a[0..len) + v
            while (p < len && q < len)
            {
                double left = a[p], right = a[q] + v;
                if (left <= right) { if (withMasks) mb[o] = ma[p]; b[o++] = left; p++; }
                else { if (withMasks) mb[o] = ma[q] | bit; b[o++] = right; q++; }
            }
            while (p < len) { if (withMasks) mb[o] = ma[p]; b[o++] = a[p++]; }
            while (q < len) { if (withMasks) mb[o] = ma[q] | bit; b[o++] = a[q++] + v; }
            (a, b) = (b, a); (ma, mb) = (mb, ma);
            len *= 2;
        }
        return (a, ma);
    }

    /// <summary>Index of the first element ≥ t in an ascending array (length if none). O(log n).</summary>
    public static int LowerBound(double[] sorted, double t)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi) { int mid = (lo + hi) >>> 1; if (sorted[mid] < t) lo = mid + 1; else hi = mid; }
        return lo;
    }

    /// <summary>Distance from t to the nearest element of a non-empty ascending array. O(log n).</summary>
    public static double Distance(double[] sorted, double t)
    {
        int j = LowerBound(sorted, t);
        double d = double.PositiveInfinity;
        if (j < sorted.Length) d = sorted[j] - t;
        if (j > 0) d = Math.Min(d, t - sorted[j - 1]);
        return d;
    }
}
