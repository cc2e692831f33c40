using PruneTheory.Random;
using PruneTheory.Statistics;

namespace PruneTheory.ProofsSim.Claims.NeuronVsWeight;

/// <summary>
/// Per-replicate statistics of this area's verdicts (one value per nested path, never per point of a path) and
/// the synthetic error paths their calibration draws. Intervals and stability come from <see cref="ReplicateMean"/>.
/// </summary>
internal static class PathStatistics
{
    /// <summary>Least-squares slope of y on x (no interval: the replicates give it). O(n).</summary>
    public static double Slope(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0;
        for (int i = 0; i < x.Count; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); }
        return sxy / sxx;
    }

    /// <summary>Geometric decay rate of one error path in bits per unit of <paramref name="n"/> over the index range [from, to).</summary>
    public static double BitsPerUnit(IReadOnlyList<double> n, IReadOnlyList<double> error, int from, int to) =>
        Slope(n.Skip(from).Take(to - from).ToArray(), error.Skip(from).Take(to - from).Select(e => -Math.Log2(Math.Max(e, 1e-300))).ToArray());

    /// <summary>
    /// Per-path decay rates (early half, late half, whole range) of non-increasing error paths: the replicate
    /// values of the "geometric decay continues" rules of rss-cover and wp-construction.
    /// </summary>
    public static (double[] Early, double[] Late, double[] Whole) DecayRates(IReadOnlyList<double> n, IReadOnlyList<double[]> paths, int from)
    {
        int to = n.Count, mid = from + (to - from) / 2;
        return (paths.Select(p => BitsPerUnit(n, p, from, mid + 1)).ToArray(),
                paths.Select(p => BitsPerUnit(n, p, mid, to)).ToArray(),
                paths.Select(p => BitsPerUnit(n, p, from, to)).ToArray());
    }

    /// <summary>
    /// A synthetic non-increasing error path: log₂ E_n = −bits·n (the rate drops to lateFactor·bits after
    /// <paramref name="knee"/>) plus i.i.d. Gaussian noise of <paramref name="noiseBits"/>, running minimum, capped at <paramref name="cap"/>.
    /// </summary>
    public static double[] GeometricPath(IReadOnlyList<double> n, double bits, double lateFactor, double knee, double noiseBits, double offsetBits,
        RandomStream rng, double cap = 1)
    {
        var e = new double[n.Count];
        double best = cap;
        for (int i = 0; i < n.Count; i++)
        {
            double logE = offsetBits - bits * Math.Min(n[i], knee) - lateFactor * bits * Math.Max(0, n[i] - knee) + noiseBits * rng.NextGaussian();
            e[i] = best = Math.Min(best, Math.Pow(2, logE));
        }
        return e;
    }
}
