using PruneTheory.Random;
using PruneTheory.Statistics;

namespace PruneTheory.ProofsSim.Claims.NeuronVsWeight;

/// <summary>
/// Width thresholds from nested paths. values[path][i] is the error at width sizes[i] (non-increasing along a
/// path). N*_q(ε) is read from the isotonic fit of P̂(error ≤ ε) over the sizes (interpolated in log N);
/// its CI comes from a bootstrap over paths (B resamples, percentile, +∞ when a resample never reaches q).
/// </summary>
internal static class WidthThresholds
{
    public static int Successes(IReadOnlyList<double[]> values, int i, double eps) => values.Count(v => v[i] <= eps);

    public static double Point(IReadOnlyList<double> sizes, IReadOnlyList<double[]> values, double eps, double q)
    {
        var succ = sizes.Select((_, i) => Successes(values, i, eps)).ToArray();
        return Isotonic.Threshold(sizes, succ, sizes.Select(_ => values.Count).ToArray(), q) ?? double.PositiveInfinity;
    }

    public static Interval Ci(IReadOnlyList<double> sizes, IReadOnlyList<double[]> values, double eps, double q, RngKey key, int resamples = 1000)
    {
        var stream = key.Stream();
        var stats = new double[resamples];
        var sample = new double[values.Count][];
        for (int b = 0; b < resamples; b++)
        {
            for (int i = 0; i < sample.Length; i++) sample[i] = values[stream.NextInt(values.Count)];
            stats[b] = Point(sizes, sample, eps, q);
        }
        Array.Sort(stats);
        return new Interval(stats[(int)(0.025 * (resamples - 1))], stats[(int)Math.Ceiling(0.975 * (resamples - 1))]);
    }

    /// <summary>Empirical q-quantile (order statistic ⌈qT⌉) allowing +∞ entries, with a bootstrap percentile CI.</summary>
    public static (double Point, Interval Ci) Quantile(IReadOnlyList<double> sample, double q, RngKey key, int resamples = 1000)
    {
        static double Order(double[] s, double q) { Array.Sort(s); return s[Math.Max(0, (int)Math.Ceiling(q * s.Length) - 1)]; }
        var stream = key.Stream();
        var stats = new double[resamples];
        var buf = new double[sample.Count];
        for (int b = 0; b < resamples; b++)
        {
            for (int i = 0; i < buf.Length; i++) buf[i] = sample[stream.NextInt(sample.Count)];
            stats[b] = Order(buf, q);
        }
        Array.Sort(stats);
        return (Order(sample.ToArray(), q), new Interval(stats[(int)(0.025 * (resamples - 1))], stats[(int)Math.Ceiling(0.975 * (resamples - 1))]));
    }

    /// <summary>First index at which a non-increasing path is ≤ ε, as its size; +∞ if never.</summary>
    public static double FirstPassage(IReadOnlyList<double> sizes, double[] path, double eps)
    {
        for (int i = 0; i < sizes.Count; i++) if (path[i] <= eps) return sizes[i];
        return double.PositiveInfinity;
    }
}
