namespace PruneTheory.Theory.SubsetSum;

/// <summary>P7: exact random-subset-sum errors (cover error over an interval, single-target error).</summary>
public static class SubsetSumError
{
    /// <summary>
    /// Exact cover error E_n = sup_{z∈[lo,hi]} min_S |z − Σ_S x_i| from the sorted sumset:
    /// max(dist(lo), dist(hi), half of every gap whose midpoint lies in [lo, hi]). O(2^n); n ≤ 30.
    /// </summary>
    public static double Cover(ReadOnlySpan<double> x, double lo = -1, double hi = 1)
    {
        if (!(hi >= lo)) throw new ArgumentException($"empty interval [{lo}, {hi}]");
        var s = Sumset.Sorted(x);
        double e = Math.Max(Sumset.Distance(s, lo), Sumset.Distance(s, hi));
        for (int j = 0; j + 1 < s.Length; j++)
        {
            double mid = 0.5 * (s[j] + s[j + 1]);
            if (mid >= lo && mid <= hi) e = Math.Max(e, 0.5 * (s[j + 1] - s[j]));
        }
        return e;
    }

    /// <summary>Largest n for the plain meet in the middle (two half-sumsets of 2^25 sums, ≈ 1 GB).</summary>
    public const int MaxMeetInTheMiddle = 50;

    /// <summary>
    /// Single-target error min_S |z − Σ_S x_i| and the best subset (bit i = x[i]) by meet-in-the-middle:
    /// sorted half-sumsets L, R, then one two-pointer sweep (z − ℓ decreases as ℓ increases). O(2^{n/2}) time and memory.
    /// </summary>
    /// <remarks>Above <see cref="MaxMeetInTheMiddle"/> values it switches to <see cref="SchroeppelShamir"/> (O(2^{n/4}) memory, n ≤ 64).</remarks>
    public static (double Error, ulong Mask) SingleTarget(ReadOnlySpan<double> x, double z)
    {
        if (x.Length > MaxMeetInTheMiddle) return SchroeppelShamir.SingleTarget(x, z);
        int h = x.Length / 2;
        var (l, lm) = Sumset.SortedWithMasks(x[..h]);
        var (r, rm) = Sumset.SortedWithMasks(x[h..], h);
        double best = double.PositiveInfinity; ulong bestMask = 0;
        int j = r.Length;
        for (int i = 0; i < l.Length; i++)
        {
            double t = z - l[i];
            while (j > 0 && r[j - 1] >= t) j--;
            if (j < r.Length && r[j] - t < best) { best = r[j] - t; bestMask = lm[i] | rm[j]; }
            if (j > 0 && t - r[j - 1] < best) { best = t - r[j - 1]; bestMask = lm[i] | rm[j - 1]; }
        }
        return (best, bestMask);
    }

    /// <summary>Reference: min over all 2^n subsets by direct enumeration. O(2^n·n); tests only.</summary>
    public static double SingleTargetBruteForce(ReadOnlySpan<double> x, double z)
    {
        double best = double.PositiveInfinity;
        for (ulong m = 0; m < 1UL << x.Length; m++)
        {
            double s = 0;
            for (int i = 0; i < x.Length; i++) if ((m >> i & 1) != 0) s += x[i];
            best = Math.Min(best, Math.Abs(z - s));
        }
        return best;
    }
}
