using PruneTheory.Experiments;
using PruneTheory.Figures;
using PruneTheory.Random;
using PruneTheory.Statistics;

namespace PruneTheory.ProofsSim.Claims.NeuronVsWeight;

/// <summary>Statistics and figures of wp-construction (reused by gap-figure).</summary>
internal static class WpFigures
{
    /// <summary>Median construction error vs hidden units N_h = d·n on a log y axis (straight line = geometric decay), with CIs.</summary>
    public static void Decay(SummaryContext ctx, WpConstructionSpec spec, IReadOnlyList<WpTrial> trials, RngKey key, Dictionary<string, double> metrics)
    {
        var plot = new LogPlot("Weight pruning (model B): exact error of the block construction", "hidden units N_h = d·n", "sup-error on the unit ball", false, true);
        var csv = new CsvTable("d", "n", "N_h", "median", "lo", "hi", "q90");
        var units = spec.Units;
        for (int di = 0; di < spec.Dims.Length; di++)
        {
            int d = spec.Dims[di];
            var x = units.Select(n => (double)(d * n)).ToArray();
            var med = new double[units.Length]; var lo = new double[units.Length]; var hi = new double[units.Length];
            for (int i = 0; i < units.Length; i++)
            {
                var e = trials.Select(t => t.Errors[di][i]).ToArray();
                (med[i], var ci) = WidthThresholds.Quantile(e, 0.5, key.FoldIn("decay").FoldIn((ulong)(di * 1000 + i)));
                lo[i] = ci.Lower; hi[i] = ci.Upper;
                csv.Add(d, units[i], x[i], med[i], lo[i], hi[i], Quantiles.Of(e, 0.9));
            }
            plot.Points(x, med, lo, hi, $"d = {d} (median, 95% CI)", di);
            var fit = LinearFit.Ols(units.Select(n => (double)n).ToArray(), med.Select(v => -Math.Log2(v)).ToArray());
            metrics[$"bits_per_unit_d{d}"] = fit.Slope;
        }
        ctx.Figures.Save("wp-construction-decay", plot.Finish(ScottPlot.Alignment.UpperRight), csv, "markers: medians over random paths (trials); bars: 95 % bootstrap CI of the median (1000 resamples)");
    }

    /// <summary>Hidden units N*_q(ε) = d·n*_q with bootstrap CIs vs log₂(1/ε); fits of N*_1/2 on log₂(1/ε) per d.</summary>
    public static List<(int D, LinearFit Fit, double Early, double Late)> Thresholds(SummaryContext ctx, WpConstructionSpec spec,
        IReadOnlyList<WpTrial> trials, RngKey key, Dictionary<string, double> metrics)
    {
        var plot = new LogPlot("Weight pruning (model B): hidden units needed for error ε", "log₂(1/ε)", "hidden units N* = d·n* (quantiles)", false, false);
        var csv = new CsvTable("d", "q", "eps", "log2_inv_eps", "Nstar", "lo", "hi");
        var bits = spec.Epsilons.Select(e => Math.Log2(1 / e)).ToArray();
        var fits = new List<(int, LinearFit, double, double)>();
        for (int di = 0; di < spec.Dims.Length; di++)
        {
            int d = spec.Dims[di];
            foreach (double q in new[] { 0.5, 0.9 })
            {
                var (pt, lo, hi) = Curve(spec, trials, di, q, key);
                for (int e = 0; e < bits.Length; e++) csv.Add(d, q, spec.Epsilons[e], bits[e], pt[e], lo[e], hi[e]);
                if (q == 0.5) plot.Points(bits, pt, lo, hi, $"d = {d}, median (95% CI)", di);
                else plot.Line(bits, pt, $"d = {d}, 90% quantile", di, dashed: true);
                var idx = Enumerable.Range(0, bits.Length).Where(e => double.IsFinite(pt[e])).ToArray();
                if (q != 0.5 || idx.Length < 4) continue;
                var fit = LinearFit.Ols(idx.Select(e => bits[e]).ToArray(), idx.Select(e => pt[e]).ToArray());
                int h = idx.Length / 2;
                double Slope(int[] s) => (pt[s[^1]] - pt[s[0]]) / (bits[s[^1]] - bits[s[0]]);
                fits.Add((d, fit, Slope(idx[..(h + 1)]), Slope(idx[h..])));
                metrics[$"slope_d{d}"] = fit.Slope; metrics[$"slope_d{d}_lo"] = fit.SlopeCi.Lower; metrics[$"slope_d{d}_hi"] = fit.SlopeCi.Upper;
            }
        }
        ctx.Figures.Save("wp-construction-threshold", plot.Finish(), csv, "markers: quantile q (as labelled) over trials of what is needed for error ε; bars: 95 % bootstrap CI of that quantile (1000 resamples)");
        return fits;
    }

    /// <summary>N*_q(ε) = d·(first-passage n)_q per ε with a bootstrap CI; +∞ where the path grid is not enough.</summary>
    public static (double[] Point, double[] Lo, double[] Hi) Curve(WpConstructionSpec spec, IReadOnlyList<WpTrial> trials, int di, double q, RngKey key)
    {
        int d = spec.Dims[di];
        var sizes = spec.Units.Select(n => (double)(d * n)).ToArray();
        var pt = new double[spec.Epsilons.Length]; var lo = new double[pt.Length]; var hi = new double[pt.Length];
        for (int e = 0; e < pt.Length; e++)
        {
            var passage = trials.Select(t => WidthThresholds.FirstPassage(sizes, t.Errors[di], spec.Epsilons[e])).ToArray();
            var (p, ci) = WidthThresholds.Quantile(passage, q, key.FoldIn("wp-thr").FoldIn((ulong)(di * 1000 + e * 10 + (int)(q * 10))));
            pt[e] = p; lo[e] = ci.Lower; hi[e] = ci.Upper;
        }
        return (pt, lo, hi);
    }
}
