using PruneTheory.Experiments;
using PruneTheory.Figures;
using PruneTheory.Statistics;

namespace PruneTheory.ProofsSim.Claims.NeuronVsWeight;

/// <summary>Figure G and its companions (semi-log view, width ratio).</summary>
internal static class GapFigures
{
    private const double Beta = 0.87; // bits of cover per sample (spec §4 W-RSS, ≈ 0.85–0.9)
    private static readonly System.Globalization.CultureInfo Inv = System.Globalization.CultureInfo.InvariantCulture;

    public static void Draw(SummaryContext ctx, GapSpec spec, GapCurves c)
    {
        var x = spec.InverseEpsilons;
        // Two panels on the same axes (at most 8 series each): (a) both sides in model A on the same networks (the verdict), (b) model-B reference.
        var plot = new LogPlot("(a) Model A (no output ReLU), d = 2, w* = e₁, same networks: neuron vs weight pruning", "1/ε", "hidden units N_h", true, true);
        var wp = new LogPlot("(b) Reference in another architecture: weight pruning in model B (output ReLU), same axes", "1/ε", "hidden units N_h", true, true);
        var csv = new CsvTable("inv_eps", "series", "value", "lo", "hi");
        void Add(string name, WidthCurve w) { for (int e = 0; e < x.Length; e++) csv.Add(x[e], name, w.Point[e], w.Lo[e], w.Hi[e]); }
        plot.Band(x, c.NpAnalyticHalf.Lo, c.NpAnalyticHalf.Hi, "", 6);
        plot.Points(x, c.NpAnalyticHalf.Point, c.NpAnalyticHalf.Lo, c.NpAnalyticHalf.Hi, "neuron pruning, model A: certified lower bound on N* (analytic ∨ exact brackets), median (95% CI)", 6);
        plot.Line(x, c.NpAnalytic90.Point, "neuron pruning, model A: certified lower bound, 90% quantile", 6, dashed: true);
        plot.Points(x, c.NpExact.Point, c.NpExact.Lo, c.NpExact.Hi, $"neuron pruning, model A: exact N*_1/2 from certified optima, N ≤ {spec.NpWidths[^1]} (95% CI)", 0);
        plot.Points(x, c.WpAHalf.Point, c.WpAHalf.Lo, c.WpAHalf.Hi, "weight pruning, model A, same networks: x₁-mask subset-sum construction N_1/2 (95% CI)", 1);
        Add("np_certified_q50", c.NpAnalyticHalf); Add("np_certified_q90", c.NpAnalytic90); Add("np_exact_q50", c.NpExact); Add("wp_model_a_e1_q50", c.WpAHalf);
        for (int di = 0; di < spec.WpDims.Length; di++)
        {
            wp.Points(x, c.WpHalf[di].Point, c.WpHalf[di].Lo, c.WpHalf[di].Hi, $"weight pruning, model B, d={spec.WpDims[di]}: construction N*_1/2 (95% CI)", di + 1);
            Add($"wp_d{spec.WpDims[di]}_q50", c.WpHalf[di]); Add($"wp_d{spec.WpDims[di]}_q90", c.Wp90[di]);
            if (spec.WpDims[di] > 2)
                plot.Line(x, c.NpFlatHalf[di].Point, $"neuron pruning, model A, d={spec.WpDims[di]}, w* = 1/√d: analytic lower bound on slices (median)", di + 1, dashed: true, markers: true);
            Add($"np_flat_certified_d{spec.WpDims[di]}_q50", c.NpFlatHalf[di]);
        }
        var fine = Enumerable.Range(0, 50).Select(j => x.Min() * Math.Pow(x.Max() / x.Min(), j / 49.0)).ToArray();
        var useful = fine.Where(v => NpFigures.AnalyticNHalf(1 / v) > 1).ToArray();
        foreach (var p in new[] { plot, wp }) p.Line(useful, useful.Select(v => NpFigures.AnalyticNHalf(1 / v)).ToArray(), "analytic lower bound on neuron pruning (model A, not a fit): P(success) ≤ ½ below ≈ 0.27/ε", 5, dashed: true);
        var reached = Enumerable.Range(0, x.Length).Where(e => double.IsFinite(c.NpExact.Point[e])).ToArray();
        if (reached.Length > 0)
        {
            double cHat = Quantiles.Median(reached.Select(e => c.NpExact.Point[e] / x[e]));
            foreach (var p in new[] { plot, wp }) p.Line(fine, fine.Select(v => cHat * v).ToArray(), string.Format(Inv, "extrapolation (not data): {0:F1}/ε through the exact neuron points (1/ε ≤ {1})", cHat, x[reached[^1]]), 0, dashed: true);
        }
        wp.Line(fine, fine.Select(v => Math.Log2(v)).ToArray(), "counting bound log₂(1/ε)", 4, dashed: true);
        wp.Line(fine, fine.Select(v => 2 * 2 * Math.Log2(Math.Sqrt(2) * v) / Beta).ToArray(), "prediction (not a fit) d·2·log₂(√d/ε)/β, d=2", 1, dashed: true);
        var panels = new[] { plot.Finish(), wp.Finish() };
        PlotStyle.ShareLimits(panels);
        ctx.Figures.SavePanels("gap-figure", panels, csv,
            "markers: medians over paths; bars and band: 95 % bootstrap CI over paths; dashed: analytic bounds, predictions and the labelled extrapolation", 1.3);
    }

    /// <summary>Same data, linear y: weight pruning is a straight line in log(1/ε), neuron pruning leaves the frame.</summary>
    public static void SemiLog(SummaryContext ctx, GapSpec spec, GapCurves c)
    {
        var x = spec.InverseEpsilons;
        var plot = new LogPlot("Semi-log view: weight pruning grows linearly in log(1/ε)", "1/ε", "hidden units N_h", true, false);
        var csv = new CsvTable("inv_eps", "np_certified_q50", "np_exact_q50", "wp_q50_by_d");
        plot.Points(x, c.NpAnalyticHalf.Point, c.NpAnalyticHalf.Lo, c.NpAnalyticHalf.Hi, "neuron pruning, model A, d=2: certified lower bound (median)", 6);
        plot.Points(x, c.NpExact.Point, c.NpExact.Lo, c.NpExact.Hi, "neuron pruning, model A, d=2: exact N*_1/2", 0);
        plot.Points(x, c.WpAHalf.Point, c.WpAHalf.Lo, c.WpAHalf.Hi, "weight pruning, model A, w* = e₁, same networks: construction N_1/2", 5);
        for (int di = 0; di < spec.WpDims.Length; di++)
            plot.Points(x, c.WpHalf[di].Point, c.WpHalf[di].Lo, c.WpHalf[di].Hi, $"weight pruning, model B, d={spec.WpDims[di]}: N*_1/2", di + 1);
        for (int e = 0; e < x.Length; e++) csv.Add(x[e], c.NpAnalyticHalf.Point[e], c.NpExact.Point[e], string.Join(";", c.WpHalf.Select(w => w.Point[e].ToString(Inv))));
        double top = 1.3 * c.WpHalf.SelectMany(w => w.Point).Where(double.IsFinite).DefaultIfEmpty(100).Max();
        plot.Plot.Axes.SetLimitsY(0, top);
        ctx.Figures.Save("gap-figure-semilog", plot.Finish(), csv, "markers: medians over random paths (trials); bars: 95 % bootstrap CI of the median (1000 resamples)");
    }

    /// <summary>The exact width ratio (model A, e₁, same networks) with the verdict's fit and threshold drawn on it.</summary>
    public static void Ratio(SummaryContext ctx, GapSpec spec, GapCurves curves, int[] idx, double exponent, Interval ci, double tau)
    {
        var x = spec.InverseEpsilons;
        var c = curves.Ratio;
        var plot = new LogPlot("Gap, model A, d = 2, w* = e₁: exact neuron-pruning width / weight-pruning construction width (same networks)", "1/ε", "neuron width / weight width", true, true);
        var csv = new CsvTable("inv_eps", "ratio", "lo", "hi", "in_fit");
        for (int e = 0; e < x.Length; e++) csv.Add(x[e], c.Point[e], c.Lo[e], c.Hi[e], idx.Contains(e) ? 1 : 0);
        var shown = Enumerable.Range(0, x.Length).Where(e => double.IsFinite(c.Point[e])).ToArray();
        plot.Points(shown.Select(e => x[e]).ToArray(), shown.Select(e => c.Point[e]).ToArray(), shown.Select(e => c.Lo[e]).ToArray(), shown.Select(e => c.Hi[e]).ToArray(),
            "median of the per-path ratio (certified lower end of the exact passage / construction width), 95% path bootstrap", 0);
        plot.Line([x.Min(), x.Max()], [1, 1], "ratio 1 (crossing)", 5, dashed: true);
        if (idx.Length >= 3 && double.IsFinite(exponent))
        {
            var sub = idx.Select(e => x[e]).ToArray();
            int mid = idx[idx.Length / 2];
            double k = c.Point[mid] * Math.Log2(x[mid]) / x[mid];
            plot.Line(sub, sub.Select(v => k * v / Math.Log2(v)).ToArray(), "predicted shape (1/ε)/log₂(1/ε) (not a fit)", 1, dashed: true);
            double a = c.Point[mid] / Math.Pow(x[mid], exponent);
            plot.Line(sub, sub.Select(v => a * Math.Pow(v, exponent)).ToArray(), string.Format(Inv, "mean per-path exponent (1/ε)^{0:F2}, CI [{1:F2}, {2:F2}]; threshold τ = {3:F2}", exponent, ci.Lower, ci.Upper, tau), 2);
        }
        ctx.Figures.Save("gap-figure-ratio", plot.Finish(), csv, "markers: median over paths of the per-path ratio; bars: 95 % path-bootstrap CI; lines: the verdict's mean per-path exponent and the predicted shape; both sides in model A");
    }
}
