using ScottPlot;
using SkiaSharp;

namespace PruneTheory.Figures;

/// <summary>
/// Puts a legend where it covers no data: the plot is laid out once at its printed size on a throw-away canvas, then
/// each inside corner is tried and the first whose legend box holds none of the drawn points, line samples or interval ends
/// wins; when every corner covers something the legend goes below the data.
/// </summary>
public static class LegendPlacement
{
    private static readonly Alignment[] Corners =
        [Alignment.UpperRight, Alignment.UpperLeft, Alignment.LowerRight, Alignment.LowerLeft, Alignment.UpperCenter, Alignment.LowerCenter, Alignment.MiddleRight, Alignment.MiddleLeft];

    /// <summary>True when a free inside corner was found (the legend is left there).</summary>
    public static bool TryInside(Plot plot, double widthPoints, double heightPoints)
    {
        var samples = Samples(plot).Where(c => double.IsFinite(c.X) && double.IsFinite(c.Y)).ToList();
        // One layout at the printed size gives the data rectangle (for GetPixel) and the legend's size.
        plot.ShowLegend(Alignment.UpperRight);
        using (var recorder = new SKPictureRecorder())
        {
            var canvas = recorder.BeginRecording(new SKRect(0, 0, (float)widthPoints, (float)heightPoints));
            plot.Render(canvas, new PixelRect(new Pixel(0, 0), (float)widthPoints, (float)heightPoints));
            using var _ = recorder.EndRecording();
        }
        var data = plot.RenderManager.LastRender.DataRect;
        PixelRect size;
        using (var paint = Paint.NewDisposablePaint()) size = plot.Legend.GetLayout(new PixelSize(data.Width, data.Height), paint).LegendRect;
        var pixels = samples.Select(plot.GetPixel).ToList();
        foreach (var corner in Corners)
        {
            var box = Place(data, size.Width, size.Height, corner, Margin).Expand(1);
            if (pixels.Any(p => Inside(box, p))) continue;
            plot.ShowLegend(corner);
            plot.Legend.Margin = new PixelPadding(Margin);
            return true;
        }
        return false;
    }

    private const float Margin = 3;

    private static PixelRect Place(PixelRect data, float w, float h, Alignment a, float m)
    {
        float left = a is Alignment.UpperLeft or Alignment.MiddleLeft or Alignment.LowerLeft ? data.Left + m
            : a is Alignment.UpperRight or Alignment.MiddleRight or Alignment.LowerRight ? data.Right - m - w : data.HorizontalCenter - w / 2;
        float top = a is Alignment.UpperLeft or Alignment.UpperCenter or Alignment.UpperRight ? data.Top + m
            : a is Alignment.LowerLeft or Alignment.LowerCenter or Alignment.LowerRight ? data.Bottom - m - h : data.VerticalCenter - h / 2;
        return new PixelRect(new Pixel(left, top), w, h);
    }

    private static bool Inside(PixelRect r, Pixel p) => p.X >= r.Left && p.X <= r.Right && p.Y >= r.Top && p.Y <= r.Bottom;

    /// <summary>What the legend must not hide: every marker, points along every line, every interval from end to end.</summary>
    private static IEnumerable<Coordinates> Samples(Plot plot)
    {
        var lim = plot.Axes.GetLimits();
        foreach (var p in plot.GetPlottables())
        {
            switch (p)
            {
                case ScottPlot.Plottables.Scatter s:
                    var pts = s.Data.GetScatterPoints();
                    for (int i = 0; i < pts.Count; i++)
                    {
                        yield return pts[i];
                        if (s.LineWidth > 0 && i + 1 < pts.Count)
                            foreach (var c in Between(pts[i], pts[i + 1], 12)) yield return c;
                    }
                    break;
                case ScottPlot.Plottables.ErrorBar e:
                    for (int i = 0; i < e.Ys.Count; i++)
                    {
                        double lo = e.Ys[i] - (e.YErrorNegative?[i] ?? 0), hi = e.Ys[i] + (e.YErrorPositive?[i] ?? 0);
                        foreach (var c in Between(new Coordinates(e.Xs[i], lo), new Coordinates(e.Xs[i], hi), 8)) yield return c;
                    }
                    break;
                case ScottPlot.Plottables.LinePlot l:
                    foreach (var c in Between(l.Start, l.End, 12)) yield return c;
                    break;
                case ScottPlot.Plottables.HorizontalLine h:
                    foreach (var c in Between(new Coordinates(lim.Left, h.Y), new Coordinates(lim.Right, h.Y), 40)) yield return c;
                    break;
                case ScottPlot.Plottables.VerticalLine v:
                    foreach (var c in Between(new Coordinates(v.X, lim.Bottom), new Coordinates(v.X, lim.Top), 40)) yield return c;
                    break;
            }
        }
    }

    private static IEnumerable<Coordinates> Between(Coordinates a, Coordinates b, int n)
    {
        for (int k = 0; k <= n; k++)
        {
            double t = (double)k / n;
            yield return new Coordinates(a.X + t * (b.X - a.X), a.Y + t * (b.Y - a.Y));
        }
    }
}
