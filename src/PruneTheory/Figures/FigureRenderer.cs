using ScottPlot;
using SkiaSharp;

namespace PruneTheory.Figures;

/// <summary>
/// Records one or more panels, stacked, once as a Skia picture measured in points (1/72 in), then plays that same
/// picture into a PDF page (vector, fonts embedded by Skia's PDF backend), a PNG (scaled to the requested dpi) and an SVG
/// (96 px per inch, so it opens at the printed size): the three files show the same drawing.
/// </summary>
public static class FigureRenderer
{
    public sealed record Panel(Plot Plot, double HeightPoints);

    public static double TotalHeight(IReadOnlyList<Panel> panels) => panels.Sum(p => p.HeightPoints);

    /// <summary>The figure as drawing commands, recorded once; every format replays it.</summary>
    public static SKPicture Record(IReadOnlyList<Panel> panels, double widthPoints)
    {
        using var recorder = new SKPictureRecorder();
        var canvas = recorder.BeginRecording(new SKRect(0, 0, (float)widthPoints, (float)TotalHeight(panels)));
        Draw(canvas, panels, widthPoints);
        return recorder.EndRecording();
    }

    public static void WritePdf(string path, SKPicture picture, string title)
    {
        using var stream = File.Create(path);
        var meta = new SKDocumentPdfMetadata { Title = title, Creator = "PruneTheory proofs-sim", Producer = "SkiaSharp", RasterDpi = 300 };
        using var doc = SKDocument.CreatePdf(stream, meta);
        var canvas = doc.BeginPage(picture.CullRect.Width, picture.CullRect.Height);
        canvas.DrawPicture(picture);
        doc.EndPage();
        doc.Close();
    }

    public static void WritePng(string path, SKPicture picture, int dpi)
    {
        float scale = dpi / 72f;
        var info = new SKImageInfo(Pixels(picture.CullRect.Width, scale), Pixels(picture.CullRect.Height, scale));
        using var surface = SKSurface.Create(info);
        surface.Canvas.Clear(SKColors.White);
        surface.Canvas.Scale(scale);
        surface.Canvas.DrawPicture(picture);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }

    public static void WriteSvg(string path, SKPicture picture)
    {
        const float scale = 96f / 72f;
        using var stream = File.Create(path);
        using (var canvas = SKSvgCanvas.Create(new SKRect(0, 0, Pixels(picture.CullRect.Width, scale), Pixels(picture.CullRect.Height, scale)), stream))
        {
            canvas.Scale(scale);
            canvas.DrawPicture(picture);
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
