namespace PruneTheory.Statistics;

/// <summary>Isotonic (monotone non-decreasing) regression by pool-adjacent-violators, and threshold reading.</summary>
public static class Isotonic
{
    /// <summary>Weighted least-squares non-decreasing fit of y. O(n).</summary>
    public static double[] Increasing(IReadOnlyList<double> y, IReadOnlyList<double> w)
    {
        int n = y.Count;
        var value = new double[n]; var weight = new double[n]; var size = new int[n];
        int blocks = 0;
        for (int i = 0; i < n; i++)
        {
            value[blocks] = y[i]; weight[blocks] = w[i]; size[blocks] = 1; blocks++;
            while (blocks > 1 && value[blocks - 2] > value[blocks - 1])
            {
                double wt = weight[blocks - 2] + weight[blocks - 1];
                value[blocks - 2] = wt == 0 ? (value[blocks - 2] + value[blocks - 1]) / 2
                    : (value[blocks - 2] * weight[blocks - 2] + value[blocks - 1] * weight[blocks - 1]) / wt;
                weight[blocks - 2] = wt; size[blocks - 2] += size[blocks - 1]; blocks--;
            }
        }
        var fit = new double[n];
        for (int b = 0, i = 0; b < blocks; b++)
            for (int k = 0; k < size[b]; k++) fit[i++] = value[b];
        return fit;
    }

    /// <summary>
    /// Smallest x at which the isotonic success-probability fit reaches <paramref name="level"/>,
    /// interpolated linearly in log x between grid points; null if never reached. xs ascending and positive.
    /// </summary>
    public static double? Threshold(IReadOnlyList<double> xs, IReadOnlyList<int> successes, IReadOnlyList<int> trials, double level)
    {
        var p = Increasing(xs.Select((_, i) => trials[i] == 0 ? 0.0 : (double)successes[i] / trials[i]).ToArray(),
                           trials.Select(t => (double)t).ToArray());
        for (int i = 0; i < p.Length; i++)
        {
            if (p[i] < level) continue;
            if (i == 0 || p[i] == p[i - 1]) return xs[i];
            double f = (level - p[i - 1]) / (p[i] - p[i - 1]);
            return Math.Exp(Math.Log(xs[i - 1]) + f * (Math.Log(xs[i]) - Math.Log(xs[i - 1])));
        }
        return null;
    }
}
