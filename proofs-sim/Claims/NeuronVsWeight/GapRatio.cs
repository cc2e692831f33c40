namespace PruneTheory.ProofsSim.Claims.NeuronVsWeight;

/// <summary>
/// The verdict's quantities of gap-figure, both sides in model A with w* = e₁ on the same network: the exact neuron-pruning
/// first passage from the certified brackets and the weight-pruning construction width (x₁-masks + subset sum).
/// </summary>
internal static class GapRatio
{
    /// <summary>
    /// Certified lower end of one path's exact neuron-pruning passage N*(ε): below the first width whose certified lower bound
    /// allows ε no subset succeeds (1 if the first width may already succeed); +∞ if the passage is not bracketed inside the
    /// exact grid (no width's verified upper bound reaches ε).
    /// </summary>
    public static double NpExactPassage(GapSpec spec, GapTrial t, int e)
    {
        double eps = spec.Epsilons[e];
        if (!t.Np.Any(p => p.Upper <= eps)) return double.PositiveInfinity;
        int i = Array.FindIndex(t.Np, p => p.Lower <= eps);
        return i == 0 ? 1 : spec.NpWidths[i - 1] + 1;
    }

    /// <summary>Width of the model-A e₁ weight-pruning construction reaching ε (nested widths 1..WpAMaxWidth); +∞ if not reached.</summary>
    public static double WpAPassage(GapTrial t, double eps)
    {
        for (int n = 0; n < t.WpA.Length; n++) if (t.WpA[n] <= eps) return n + 1;
        return double.PositiveInfinity;
    }

    /// <summary>ε indices where every path's exact neuron passage is bracketed in the exact grid and its construction reached ε.</summary>
    public static int[] FitIndices(GapSpec spec, IReadOnlyList<GapTrial> trials) =>
        Enumerable.Range(0, spec.Epsilons.Length).Where(e => trials.All(t =>
            double.IsFinite(NpExactPassage(spec, t, e)) && double.IsFinite(WpAPassage(t, spec.Epsilons[e])))).ToArray();

    /// <summary>Per path, least-squares slope of log(N_NP/N_WP) on log(1/ε) over <paramref name="idx"/>.</summary>
    public static double[] PathExponents(GapSpec spec, IReadOnlyList<GapTrial> trials, int[] idx)
    {
        var x = idx.Select(e => Math.Log(spec.InverseEpsilons[e])).ToArray();
        return trials.Select(t => PathStatistics.Slope(x, idx.Select(e => Math.Log(NpExactPassage(spec, t, e) / WpAPassage(t, spec.Epsilons[e]))).ToArray())).ToArray();
    }

    /// <summary>
    /// The rule's threshold: half the exponent that the predicted shape (1/ε)/log₂(1/ε) has over the fitted range (least
    /// squares on the same points). Over a short range log and power are close, so a fixed exponent would not be fair.
    /// </summary>
    public static double Threshold(GapSpec spec, int[] idx) => Threshold(spec.InverseEpsilons, idx);

    public static double Threshold(double[] inverseEpsilons, int[] idx)
    {
        var x = idx.Select(e => Math.Log(inverseEpsilons[e])).ToArray();
        var y = idx.Select(e => Math.Log(inverseEpsilons[e] / Math.Log2(inverseEpsilons[e]))).ToArray();
        return 0.5 * PathStatistics.Slope(x, y);
    }

    /// <summary>
    /// Median over paths of the exact ratio N_NP/N_WP at ε: a neuron passage beyond the exact grid counts as +∞ (it only
    /// exceeds the grid), a construction that did not reach ε makes the ratio unknown (NaN).
    /// </summary>
    public static double MedianRatio(GapSpec spec, IReadOnlyList<GapTrial> ts, int e)
    {
        if (ts.Any(t => !double.IsFinite(WpAPassage(t, spec.Epsilons[e])))) return double.NaN;
        return LowerMedian(ts.Select(t => NpExactPassage(spec, t, e) / WpAPassage(t, spec.Epsilons[e])));
    }

    /// <summary>The lower median (the ⌈n/2⌉-th order statistic), defined with +∞ entries.</summary>
    public static double LowerMedian(IEnumerable<double> values)
    {
        var r = values.OrderBy(v => v).ToArray();
        return r[Math.Max(0, (int)Math.Ceiling(0.5 * r.Length) - 1)];
    }

    /// <summary>The crossing: smallest 1/ε of the fit range from which the median exact ratio stays ≥ 1 (NaN if it never does).</summary>
    public static double Crossing(GapSpec spec, IReadOnlyList<GapTrial> trials, int[] idx)
    {
        double crossing = double.NaN;
        for (int j = idx.Length - 1; j >= 0 && MedianRatio(spec, trials, idx[j]) >= 1; j--) crossing = spec.InverseEpsilons[idx[j]];
        return crossing;
    }
}

/// <summary>
/// The certified part of gap-figure's rule (model A, e₁, same networks): the certified lower bound on the neuron-pruning
/// passage (the larger of the analytic passage and the exact brackets' lower end, <see cref="GapCurves.NpCertifiedPassage"/>)
/// over the weight-pruning construction width, over the whole ε grid where the bound bites (ε &lt; 1/2).
/// </summary>
internal static class GapCertifiedRatio
{
    /// <summary>ε indices with a non-vacuous analytic bound (ε &lt; 1/2) at which every path's construction reached ε.</summary>
    public static int[] FitIndices(GapSpec spec, IReadOnlyList<GapTrial> trials) =>
        Enumerable.Range(0, spec.Epsilons.Length).Where(e => spec.Epsilons[e] < 0.5
            && trials.All(t => double.IsFinite(GapRatio.WpAPassage(t, spec.Epsilons[e])))).ToArray();

    /// <summary>Per path, slope of log(certified N_NP / N_WP) on log(1/ε); beyond the analytic scan N_NP is capped at the scan width + 1 (still a lower bound).</summary>
    public static double[] PathExponents(GapSpec spec, IReadOnlyList<GapTrial> trials, int[] idx)
    {
        var x = idx.Select(e => Math.Log(spec.InverseEpsilons[e])).ToArray();
        return trials.Select(t => PathStatistics.Slope(x, idx.Select(e =>
            Math.Log(Math.Min(GapCurves.NpCertifiedPassage(spec, t, e), spec.AnalyticMaxWidth + 1.0) / GapRatio.WpAPassage(t, spec.Epsilons[e]))).ToArray())).ToArray();
    }
}
