using MathNet.Numerics.Distributions;

namespace PruneTheory.Statistics;

/// <summary>Confidence intervals for a binomial proportion k/n.</summary>
public static class BinomialInterval
{
    /// <summary>Wilson score interval (good coverage at small n and near 0 or 1).</summary>
    public static Interval Wilson(int k, int n, double confidence = 0.95)
    {
        Check(k, n, confidence);
        if (n == 0) return new Interval(0, 1);
        double z = Normal.InvCDF(0, 1, 0.5 + confidence / 2);
        double p = (double)k / n, z2 = z * z;
        double denom = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denom;
        double half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denom;
        // At k = 0 or k = n the bound is exactly 0 or 1; rounding must not exclude the estimate.
        return new Interval(k == 0 ? 0 : Math.Max(0, centre - half), k == n ? 1 : Math.Min(1, centre + half));
    }

    /// <summary>Clopper–Pearson exact interval from Beta quantiles (conservative).</summary>
    public static Interval ClopperPearson(int k, int n, double confidence = 0.95)
    {
        Check(k, n, confidence);
        if (n == 0) return new Interval(0, 1);
        double a = (1 - confidence) / 2;
        double lo = k == 0 ? 0 : Beta.InvCDF(k, n - k + 1, a);
        double hi = k == n ? 1 : Beta.InvCDF(k + 1, n - k, 1 - a);
        return new Interval(lo, hi);
    }

    private static void Check(int k, int n, double confidence)
    {
        if (n < 0 || k < 0 || k > n) throw new ArgumentOutOfRangeException(nameof(k), $"need 0 <= k <= n (k={k}, n={n})");
        if (!(confidence > 0 && confidence < 1)) throw new ArgumentOutOfRangeException(nameof(confidence));
    }
}
