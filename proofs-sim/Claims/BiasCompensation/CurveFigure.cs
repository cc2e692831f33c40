using PruneTheory.Experiments;
using PruneTheory.Figures;

namespace PruneTheory.ProofsSim.Claims.BiasCompensation;

/// <summary>Draws one metric vs pruning ratio for every method (mean with 95 % CI error bars) and writes the CSV behind it.</summary>
public static class CurveFigure
{
    private static readonly ScottPlot.MarkerShape[] Markers =
        [ScottPlot.MarkerShape.FilledCircle, ScottPlot.MarkerShape.FilledSquare, ScottPlot.MarkerShape.FilledTriangleUp,
         ScottPlot.MarkerShape.FilledDiamond, ScottPlot.MarkerShape.OpenCircle, ScottPlot.MarkerShape.OpenSquare,
         ScottPlot.MarkerShape.OpenTriangleUp, ScottPlot.MarkerShape.OpenDiamond, ScottPlot.MarkerShape.Cross];

    public static void Save(SummaryContext ctx, string name, string title, string yLabel, double[] ratios,
        IReadOnlyList<MethodCurve[]> trials, Func<MethodCurve, int, double> mean, Func<MethodCurve, int, double> sd, int testCount, bool log10,
        (double Min, double Max)? range = null)
    {
        var csv = new CsvTable("method", "ratio", "mean", "ci_lo", "ci_hi", "trials");
        var methods = trials[0].Select(c => c.Method).ToArray();
        // At most 8 series per panel: the first method (EC, the claim's subject, in every sweep) in every panel, the rivals split evenly.
        int nPanels = methods.Length <= PlotStyle.MaxSeriesPerPanel ? 1 : (int)Math.Ceiling((methods.Length - 1) / (double)(PlotStyle.MaxSeriesPerPanel - 1));
        double logMin = double.PositiveInfinity, logMax = double.NegativeInfinity;
        var used = new Dictionary<ScottPlot.Plot, int>();   // colour = position in its panel, so no panel repeats one
        var plots = Enumerable.Range(0, nPanels).Select(k => PlotStyle.Create(nPanels == 1 ? title : $"{title} ({(char)('a' + k)})", "pruning ratio", log10 ? $"{yLabel} (log scale)" : yLabel)).ToArray();
        for (int mi = 0; mi < methods.Length; mi++)
        {
            var curves = trials.Select(t => t.Single(c => c.Method == methods[mi])).ToList();
            var ys = new double[ratios.Length]; var lo = new double[ratios.Length]; var hi = new double[ratios.Length];
            for (int r = 0; r < ratios.Length; r++)
            {
                int rr = r;
                var (m, ci) = CurveStatistics.Of(curves, c => mean(c, rr), c => sd(c, rr), testCount);
                csv.Add(methods[mi], ratios[r], m, ci.Lower, ci.Upper, curves.Count);
                double T(double v) => log10 ? Math.Log10(Math.Max(v, 1e-12)) : v;
                ys[r] = T(m); lo[r] = T(ci.Lower); hi[r] = T(ci.Upper);
                logMin = Math.Min(logMin, lo[r]); logMax = Math.Max(logMax, hi[r]);
            }
            var targets = nPanels == 1 ? plots : mi == 0 ? plots : [plots[(mi - 1) * nPanels / (methods.Length - 1)]];
            foreach (var plot in targets)
            {
                int colour = used[plot] = used.GetValueOrDefault(plot, -1) + 1;
                var sc = plot.Add.Scatter(ratios, ys);
                sc.LegendText = methods[mi];
                sc.Color = PlotStyle.Series(colour);
                sc.MarkerShape = Markers[mi % Markers.Length];   // the palette repeats: shapes and dashes keep methods apart
                sc.MarkerSize = 7;
                if (mi >= 8) sc.LinePattern = ScottPlot.LinePattern.Dashed;
                for (int r = 0; r < ratios.Length; r++)   // CI as a vertical segment (asymmetric on the log axis)
                {
                    var seg = plot.Add.Line(ratios[r], lo[r], ratios[r], hi[r]);
                    seg.Color = PlotStyle.Series(colour);
                }
            }
        }
        foreach (var plot in plots) plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        if (log10) foreach (var plot in plots) plot.Axes.Left.TickGenerator = PlotStyle.LogTicks(logMin, logMax);   // 10ᵏ labels
        PlotStyle.ShareLimits(plots);
        string caption = trials.Count >= 2
            ? $"markers: mean over {trials.Count} trials; bars: 95 % Student-t CI over the {trials.Count} trials"
            : $"markers: one trial; bars: 95 % normal CI from the {testCount} test samples only";
        ctx.Figures.SavePanels(name, plots, csv, caption, yRange: range);   // intervals clipped to the metric's range
    }
}
