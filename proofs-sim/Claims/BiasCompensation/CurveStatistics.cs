using PruneTheory.Statistics;

namespace PruneTheory.ProofsSim.Claims.BiasCompensation;

/// <summary>
/// 95 % confidence intervals for a mean curve value across trials: Student-t over trial means when there are ≥ 2
/// trials (seeds), else the normal interval of the single trial's per-sample mean (test-sample variability only).
/// </summary>
public static class CurveStatistics
{
    public static (double Mean, Interval Ci) Of(IReadOnlyList<MethodCurve> curves, Func<MethodCurve, double> mean, Func<MethodCurve, double> sd, int testCount)
    {
        var means = curves.Select(mean).ToArray();
        double m = means.Average();
        if (means.Length >= 2)
        {
            double s = Math.Sqrt(means.Sum(x => (x - m) * (x - m)) / (means.Length - 1));
            double h = StudentT95(means.Length - 1) * s / Math.Sqrt(means.Length);
            return (m, new Interval(m - h, m + h));
        }
        double half = 1.959964 * sd(curves[0]) / Math.Sqrt(testCount);
        return (m, new Interval(m - half, m + half));
    }

    /// <summary>97.5 % quantile of Student's t with <paramref name="df"/> degrees of freedom.</summary>
    public static double StudentT95(int df) => MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, df, 0.975);

    /// <summary>
    /// Paired verdict of EC vs <paramref name="method"/> at ratio index r: +1 if EC's loss is lower with the CI of the
    /// difference above 0, −1 if higher with the CI below 0, 0 otherwise.
    /// </summary>
    public static int EcVersus(IReadOnlyList<MethodCurve[]> trials, string method, int r, int testCount, out double diff, out Interval ci)
    {
        var curves = trials.Select(t => t.Single(c => c.Method == method)).ToList();
        (diff, ci) = Of(curves, c => c.DiffVsEc[r], c => c.DiffVsEcSd[r], testCount);
        return ci.Lower > 0 ? 1 : ci.Upper < 0 ? -1 : 0;
    }
}
