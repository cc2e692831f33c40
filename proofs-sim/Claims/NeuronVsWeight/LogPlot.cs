using PruneTheory.Figures;
using ScottPlot;
using PlotStyle = PruneTheory.Figures.PlotStyle;

namespace PruneTheory.ProofsSim.Claims.NeuronVsWeight;

/// <summary>
/// A ScottPlot figure with optional log10 axes (ScottPlot 5 has none: data are plotted as log10 and the
/// ticks relabelled as powers of ten), markers with asymmetric CI bars, dashed reference lines, shaded bands.
/// </summary>
internal sealed class LogPlot(string title, string xLabel, string yLabel, bool logX, bool logY)
{
    public Plot Plot { get; } = PlotStyle.Create(title, xLabel, yLabel);

    private double _xMin = double.PositiveInfinity, _xMax = double.NegativeInfinity, _yMin = double.PositiveInfinity, _yMax = double.NegativeInfinity;

    private double[] X(IEnumerable<double> x)
    {
        var r = x.Select(v => logX ? Math.Log10(v) : v).ToArray();
        foreach (var v in r) { _xMin = Math.Min(_xMin, v); _xMax = Math.Max(_xMax, v); }
        return r;
    }

    private double[] Y(IEnumerable<double> y)
    {
        var r = y.Select(v => logY ? Math.Log10(v) : v).ToArray();
        foreach (var v in r) { _yMin = Math.Min(_yMin, v); _yMax = Math.Max(_yMax, v); }
        return r;
    }

    /// <summary>Only finite, positive-where-logged points are drawn.</summary>
    private (double[] X, double[] Y, int[] Index) Keep(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var idx = Enumerable.Range(0, x.Count).Where(i => double.IsFinite(x[i]) && double.IsFinite(y[i])
            && (!logX || x[i] > 0) && (!logY || y[i] > 0)).ToArray();
        return (X(idx.Select(i => x[i])), Y(idx.Select(i => y[i])), idx);
    }

    public void Line(IReadOnlyList<double> x, IReadOnlyList<double> y, string label, int color, bool dashed = false, bool markers = false)
    {
        var (xs, ys, _) = Keep(x, y);
        if (xs.Length == 0) return;
        var s = Plot.Add.Scatter(xs, ys, PlotStyle.Series(color));
        s.LegendText = label; s.LineWidth = 2; s.MarkerSize = markers ? 7 : 0;
        if (dashed) s.LinePattern = LinePattern.Dashed;
    }

    /// <summary>Markers at (x, y) with vertical bars [lo, hi]; infinite hi is clipped to the plot top.</summary>
    public void Points(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> lo, IReadOnlyList<double> hi, string label, int color, bool connect = true)
    {
        var (xs, ys, idx) = Keep(x, y);
        if (xs.Length == 0) return;
        var s = Plot.Add.Scatter(xs, ys, PlotStyle.Series(color));
        s.LegendText = label; s.MarkerSize = 8; s.LineWidth = connect ? 1.5f : 0;
        double Clip(double v, double fallback) => double.IsFinite(v) && (!logY || v > 0) ? (logY ? Math.Log10(v) : v) : fallback;
        var neg = idx.Select((i, k) => Math.Max(0, ys[k] - Clip(lo[i], ys[k]))).ToArray();
        var pos = idx.Select((i, k) => Math.Max(0, Clip(hi[i], ys[k] + 0.3) - ys[k])).ToArray();
        var eb = new ScottPlot.Plottables.ErrorBar(xs, ys, null, null, null, null)
        { Color = PlotStyle.Series(color), YErrorNegative = neg, YErrorPositive = pos };
        Plot.Add.Plottable(eb);
    }

    public void Band(IReadOnlyList<double> x, IReadOnlyList<double> lo, IReadOnlyList<double> hi, string label, int color)
    {
        var idx = Enumerable.Range(0, x.Count).Where(i => double.IsFinite(lo[i]) && double.IsFinite(hi[i]) && (!logY || lo[i] > 0)).ToArray();
        if (idx.Length < 2) return;
        var f = Plot.Add.FillY(X(idx.Select(i => x[i])), Y(idx.Select(i => lo[i])), Y(idx.Select(i => hi[i])));
        f.FillColor = PlotStyle.Series(color).WithAlpha(0.25); f.LegendText = label;
    }

    public Plot Finish(Alignment legend = Alignment.UpperLeft)
    {
        if (logX) Plot.Axes.Bottom.TickGenerator = LogTicks(_xMin, _xMax);
        if (logY) Plot.Axes.Left.TickGenerator = LogTicks(_yMin, _yMax);
        Plot.ShowLegend(legend);
        return Plot;
    }

    /// <summary>Log ticks labelled 10ᵏ (one mechanism for every log axis: <see cref="PlotStyle.LogTicks"/>).</summary>
    private static ScottPlot.TickGenerators.NumericManual LogTicks(double lo, double hi) => PlotStyle.LogTicks(lo, hi);
}
