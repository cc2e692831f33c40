using PruneTheory.Random;

namespace PruneTheory.Statistics;

/// <summary>
/// Percentile bootstrap confidence intervals. Resamples come from a counter-based key, so an interval
/// is a pure function of (sample, key): reproducible in summaries and tests.
/// </summary>
public static class Bootstrap
{
    public static Interval Ci(IReadOnlyList<double> sample, Func<double[], double> statistic, RngKey key,
        int resamples = 2000, double confidence = 0.95)
    {
        if (sample.Count == 0) throw new ArgumentException("empty sample");
        var stream = key.Stream();
        var stats = new double[resamples];
        var buf = new double[sample.Count];
        for (int b = 0; b < resamples; b++)
        {
            for (int i = 0; i < buf.Length; i++) buf[i] = sample[stream.NextInt(sample.Count)];
            stats[b] = statistic(buf);
        }
        Array.Sort(stats);
        double a = (1 - confidence) / 2;
        return new Interval(Quantiles.OfSorted(stats, a), Quantiles.OfSorted(stats, 1 - a));
    }

    public static Interval QuantileCi(IReadOnlyList<double> sample, double q, RngKey key,
        int resamples = 2000, double confidence = 0.95) =>
        Ci(sample, xs => Quantiles.Of(xs, q), key, resamples, confidence);
}
