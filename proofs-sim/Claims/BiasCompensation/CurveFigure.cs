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
        IReadOnlyList<MethodCurve[]> trials, Func<MethodCurve, int, double> mean, Func<MethodCurve, int, double> sd, int testCount, bool log10)
    {
        var plot = PlotStyle.Create(title, "pruning ratio", log10 ? $"log10 {yLabel}" : yLabel);
        var csv = new CsvTable("method", "ratio", "mean", "ci_lo", "ci_hi", "trials");
        var methods = trials[0].Select(c => c.Method).ToArray();
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
            }
            var sc = plot.Add.Scatter(ratios, ys);
            sc.LegendText = methods[mi];
            sc.Color = PlotStyle.Series(mi);
            sc.MarkerShape = Markers[mi % Markers.Length];   // the palette repeats: shapes and dashes keep methods apart
            sc.MarkerSize = 7;
            if (mi >= 8) sc.LinePattern = ScottPlot.LinePattern.Dashed;
            for (int r = 0; r < ratios.Length; r++)   // CI as a vertical segment (asymmetric on the log axis)
            {
                var seg = plot.Add.Line(ratios[r], lo[r], ratios[r], hi[r]);
                seg.Color = PlotStyle.Series(mi);
            }
        }
        plot.ShowLegend(ScottPlot.Alignment.UpperLeft);
        ctx.Figures.Save(name, plot, csv);
    }
}
