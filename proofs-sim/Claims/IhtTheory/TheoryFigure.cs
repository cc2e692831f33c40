using PruneTheory.Figures;

namespace PruneTheory.ProofsSim.Claims.IhtTheory;

/// <summary>Series of (x, y, ± half-width) on log10 axes (ScottPlot has no log axis: the plot carries log10 values).</summary>
internal sealed class TheoryFigure(string title, string xLabel, string yLabel, bool logX, bool logY)
{
    private readonly ScottPlot.Plot _plot = PlotStyle.Create(title, xLabel, yLabel);
    private double _xLo = double.PositiveInfinity, _xHi = double.NegativeInfinity, _yLo = double.PositiveInfinity, _yHi = double.NegativeInfinity;
    private int _series;

    private double X(double v) => logX ? Math.Log10(v) : v;
    private double Y(double v) => logY ? Math.Log10(v) : v;

    /// <summary>A line with markers; points with a non-finite or (on a log axis) non-positive coordinate are left out.</summary>
    public void Line(string label, IReadOnlyList<double> xs, IReadOnlyList<double> ys, bool dashed = false, IReadOnlyList<(double Lo, double Hi)>? bands = null, bool markersOnly = false)
    {
        var pts = xs.Select((x, i) => (x, y: ys[i], b: bands?[i])).Where(p => Ok(p.x, logX) && Ok(p.y, logY)).ToList();
        var color = PlotStyle.Series(_series++);
        if (pts.Count == 0) return;
        var px = pts.Select(p => X(p.x)).ToArray(); var py = pts.Select(p => Y(p.y)).ToArray();
        var line = _plot.Add.ScatterLine(px, py, color);
        line.LegendText = label; line.MarkerSize = 6;
        if (dashed) line.LinePattern = ScottPlot.LinePattern.Dashed;
        if (markersOnly) line.LineWidth = 0;
        foreach (var p in pts.Where(p => p.b is { } b && Ok(b.Lo, logY) && Ok(b.Hi, logY)))
        {
            var v = _plot.Add.Line(X(p.x), Y(p.b!.Value.Lo), X(p.x), Y(p.b.Value.Hi));
            v.Color = color;
        }
        foreach (var v in px) { _xLo = Math.Min(_xLo, v); _xHi = Math.Max(_xHi, v); }
        foreach (var v in py) { _yLo = Math.Min(_yLo, v); _yHi = Math.Max(_yHi, v); }
    }

    public void Horizontal(double y, string label)
    {
        var h = _plot.Add.HorizontalLine(Y(y), color: ScottPlot.Colors.Black);
        h.LegendText = label; h.LinePattern = ScottPlot.LinePattern.Dotted;
        if (Ok(y, logY)) { _yLo = Math.Min(_yLo, Y(y)); _yHi = Math.Max(_yHi, Y(y)); }   // ticks reach the reference line
    }

    private static bool Ok(double v, bool log) => double.IsFinite(v) && (!log || v > 0);

    public ScottPlot.Plot Done()
    {
        if (logX && double.IsFinite(_xLo)) _plot.Axes.Bottom.TickGenerator = PlotStyle.LogTicks(_xLo, _xHi);
        if (logY && double.IsFinite(_yLo)) _plot.Axes.Left.TickGenerator = PlotStyle.LogTicks(_yLo, _yHi);
        _plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        return _plot;
    }
}
