using PruneTheory.Statistics;

namespace PruneTheory.Sparse.Theory;

/// <summary>
/// The linear rate of an error sequence e_t = ‖w^t − w*‖: ρ̂ = exp(slope) of the least-squares line through log e_t over
/// the linear phase, the steps from the first with e_t ≤ <paramref name="start"/>·e_0 (past the support search) while
/// e_t ≥ <paramref name="floor"/>·e_0 (above round-off). Null when fewer than 3 steps fall in that window.
/// </summary>
public static class GeometricRate
{
    public sealed record Fit(double Rho, int FirstStep, int Steps, double RSquared);

    public static Fit? Of(IReadOnlyList<double> errors, double start = 1, double floor = 1e-10)
    {
        if (errors.Count == 0 || !(errors[0] > 0)) return null;
        double e0 = errors[0];
        int first = -1;
        for (int t = 0; t < errors.Count; t++) if (errors[t] <= start * e0) { first = t; break; }
        if (first < 0) return null;
        var xs = new List<double>(); var ys = new List<double>();
        for (int t = first; t < errors.Count && errors[t] >= floor * e0 && errors[t] > 0; t++) { xs.Add(t); ys.Add(Math.Log(errors[t])); }
        if (xs.Count < 3) return null;
        var fit = LinearFit.Ols(xs, ys);
        return new Fit(Math.Exp(fit.Slope), first, xs.Count, fit.RSquared);
    }
}
