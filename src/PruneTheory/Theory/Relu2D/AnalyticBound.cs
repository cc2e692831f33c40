namespace PruneTheory.Theory.Relu2D;

/// <summary>
/// P2, the analytic necessary condition (spec §2.7, model A): if no network kink line lies within angle δ
/// of the target's, g_S is a single sinusoid near the target kink and sup|f − g_S| ≥ LB(δ) = r sin δ/(6 − 2cos δ).
/// Hence E*_N ≥ max_{δ ≤ Δ_min} LB(δ), success at ε needs Δ_min ≤ δ*(ε), and
/// P[E*_N ≤ ε] ≤ 1 − (1 − 2δ*/π)^N.
/// </summary>
public static class AnalyticBound
{
    /// <summary>LB is increasing on [0, acos(1/3)] and decreasing after it.</summary>
    public static readonly double PeakAngle = Math.Acos(1.0 / 3);

    public static double Lb(double delta, double r = 1) => r * Math.Sin(delta) / (6 - 2 * Math.Cos(delta));

    /// <summary>max_{δ' ≤ δ} LB(δ'): the certified lower bound on E*_N when Δ_min = δ. O(1).</summary>
    public static double Certified(double deltaMin, double r = 1) => Lb(Math.Min(deltaMin, PeakAngle), r);

    /// <summary>Angle between the kink lines of directions a and b (mod π), in [0, π/2]. O(1).</summary>
    public static double LineAngle(double a, double b)
    {
        double d = Math.IEEERemainder(a - b, Math.PI);
        return Math.Abs(d);
    }

    /// <summary>Δ_min: smallest angle between a unit's kink line and the target's. O(N).</summary>
    public static double DeltaMin(CircleProblem p)
    {
        double best = Math.PI / 2;
        foreach (double psi in p.Psi) best = Math.Min(best, LineAngle(psi, p.TargetPhi));
        return best;
    }

    /// <summary>Certified E*_N lower bound of one 2-D problem, O(N); for slices take the max over slices.</summary>
    public static double LowerBound(CircleProblem p) => Certified(DeltaMin(p), p.TargetR);

    /// <summary>δ*(ε): the smallest δ with LB(δ) ≥ ε (bisection to 1e-15); π/2 when no δ works (vacuous).</summary>
    public static double DeltaStar(double epsilon, double r = 1)
    {
        if (!(epsilon > 0)) throw new ArgumentException($"epsilon must be > 0 (got {epsilon})");
        if (Lb(PeakAngle, r) < epsilon) return Math.PI / 2;
        double lo = 0, hi = PeakAngle;
        for (int i = 0; i < 200 && hi - lo > 1e-15; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (Lb(mid, r) >= epsilon) hi = mid; else lo = mid;
        }
        return hi;
    }

    /// <summary>Upper bound on P[E*_N ≤ ε] for d = 2: 1 − (1 − 2δ*/π)^N.</summary>
    public static double SuccessProbabilityBound(double epsilon, int n, double r = 1) =>
        1 - Math.Pow(1 - Math.Min(1, 2 * DeltaStar(epsilon, r) / Math.PI), n);
}
