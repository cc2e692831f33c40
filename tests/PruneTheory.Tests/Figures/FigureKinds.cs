using PruneTheory.Figures;
using ScottPlot;
using PlotStyle = PruneTheory.Figures.PlotStyle;

namespace PruneTheory.Tests.Figures;

/// <summary>One plot of each kind the claims draw: lines with CI bars, a log-log plot with bands, a heatmap, panels.</summary>
internal static class FigureKinds
{
    public static Plot Bars(int series = 3, string label = "method {0}")
    {
        var plot = PlotStyle.Create("Accuracy vs ratio with a title long enough to need wrapping at one column", "pruning ratio r (%)", "test accuracy (%)");
        double[] xs = [10, 30, 50, 70, 90];
        for (int s = 0; s < series; s++)
        {
            var ys = xs.Select(x => 88 - 0.3 * x - 4 * s).ToArray();
            var line = plot.Add.ScatterLine(xs, ys, PlotStyle.Series(s));
            line.LegendText = string.Format(System.Globalization.CultureInfo.InvariantCulture, label, s);
            var bars = plot.Add.ErrorBar(xs, ys, xs.Select(_ => 25.0).ToArray());   // runs past 100 % on purpose
            bars.Color = PlotStyle.Series(s);
        }
        plot.ShowLegend(Alignment.LowerLeft);
        plot.Axes.SetLimitsY(0, 100);
        return plot;
    }

    public static Plot LogLog()
    {
        var plot = PlotStyle.Create("Hidden units N_h vs 1/ε", "1/ε", "median E*_N");
        var x = Enumerable.Range(0, 9).Select(i => Math.Log10(Math.Pow(10, i / 2.0))).ToArray();
        var y = x.Select(v => 0.9 * v + 0.5).ToArray();
        var band = plot.Add.FillY(x, y.Select(v => v - 0.2).ToArray(), y.Select(v => v + 0.2).ToArray());
        band.LegendText = "95 % band";
        var s = plot.Add.Scatter(x, y); s.LegendText = "N*_1/2 fit ∝ (1/ε)^0.9";
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int k = 0; k <= 4; k++) ticks.AddMajor(k, PlotStyle.LogTickLabel(1, k));
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.ShowLegend();
        return plot;
    }

    public static Plot Heatmap()
    {
        var plot = PlotStyle.Create("AIHT mean PSNR (dB)", "nonzeros s", "hidden units m");
        var data = new double[4, 5];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 5; j++) data[i, j] = i * 5 + j;
        var hm = plot.Add.Heatmap(data);
        plot.Add.ColorBar(hm);
        return plot;
    }
}
