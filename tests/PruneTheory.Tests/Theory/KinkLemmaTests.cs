using FsCheck.Xunit;
using PruneTheory.Theory.Relu2D;
using Xunit;

namespace PruneTheory.Tests.Theory;

/// <summary>
/// Direct tests of the proof's two devices (spec §2.7): Lemma 2 ("a breakpoint is necessary") for every subset, not only the
/// optimum, and the broken-bin inequality on a line family t ↦ (t, 1), where unit k is α_k σ(w_k1 t + w_k2) with breakpoint
/// −w_k2/w_k1 and slope jump α_k|w_k1|.
/// </summary>
public class KinkLemmaTests
{
    /// <summary>Lemma 2, model A, circle: any subset S with no kink line within Δ_S of the target's has sup error ≥ (r/2)·tan(Δ_S/2).</summary>
    [Property(MaxTest = 60)]
    public void Every_subset_is_above_the_kink_bound_of_its_own_nearest_kink(int seed)
    {
        int n = 1 + (int)((uint)seed % 24);
        var p = TheoryFixtures.Problem(seed, n);
        var s = TheoryFixtures.Subset(seed, n);
        double delta = Math.PI / 2;
        for (int k = 0; k < n; k++) if (s[k]) delta = Math.Min(delta, AnalyticBound.LineAngle(p.Psi[k], p.TargetPhi));
        double err = new ArcVerifier(p).Evaluate(s).Value;
        Assert.True(err >= AnalyticBound.Certified(delta, p.TargetR) - 1e-12, $"error {err} below LB({delta})");
    }

    private static double Line(double t, double[] w1, double[] w2, double[] alpha, bool[] s, double t1, double t2)
    {
        double g = 0;
        for (int k = 0; k < w1.Length; k++) if (s[k]) g += alpha[k] * Math.Max(0, w1[k] * t + w2[k]);
        return Math.Max(0, t1 * t + t2) - g;
    }

    /// <summary>
    /// Broken-bin identity e(a−δ) + e(a+δ) − 2e(a) = Σ_τ J_τ(δ − |τ − a|) over the slope jumps in the window, hence
    /// sup|e| on the window ≥ ¼|Σ_τ J_τ(δ − |τ − a|)|; with no unit breakpoint in the window (Lemma 2 on the line) the sum is
    /// the target's jump alone and sup|e| ≥ |w*₁|δ/4.
    /// </summary>
    [Property(MaxTest = 60)]
    public void Broken_bin_identity_and_inequality_hold_on_the_line(int seed)
    {
        int n = 1 + (int)((uint)seed % 16);
        var rng = TheoryFixtures.Key(seed, "line").Stream();
        var w1 = new double[n]; var w2 = new double[n]; var alpha = new double[n];
        rng.FillGaussian(w1); rng.FillGaussian(w2); rng.FillGaussian(alpha);
        double t1 = rng.NextGaussian(), t2 = rng.NextGaussian(), tStar = -t2 / t1;
        var s = TheoryFixtures.Subset(seed, n);
        double a = rng.NextDouble() < 0.5 ? tStar + rng.NextUniform(-0.2, 0.2) : rng.NextUniform(-3, 3), delta = rng.NextUniform(0.01, 1);
        double lhs = Line(a - delta, w1, w2, alpha, s, t1, t2) + Line(a + delta, w1, w2, alpha, s, t1, t2) - 2 * Line(a, w1, w2, alpha, s, t1, t2);
        double rhs = 0; bool unitInWindow = false;
        if (Math.Abs(tStar - a) < delta) rhs += Math.Abs(t1) * (delta - Math.Abs(tStar - a));
        for (int k = 0; k < n; k++)
        {
            double tk = -w2[k] / w1[k];
            if (!s[k] || Math.Abs(tk - a) >= delta) continue;
            rhs -= alpha[k] * Math.Abs(w1[k]) * (delta - Math.Abs(tk - a));
            unitInWindow = true;
        }
        Assert.Equal(rhs, lhs, 1e-9 * (1 + Math.Abs(rhs)));
        double sup = Enumerable.Range(0, 2001).Max(i => Math.Abs(Line(a - delta + 2 * delta * i / 2000.0, w1, w2, alpha, s, t1, t2)));
        Assert.True(sup >= Math.Abs(rhs) / 4 - 1e-12);
        // a window without unit breakpoints sees only the target's jump: the sum is |w*₁|(δ − |t* − a|) ≥ 0 or 0
        if (!unitInWindow) Assert.True(rhs >= 0);
    }

    /// <summary>Lemma 2 on the line: no unit breakpoint within δ of the target's breakpoint t* ⇒ sup|e| on [t*−δ, t*+δ] ≥ |w*₁|·δ/4.</summary>
    [Property(MaxTest = 60)]
    public void No_breakpoint_near_the_targets_forces_error_on_the_line(int seed)
    {
        int n = 1 + (int)((uint)seed % 16);
        var rng = TheoryFixtures.Key(seed, "lemma2-line").Stream();
        var w1 = new double[n]; var w2 = new double[n]; var alpha = new double[n];
        rng.FillGaussian(w1); rng.FillGaussian(w2); rng.FillGaussian(alpha);
        double t1 = rng.NextGaussian(), t2 = rng.NextGaussian(), tStar = -t2 / t1;
        var s = TheoryFixtures.Subset(seed, n);
        double delta = double.PositiveInfinity;
        for (int k = 0; k < n; k++) if (s[k]) delta = Math.Min(delta, Math.Abs(-w2[k] / w1[k] - tStar));
        delta = Math.Min(delta, 1);
        double sup = Enumerable.Range(0, 2001).Max(i => Math.Abs(Line(tStar - delta + 2 * delta * i / 2000.0, w1, w2, alpha, s, t1, t2)));
        Assert.True(sup >= Math.Abs(t1) * delta / 4 - 1e-12, $"sup {sup} < |w*₁|δ/4 = {Math.Abs(t1) * delta / 4}");
    }
}
