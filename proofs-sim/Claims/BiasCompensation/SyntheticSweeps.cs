using PruneTheory.Random;

namespace PruneTheory.ProofsSim.Claims.BiasCompensation;

/// <summary>
/// Synthetic method curves for calibrating <see cref="ReplicateComparison"/> (no simulation). Loss and relative L2 are
/// log-normal around a curve that grows with the ratio: a network effect shared by all methods of a replicate (sd 0.5
/// in log, the spread of EC's PDE MSE over seeds 0-3: 0.055 / 0.046 / 0.026 / 0.016) times a method-by-network
/// effect (sd <see cref="MethodNoise"/>). Accuracy likewise with additive noise (sd 0.02 shared, 0.015 per method).
/// In the holding world every method other than EC is worse by the planted gap (×1.6 in loss and relative L2,
/// −4 points of accuracy: the size of EC's measured gain over Magnitude on MNIST at 80 %); in the failing world
/// there is no gap.
/// </summary>
public static class SyntheticSweeps
{
    public const double MethodNoise = 0.15, LogGap = 0.47, AccuracyGap = 0.04;

    /// <summary>The display names of a spec's methods that the rule reads: EC and its rivals.</summary>
    public static string[] RuleMethods(IEnumerable<string> methods) =>
        PruningSweep.DisplayNames(methods).Where(n => n == ReplicateComparison.EcName || PruningSweep.Rivals.Contains(n)).ToArray();

    public static MethodCurve[] Replicate(IReadOnlyList<string> methods, double[] ratios, bool holds, RandomStream rng)
    {
        int R = ratios.Length;
        double net = 0.5 * rng.NextGaussian(), netAcc = 0.02 * rng.NextGaussian();
        return methods.Select(m =>
        {
            bool penalised = holds && m != ReplicateComparison.EcName;
            var c = new MethodCurve(m, new double[R], new double[R], new double[R], new double[R], new double[R], new double[R], (double[])ratios.Clone());
            for (int r = 0; r < R; r++)
            {
                double rho = ratios[r], e = MethodNoise * rng.NextGaussian() + (penalised && rho > 0 ? LogGap : 0);
                c.Loss[r] = 0.1 * (1 + 20 * rho * rho * rho) * Math.Exp(net + e);
                c.LossSd[r] = c.Loss[r];
                c.RelativeL2[r] = Math.Min(0.6, 0.05 * (1 + 5 * rho * rho) * Math.Exp(net + e));
                c.Accuracy[r] = Math.Clamp(0.97 - 0.2 * rho * rho * rho + netAcc + 0.015 * rng.NextGaussian() - (penalised && rho > 0 ? AccuracyGap : 0), 0.2, 1);
            }
            return c;
        }).ToArray();
    }
}
