using PruneTheory.Figures;
using ScottPlot;
using PlotStyle = PruneTheory.Figures.PlotStyle;

namespace PruneTheory.ProofsSim.Claims.Iht;

/// <summary>m × s maps of the IHT claims (rows m bottom to top, columns s), values printed in the cells.</summary>
internal static class IhtHeatmap
{
    /// <summary>Saves the map; a dry writer (rule calibration) gets an empty plot, so the map is never built there.</summary>
    public static void Save(PruneTheory.Experiments.SummaryContext ctx, string name, CsvTable csv, Func<Plot> create) =>
        ctx.Figures.Save(name, ctx.Figures.IsDry ? new Plot() : create(), csv);

    public static Plot Create(string title, string valueLabel, int[] rows, int[] cols, double[,] values, double min, double max, string format)
    {
        var plot = PlotStyle.Create(title, "nonzeros s", "hidden units m");
        int nr = rows.Length, nc = cols.Length;
        // ScottPlot draws row 0 at the top: flip so that the smallest m is at the bottom.
        var flipped = new double[nr, nc];
        for (int r = 0; r < nr; r++) for (int c = 0; c < nc; c++) flipped[nr - 1 - r, c] = values[r, c];
        var hm = plot.Add.Heatmap(flipped);
        hm.Colormap = new ScottPlot.Colormaps.Viridis();
        hm.ManualRange = new ScottPlot.Range(min, max);
        hm.Rectangle = new CoordinateRect(-0.5, nc - 0.5, -0.5, nr - 0.5);
        hm.NaNCellColor = Colors.LightGray;
        var bar = plot.Add.ColorBar(hm);
        bar.Label = valueLabel;
        for (int r = 0; r < nr; r++)
            for (int c = 0; c < nc; c++)
            {
                if (double.IsNaN(values[r, c])) continue;
                var t = plot.Add.Text(values[r, c].ToString(format, System.Globalization.CultureInfo.InvariantCulture), c, r);
                t.LabelAlignment = Alignment.MiddleCenter;
                t.LabelFontSize = 11;
                t.LabelFontColor = values[r, c] > (min + max) / 2 ? Colors.Black : Colors.White;
            }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, nc).Select(i => (double)i).ToArray(), cols.Select(v => v.ToString()).ToArray());
        plot.Axes.Left.SetTicks(Enumerable.Range(0, nr).Select(i => (double)i).ToArray(), rows.Select(v => v.ToString()).ToArray());
        plot.Axes.SetLimits(-0.5, nc - 0.5, -0.5, nr - 0.5);
        return plot;
    }
}
