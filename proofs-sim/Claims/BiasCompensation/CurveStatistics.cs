using PruneTheory.Statistics;

namespace PruneTheory.ProofsSim.Claims.BiasCompensation;

/// <summary>
/// 95 % intervals for a figure's mean curve value: Student-t over trained networks (replicates) when there are ≥ 2;
/// with one network only the test-sample interval of its per-sample mean (drawn, but never used for a verdict).
/// </summary>
public static class CurveStatistics
{
    public static (double Mean, Interval Ci) Of(IReadOnlyList<MethodCurve> curves, Func<MethodCurve, double> mean, Func<MethodCurve, double> sd, int testCount)
    {
        var means = curves.Select(mean).ToArray();
        if (means.Length >= 2)
        {
            var rm = ReplicateMean.Of(means);
            return (rm.Mean, rm.Ci);
        }
        double half = 1.959964 * sd(curves[0]) / Math.Sqrt(testCount);
        return (means[0], new Interval(means[0] - half, means[0] + half));
    }
}
