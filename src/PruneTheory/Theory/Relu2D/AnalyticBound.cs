namespace PruneTheory.Theory.Relu2D;

/// <summary>
/// P2, the analytic necessary condition (spec §2.7, model A): if no network kink line lies within angle δ
/// of the target's, g_S is a single sinusoid on the arc of half-width δ around the target kink, and the best
/// sinusoid against r·max(−sin t, 0) on |t| ≤ δ (odd part −(r/2) sin t, even part equioscillating between t = 0
/// and t = ±δ) leaves sup|f − g_S| ≥ LB(δ) = (r/2)·tan(δ/2): increasing, tight for the arc, non-vacuous for ε < r/2.
/// (Issue 18 item 3; it replaces the looser r sin δ/(6 − 2cos δ), vacuous above 0.177.)
/// Hence E*_N ≥ LB(Δ_min), success at ε needs Δ_min ≤ δ*(ε), and
/// P[E*_N ≤ ε] ≤ 1 − (1 − 2δ*/π)^N.
/// </summary>
public static class AnalyticBound
{
    /// <summary>LB is increasing on [0, π/2] (Δ_min never exceeds π/2).</summary>
    public static readonly double PeakAngle = Math.PI / 2;

    public static double Lb(double delta, double r = 1) => 0.5 * r * Math.Tan(0.5 * delta);

    /// <summary>LB(min(δ, π/2)): the certified lower bound on E*_N when Δ_min = δ. O(1).</summary>
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

    /// <summary>δ*(ε) = 2·atan(2ε/r): the smallest δ with LB(δ) ≥ ε; π/2 when none works (ε ≥ r/2, vacuous).</summary>
    public static double DeltaStar(double epsilon, double r = 1)
    {
        if (!(epsilon > 0)) throw new ArgumentException($"epsilon must be > 0 (got {epsilon})");
        if (Lb(PeakAngle, r) < epsilon) return Math.PI / 2;
        return Math.Min(Math.PI / 2, 2 * Math.Atan(2 * epsilon / r));
    }

    /// <summary>Upper bound on P[E*_N ≤ ε] for d = 2: 1 − (1 − 2δ*/π)^N.</summary>
    public static double SuccessProbabilityBound(double epsilon, int n, double r = 1) =>
        1 - Math.Pow(1 - Math.Min(1, 2 * DeltaStar(epsilon, r) / Math.PI), n);
}
