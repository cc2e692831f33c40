using ScottPlot;
using SkiaSharp;

namespace PruneTheory.Figures;

/// <summary>
/// Draws one or more panels, stacked, onto a canvas measured in points (1/72 in) and writes it as PDF (vector, fonts
/// embedded by Skia's PDF backend), PNG (the same canvas scaled to the requested dpi) or SVG (96 px per inch, so it
/// opens at the printed size).
/// </summary>
public static class FigureRenderer
{
    public sealed record Panel(Plot Plot, double HeightPoints);

    public static double TotalHeight(IReadOnlyList<Panel> panels) => panels.Sum(p => p.HeightPoints);

    public static void WritePdf(string path, IReadOnlyList<Panel> panels, double widthPoints, string title)
    {
        using var stream = File.Create(path);
        var meta = new SKDocumentPdfMetadata { Title = title, Creator = "PruneTheory proofs-sim", Producer = "SkiaSharp", RasterDpi = 300 };
        using var doc = SKDocument.CreatePdf(stream, meta);
        var canvas = doc.BeginPage((float)widthPoints, (float)TotalHeight(panels));
        Draw(canvas, panels, widthPoints);
        doc.EndPage();
        doc.Close();
    }

    public static void WritePng(string path, IReadOnlyList<Panel> panels, double widthPoints, int dpi)
    {
        float scale = dpi / 72f;
        var info = new SKImageInfo(Pixels(widthPoints, scale), Pixels(TotalHeight(panels), scale));
        using var surface = SKSurface.Create(info);
        surface.Canvas.Clear(SKColors.White);
        surface.Canvas.Scale(scale);
        Draw(surface.Canvas, panels, widthPoints);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }

    public static void WriteSvg(string path, IReadOnlyList<Panel> panels, double widthPoints)
    {
        const float scale = 96f / 72f;
        using var stream = File.Create(path);
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, Pixels(widthPoints, scale), Pixels(TotalHeight(panels), scale)), stream))
        {
            canvas.Scale(scale);
            Draw(canvas, panels, widthPoints);
        }
    }

    public static int Pixels(double points, float scale) => (int)Math.Round(points * scale);

    private static void Draw(SKCanvas canvas, IReadOnlyList<Panel> panels, double widthPoints)
    {
        float y = 0;
        foreach (var panel in panels)
        {
            int h = (int)Math.Round(panel.HeightPoints);
            // ScottPlot clears the canvas before drawing: the clip keeps that to this panel's strip.
            canvas.Save();
            canvas.ClipRect(new SKRect(0, y, (float)widthPoints, y + h));
            canvas.Translate(0, y);
            panel.Plot.Render(canvas, new PixelRect(new Pixel(0, 0), (float)widthPoints, h));
            canvas.Restore();
            y += h;
        }
    }
}
