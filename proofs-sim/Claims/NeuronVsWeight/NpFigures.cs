using PruneTheory.Experiments;
using PruneTheory.Figures;
using PruneTheory.Random;
using PruneTheory.Statistics;
using PruneTheory.Theory.Relu2D;

namespace PruneTheory.ProofsSim.Claims.NeuronVsWeight;

/// <summary>The figures and statistics of np-2d (also reused by gap-figure).</summary>
internal static class NpFigures
{
    private static readonly System.Globalization.CultureInfo Inv = System.Globalization.CultureInfo.InvariantCulture;

    /// <summary>Median and q90 of E*_N with bootstrap CIs, the median of the analytic bound, and a 1/N reference.</summary>
    public static void QuantileFigure(SummaryContext ctx, double[] sizes, IReadOnlyList<NpTrial> trials, RngKey key, Dictionary<string, double> metrics)
    {
        var plot = new LogPlot("Neuron pruning, d = 2: optimal error E*_N of nested random nets", "hidden units N", "E*_N = min over subsets of sup-error", true, true);
        var csv = new CsvTable("N", "median", "median_lo", "median_hi", "q10", "q90", "q90_lo", "q90_hi", "analytic_median", "N_times_median");
        var med = new double[sizes.Length]; var mlo = new double[sizes.Length]; var mhi = new double[sizes.Length];
        var q90 = new double[sizes.Length]; var q90lo = new double[sizes.Length]; var q90hi = new double[sizes.Length];
        var q10 = new double[sizes.Length]; var an = new double[sizes.Length];
        for (int i = 0; i < sizes.Length; i++)
        {
            var e = trials.Select(t => t.Points[i].Upper).ToArray();
            (med[i], var ci) = WidthThresholds.Quantile(e, 0.5, key.FoldIn((ulong)i)); mlo[i] = ci.Lower; mhi[i] = ci.Upper;
            (q90[i], var c9) = WidthThresholds.Quantile(e, 0.9, key.FoldIn((ulong)i + 1000)); q90lo[i] = c9.Lower; q90hi[i] = c9.Upper;
            q10[i] = Quantiles.Of(e, 0.1);
            an[i] = Quantiles.Median(trials.Select(t => t.Points[i].Analytic));
            csv.Add(sizes[i], med[i], mlo[i], mhi[i], q10[i], q90[i], q90lo[i], q90hi[i], an[i], sizes[i] * med[i]);
        }
        plot.Points(sizes, med, mlo, mhi, "median E*_N (95% bootstrap CI)", 0);
        plot.Points(sizes, q90, q90lo, q90hi, "90% quantile", 1);
        plot.Line(sizes, q10, "10% quantile", 2, dashed: true);
        plot.Line(sizes, an, "median certified analytic bound (P2)", 6, dashed: true);
        double c = sizes[^1] * med[^1];
        plot.Line(sizes, sizes.Select(n => c / n).ToArray(), string.Format(Inv, "reference {0:F1}/N (slope −1)", c), 3, dashed: true);
        ctx.Figures.Save("np-2d-quantiles", plot.Finish(ScottPlot.Alignment.LowerLeft), csv, "markers: median E*ₙ over paths; bars: 95 % bootstrap CI of the median; other lines as labelled");
        var fitIdx = Enumerable.Range(0, sizes.Length).Where(i => sizes[i] >= 8 && med[i] > 0).ToArray();
        if (fitIdx.Length >= 3)
        {
            var f = LinearFit.PowerLaw(fitIdx.Select(i => sizes[i]).ToArray(), fitIdx.Select(i => med[i]).ToArray());
            metrics["median_slope"] = f.Slope; metrics["median_slope_lo"] = f.SlopeCi.Lower; metrics["median_slope_hi"] = f.SlopeCi.Upper;
        }
        metrics["N_times_median_last"] = c;
    }

    /// <summary>P̂(E*_N ≤ ε) with Wilson intervals against the analytic bound 1 − (1 − 2δ*/π)^N.</summary>
    public static void SuccessFigure(SummaryContext ctx, NpTwoDSpec spec, double[] sizes, IReadOnlyList<NpTrial> trials) =>
        SuccessFigure(ctx, [spec.Epsilons[0], spec.Epsilons[spec.Epsilons.Length / 2], spec.Epsilons[^1], 0.1], sizes, trials.Select(t => t.Points).ToList(),
            "np-2d-success", "Neuron pruning, d = 2: success probability vs analytic bound");

    /// <summary>
    /// The same for any ε list and stored brackets; returns the number of (ε, N) cells whose Wilson lower bound on certain successes
    /// lies above the analytic bound (≈ 0 expected: sampling error only).
    /// </summary>
    public static int SuccessFigure(SummaryContext ctx, double[] eps, double[] sizes, IReadOnlyList<NpPoint[]> trials, string name, string title)
    {
        var plot = new LogPlot(title, "hidden units N", "P(E*_N ≤ ε)", true, false);
        var csv = new CsvTable("eps", "N", "successes", "trials", "p_lower_wilson_lo", "p_hat", "p_upper_wilson_hi", "analytic_bound");
        var fine = Enumerable.Range(0, 60).Select(j => Math.Exp(Math.Log(sizes[0]) + j * (Math.Log(sizes[^1]) - Math.Log(sizes[0])) / 59)).ToArray();
        int above = 0;
        for (int e = 0; e < eps.Length; e++)
        {
            var p = new double[sizes.Length]; var lo = new double[sizes.Length]; var hi = new double[sizes.Length];
            for (int i = 0; i < sizes.Length; i++)
            {
                int sureSucc = trials.Count(t => t[i].Upper <= eps[e]), maybe = trials.Count(t => t[i].Lower <= eps[e]);
                p[i] = (double)sureSucc / trials.Count;
                lo[i] = BinomialInterval.Wilson(sureSucc, trials.Count).Lower; hi[i] = BinomialInterval.Wilson(maybe, trials.Count).Upper;
                double bound = AnalyticBound.SuccessProbabilityBound(eps[e], (int)sizes[i]);
                if (lo[i] > bound) above++;
                csv.Add(eps[e], sizes[i], sureSucc, trials.Count, lo[i], p[i], hi[i], bound);
            }
            plot.Points(sizes, p, lo, hi, string.Format(Inv, "ε = {0}: P̂ (Wilson 95% CI)", eps[e]), e);
            if (AnalyticBound.DeltaStar(eps[e]) < Math.PI / 2)
                plot.Line(fine, fine.Select(n => 1 - Math.Pow(1 - 2 * AnalyticBound.DeltaStar(eps[e]) / Math.PI, n)).ToArray(),
                    string.Format(Inv, "ε = {0}: analytic upper bound (not a fit)", eps[e]), e, dashed: true);
        }
        ctx.Figures.Save(name, plot.Finish(), csv, "markers: fraction of paths with E*ₙ ≤ ε; bars: 95 % Wilson interval from certain to possible successes (undecided or unsolved instances)");
        return above;
    }

    /// <summary>N*_1/2(ε) from P_upper (and P_lower) with bootstrap CIs, the ε-exponent fit and the 0.27/ε reference.</summary>
    public static LinearFit? ThresholdFigure(SummaryContext ctx, NpTwoDSpec spec, double[] sizes, List<double[]> lower, List<double[]> upper,
        RngKey key, Dictionary<string, double> metrics, string name = "np-2d-threshold")
    {
        var inv = spec.Epsilons.Select(e => 1 / e).ToArray();
        var pt = new double[inv.Length]; var lo = new double[inv.Length]; var hi = new double[inv.Length]; var ptLower = new double[inv.Length]; var pt90 = new double[inv.Length];
        var csv = new CsvTable("eps", "inv_eps", "Nstar_half_Pupper", "ci_lo", "ci_hi", "Nstar_half_Plower", "Nstar_90_Pupper", "analytic_Nhalf");
        for (int e = 0; e < inv.Length; e++)
        {
            double eps = spec.Epsilons[e];
            pt[e] = WidthThresholds.Point(sizes, lower, eps, 0.5);
            ptLower[e] = WidthThresholds.Point(sizes, upper, eps, 0.5);
            pt90[e] = WidthThresholds.Point(sizes, lower, eps, 0.9);
            var ci = WidthThresholds.Ci(sizes, lower, eps, 0.5, key.FoldIn("thr").FoldIn((ulong)e));
            lo[e] = ci.Lower; hi[e] = ci.Upper;
            csv.Add(eps, inv[e], pt[e], lo[e], hi[e], ptLower[e], pt90[e], AnalyticNHalf(eps));
        }
        var plot = new LogPlot("Neuron pruning, d = 2: width needed for success probability 1/2", "1/ε", "N*_1/2(ε)", true, true);
        plot.Points(inv, pt, lo, hi, "exact N*_1/2 (bootstrap 95% CI)", 0, connect: false);
        plot.Line(inv, pt90, "exact N*_0.9 (where reached in the width grid)", 2, dashed: true, markers: true);
        var fine = Enumerable.Range(0, 40).Select(j => inv.Min() * Math.Pow(inv.Max() / inv.Min(), j / 39.0)).ToArray();
        // the analytic bound is vacuous (δ* = π/2) for ε ≥ 1/2: draw it only where it says something
        var useful = fine.Where(x => AnalyticBound.DeltaStar(1 / x) < Math.PI / 2).ToArray();
        plot.Line(useful, useful.Select(x => AnalyticNHalf(1 / x)).ToArray(), "analytic lower bound (P2, (1/2)tan(δ/2) form, ≈ 0.27/ε): a bound, not a fit", 6, dashed: true);
        var idx = Enumerable.Range(0, inv.Length).Where(e => double.IsFinite(pt[e]) && pt[e] > sizes[0]).ToArray();
        LinearFit? fit = null;
        if (idx.Length >= 3)
        {
            fit = LinearFit.PowerLaw(idx.Select(e => inv[e]).ToArray(), idx.Select(e => pt[e]).ToArray());
            var f = fit;
            var ci = ExponentBootstrap(sizes, lower, spec.Epsilons, idx, key.FoldIn("exponent-bootstrap"));
            plot.Line(fine, fine.Select(x => Math.Exp(f.Intercept) * Math.Pow(x, f.Slope)).ToArray(),
                string.Format(Inv, "fit N* ∝ (1/ε)^{0:F2}, path-bootstrap 95% CI [{1:F2}, {2:F2}]", f.Slope, ci.Lower, ci.Upper), 1);
            metrics["exponent_b"] = f.Slope; metrics["exponent_b_lo"] = ci.Lower; metrics["exponent_b_hi"] = ci.Upper;
            metrics["c_at_smallest_eps"] = pt[idx[^1]] / inv[idx[^1]];
        }
        ctx.Figures.Save(name, plot.Finish(), csv, "markers: width thresholds N* read from the isotonic fit over paths; bars: 95 % bootstrap CI; lines: power-law fit (CI in the legend) and the analytic bound");
        return fit;
    }

    /// <summary>
    /// Percentile CI of the ε-exponent b from a bootstrap over paths (the replicates): each resample recomputes every
    /// N*_1/2(ε) and refits; resamples where a threshold leaves the width grid count as +∞ (upper side). B = 400.
    /// </summary>
    private static Interval ExponentBootstrap(double[] sizes, List<double[]> lower, double[] eps, int[] idx, RngKey key, int resamples = 400)
    {
        var stream = key.Stream();
        var stats = new double[resamples];
        var sample = new double[lower.Count][];
        var x = idx.Select(e => Math.Log(1 / eps[e])).ToArray();
        for (int b = 0; b < resamples; b++)
        {
            for (int i = 0; i < sample.Length; i++) sample[i] = lower[stream.NextInt(lower.Count)];
            var y = idx.Select(e => WidthThresholds.Point(sizes, sample, eps[e], 0.5)).ToArray();
            stats[b] = y.All(v => double.IsFinite(v) && v > 0) ? PathStatistics.Slope(x, y.Select(v => Math.Log(v)).ToArray()) : double.PositiveInfinity;
        }
        Array.Sort(stats);
        return new Interval(stats[(int)(0.025 * (resamples - 1))], stats[(int)Math.Ceiling(0.975 * (resamples - 1))]);
    }

    /// <summary>Width at which the analytic bound 1 − (1 − 2δ*/π)^N reaches 1/2 (no success is possible with probability ≥ ½ below it).</summary>
    public static double AnalyticNHalf(double eps)
    {
        double ds = AnalyticBound.DeltaStar(eps);
        return ds >= Math.PI / 2 ? 1 : Math.Log(0.5) / Math.Log(1 - 2 * ds / Math.PI);
    }
}
