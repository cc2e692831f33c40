namespace PruneTheory.Sparse.Theory;

/// <summary>
/// Theorem 1's hypothesis and the per-step contraction this suite checks (docs/iht.md, "The guarantee itself").
/// Hypothesis (Jain, Tewari &amp; Kar 2014, Thm 1, as the paper uses it): RSC/RSS constants α, β at level 2s̃ + s and
/// s̃ ≥ 32(β/α)²·s, step η = 2/(3β). Restricted eigenvalues are monotone in the level (interlacing), so α = 0 at any
/// level ≤ 2s̃ + s makes α = 0 there. Rate checked: the contraction of the standard projection argument,
/// ‖w^{t+1} − w*‖ ≤ 2·max(|1 − ηα|, |1 − ηβ|)·‖w^t − w*‖ with α, β at level 2s̃ + s (derived in docs/iht.md).
/// </summary>
public static class TheoremOne
{
    /// <summary>Level at which the hypothesis needs RSC/RSS: 2s̃ + s.</summary>
    public static int Level(int keep, int s) => 2 * keep + s;

    /// <summary>The kept entries the theorem asks for: 32(β/α)²·s (∞ when α = 0).</summary>
    public static double RequiredKeep(double alpha, double beta, int s) =>
        alpha <= RestrictedEigen.ZeroTolerance ? double.PositiveInfinity : 32 * (beta / alpha) * (beta / alpha) * s;

    /// <summary>
    /// Certified "does not apply": evaluated with α̂ ≥ α and β̂ ≤ β, 32(β̂/α̂)²s ≤ 32(β/α)²s, so s̃ below it (or α̂ = 0)
    /// means the hypothesis fails for the true constants too.
    /// </summary>
    public static bool CertifiedInapplicable(EigenBracket atLevel, int keep, int s) => keep < RequiredKeep(atLevel.AlphaHat, atLevel.BetaHat, s);

    /// <summary>ρ(α, β, η) = 2·max(|1 − ηα|, |1 − ηβ|); informative (below 1) only for a well-conditioned level.</summary>
    public static double ContractionBound(double alpha, double beta, double eta) =>
        2 * Math.Max(Math.Abs(1 - eta * alpha), Math.Abs(1 - eta * beta));
}
