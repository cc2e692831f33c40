using ScottPlot;

namespace PruneTheory.Figures;

/// <summary>
/// Applied by <see cref="FigureWriter"/> to every figure just before it is drawn, so all figures share one look at their
/// printed size: text in points (title 9, labels and ticks 8, legend 8), thin lines, Unicode mathematics in every label,
/// the title wrapped to the width, the legend in a corner where it covers no data, else in a strip below, intervals clipped to the
/// metric's range and the axes fitted to what is drawn.
/// </summary>
public static class PaperStyle
{
    public const float TitlePoints = 9, LabelPoints = 8.5f, TickPoints = 8, LegendPoints = 8;

    /// <summary>Returns the legend strip to draw under the figure (null when the legend fits inside), with its height.</summary>
    public static (Plot? LegendStrip, double Height) Apply(Plot plot, double widthPoints, double heightPoints, (double Min, double Max)? yRange)
    {
        var title = plot.Axes.Title.Label;
        title.Text = Wrap(MathText.ToUnicode(title.Text), widthPoints, TitlePoints);
        title.FontSize = TitlePoints;
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.Label.Text = MathText.ToUnicode(axis.Label.Text);
            axis.Label.FontSize = LabelPoints;
            axis.TickLabelStyle.FontSize = TickPoints;
            axis.MajorTickStyle.Length = 3; axis.MinorTickStyle.Length = 1.5f;
            axis.MajorTickStyle.Width = 0.6f; axis.MinorTickStyle.Width = 0.4f; axis.FrameLineStyle.Width = 0.6f;
        }
        plot.Grid.MajorLineWidth = 0.4f;
        foreach (var p in plot.GetPlottables()) Thin(p);
        if (yRange is { } r) ClipAndFit(plot, r.Min, r.Max);
        return PlaceLegend(plot, widthPoints, heightPoints);
    }

    /// <summary>Line widths and markers scaled from the old 900-pixel canvas to a 245-point column.</summary>
    private static void Thin(IPlottable p)
    {
        static float L(float w) => Math.Clamp(w * 0.6f, 0.6f, 1.5f);
        static float M(float m) => m <= 0 ? 0 : Math.Clamp(m * 0.55f, 2.5f, 5f);
        switch (p)
        {
            case ScottPlot.Plottables.Scatter s: s.LineWidth = s.LineWidth <= 0 ? 0 : L(s.LineWidth); s.MarkerSize = M(s.MarkerSize); s.LegendText = MathText.ToUnicode(s.LegendText ?? ""); break;
            case ScottPlot.Plottables.ErrorBar e: e.LineWidth = L(e.LineWidth); e.CapSize = Math.Min(e.CapSize, 3); break;
            case ScottPlot.Plottables.LinePlot l: l.LineWidth = L(l.LineWidth); l.MarkerSize = M(l.MarkerSize); break;
            case ScottPlot.Plottables.HorizontalLine h: h.LineWidth = L(h.LineWidth); break;
            case ScottPlot.Plottables.VerticalLine v: v.LineWidth = L(v.LineWidth); break;
            case ScottPlot.Plottables.FillY f: f.LegendText = MathText.ToUnicode(f.LegendText ?? ""); break;
        }
        if (p is ScottPlot.Plottables.HorizontalLine hl) hl.LegendText = MathText.ToUnicode(hl.LegendText ?? "");
        if (p is ScottPlot.Plottables.VerticalLine vl) vl.LegendText = MathText.ToUnicode(vl.LegendText ?? "");
    }

    /// <summary>Bars and segments cut to [min, max] (a t-interval of few seeds can pass 100 %), then the y axis fitted to
    /// what is drawn, never beyond the metric's range.</summary>
    private static void ClipAndFit(Plot plot, double min, double max)
    {
        foreach (var p in plot.GetPlottables())
        {
            if (p is ScottPlot.Plottables.ErrorBar e && e.YErrorPositive is { } pos && e.YErrorNegative is { } neg)
            {
                e.YErrorPositive = e.Ys.Select((y, i) => Math.Max(0, Math.Min(y + pos[i], max) - y)).ToArray();
                e.YErrorNegative = e.Ys.Select((y, i) => Math.Max(0, y - Math.Max(y - neg[i], min))).ToArray();
            }
            else if (p is ScottPlot.Plottables.LinePlot l)
            {
                l.Start = new Coordinates(l.Start.X, Math.Clamp(l.Start.Y, min, max));
                l.End = new Coordinates(l.End.X, Math.Clamp(l.End.Y, min, max));
            }
        }
        plot.Axes.AutoScale();
        var lim = plot.Axes.GetLimits();
        plot.Axes.SetLimitsY(Math.Max(lim.Bottom, min), Math.Min(lim.Top, max));
    }

    /// <summary>The legend goes into a corner where it covers no data; else it becomes a strip of its own under the
    /// figure (returned, with its height), items wrapped into rows.</summary>
    private static (Plot? Strip, double Height) PlaceLegend(Plot plot, double widthPoints, double heightPoints)
    {
        var items = plot.GetPlottables().SelectMany(p => p.LegendItems).Where(i => !string.IsNullOrEmpty(i.LabelText)).ToList();
        if (!plot.Legend.IsVisible || items.Count == 0) return (null, 0);
        Tidy(plot.Legend);
        plot.Legend.BackgroundColor = Colors.White.WithAlpha(0.85);
        if (LegendPlacement.TryInside(plot, widthPoints, heightPoints)) return (null, 0);
        plot.HideLegend();
        var strip = new Plot();
        strip.Font.Set(PlotStyle.FontName);
        strip.Layout.Frameless();
        strip.Axes.Frameless();
        strip.HideGrid();
        // An entry wider than the strip is broken at spaces (ScottPlot draws each line under the last).
        foreach (var item in items) item.LabelText = Wrap(item.LabelText, widthPoints - 40, LegendPoints);
        strip.Legend.ManualItems.AddRange(items);
        Tidy(strip.Legend);
        strip.Legend.Orientation = Orientation.Horizontal;
        strip.Legend.TightHorizontalWrapping = true;
        strip.Legend.Margin = new PixelPadding(0);
        strip.ShowLegend(Alignment.UpperCenter);
        // Rows the wrapped legend takes, from the measured widths of its entries.
        double row = 0; int rows = 0;
        foreach (var item in items)
        {
            var lines = item.LabelText.Split('\n');
            double w = lines.Max(l => TextWidth(l, LegendPoints)) + 14 + 3 + 10;
            if (row == 0 || row + w > widthPoints - 12) { rows += lines.Length; row = 0; }
            row += w;
        }
        return (strip, rows * LegendPoints * 1.5 + 6);
    }

    private static void Tidy(Legend legend)
    {
        legend.FontSize = LegendPoints;
        legend.SymbolWidth = 14; legend.SymbolPadding = 3; legend.InterItemPadding = new PixelPadding(3, 6, 1, 1);
        legend.Padding = new PixelPadding(2);
        legend.OutlineWidth = 0; legend.ShadowOffset = new PixelOffset(0, 0); legend.ShadowColor = Colors.Transparent;
    }

    /// <summary>Breaks a title at spaces so that no line is wider than the figure.</summary>
    public static string Wrap(string text, double widthPoints, float size)
    {
        if (TextWidth(text, size) <= widthPoints - 8) return text;
        var lines = new List<string>(); string line = "";
        foreach (var word in text.Split(' '))
        {
            string trial = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && TextWidth(trial, size) > widthPoints - 8) { lines.Add(line); line = word; }
            else line = trial;
        }
        lines.Add(line);
        return string.Join("\n", lines);
    }

    public static double TextWidth(string text, float size)
    {
        using var font = new SkiaSharp.SKFont(PlotStyle.Typeface, size);
        return font.MeasureText(text);
    }
}
