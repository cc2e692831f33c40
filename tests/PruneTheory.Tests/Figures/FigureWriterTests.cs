using PruneTheory.Figures;
using PruneTheory.Tests.Support;
using ScottPlot;
using PlotStyle = PruneTheory.Figures.PlotStyle;
using SkiaSharp;
using Xunit;

namespace PruneTheory.Tests.Figures;

/// <summary>Every figure kind at both paper widths: sizes, PDFs that parse with their fonts embedded, captions, checks.</summary>
public class FigureWriterTests
{
    private static FigureWriter Writer(string dir, FigureOptions? options = null) =>
        new(dir, new Provenance("test", "run", "hash", "{}", 0, "test", "now")) { Options = options ?? FigureOptions.Default };

    public static TheoryData<string, double, int> Kinds() => new()
    {
        { "bars", FigureOptions.OneColumnInches, 300 }, { "loglog", FigureOptions.OneColumnInches, 300 },
        { "heatmap", FigureOptions.OneColumnInches, 150 }, { "panels", FigureOptions.TwoColumnInches, 200 },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_kind_is_written_at_its_printed_size_in_pdf_png_and_svg(string kind, double widthIn, int dpi)
    {
        using var tmp = new TempDir();
        var w = Writer(tmp.Path, FigureOptions.Create(FigureFormats.All, widthIn, dpi));
        var csv = new CsvTable("x", "y").Add(1.0, 2.0);
        if (kind == "panels") w.SavePanels(kind, [FigureKinds.Bars(), FigureKinds.LogLog()], csv, "bars: 95 % CI over 5 seeds");
        else w.Save(kind, kind switch { "bars" => FigureKinds.Bars(), "loglog" => FigureKinds.LogLog(), _ => FigureKinds.Heatmap() }, csv, "bars: 95 % CI over 5 seeds");

        using var bitmap = SKBitmap.Decode(Path.Combine(tmp.Path, kind + ".png"));
        Assert.Equal((int)Math.Round(widthIn * dpi), bitmap.Width);
        Assert.InRange(bitmap.Height, bitmap.Width / 3, kind == "panels" ? 3 * bitmap.Width : 2 * bitmap.Width);
        Assert.True(CountInk(bitmap) > bitmap.Width * bitmap.Height / 50, "the PNG is nearly blank");

        var pdf = PdfStructure.Parse(File.ReadAllBytes(Path.Combine(tmp.Path, kind + ".pdf")));
        Assert.Equal(widthIn * 72, pdf.PageWidth, 0);
        Assert.Equal(bitmap.Height * 72.0 / dpi, pdf.PageHeight, 1.0);
        Assert.True(pdf.XrefEntriesChecked > 5);
        Assert.True(pdf.EmbeddedFonts >= 1, "no embedded font program");
        Assert.Contains(pdf.FontNames, n => n.Contains("DejaVuSans"));

        string svg = File.ReadAllText(Path.Combine(tmp.Path, kind + ".svg"));
        Assert.Contains($"width=\"{(int)Math.Round(widthIn * 96)}\"", svg);

        Assert.Equal("bars: 95 % CI over 5 seeds", FigureWriter.ReadCaption(Path.Combine(tmp.Path, kind + ".csv")));
    }

    [Fact]
    public void Text_is_8_to_9_points_at_the_printed_size()
    {
        var plot = FigureKinds.Bars();
        PaperStyle.Apply(plot, FigureOptions.Default.WidthPoints, 160, null);
        var sizes = new List<float> { plot.Axes.Title.Label.FontSize, plot.Legend.FontSize ?? 0 };
        foreach (var axis in plot.Axes.GetAxes()) { sizes.Add(axis.Label.FontSize); sizes.Add(axis.TickLabelStyle.FontSize); }
        Assert.All(sizes, s => Assert.InRange(s, 8f, 9f));
        // the long title was broken to fit a 3.4-inch column
        Assert.Contains('\n', plot.Axes.Title.Label.Text);
    }

    [Fact]
    public void Only_requested_formats_are_written()
    {
        using var tmp = new TempDir();
        Writer(tmp.Path, FigureOptions.Create(FigureFormats.Pdf, 7, 300)).Save("f", FigureKinds.Bars(), new CsvTable("a").Add(1), "no intervals");
        Assert.Equal(["f.csv", "f.pdf"], Directory.GetFiles(tmp.Path).Select(f => Path.GetFileName(f)!).Order().ToArray());
    }

    [Fact]
    public void Intervals_are_clipped_to_the_metric_range_and_the_axis_fitted_to_the_data()
    {
        using var tmp = new TempDir();
        var plot = FigureKinds.Bars();
        Writer(tmp.Path).Save("f", plot, new CsvTable("a").Add(1), "bars: 95 % t-CI", yRange: (0, 100));
        foreach (var e in plot.GetPlottables<ScottPlot.Plottables.ErrorBar>())
            for (int i = 0; i < e.Ys.Count; i++)
            {
                Assert.InRange(e.Ys[i] + e.YErrorPositive![i], 0, 100 + 1e-9);
                Assert.InRange(e.Ys[i] - e.YErrorNegative![i], -1e-9, 100);
            }
        var lim = plot.Axes.GetLimits();
        Assert.InRange(lim.Top, 95, 100);
        Assert.InRange(lim.Bottom, 20, 40);   // fitted to the data (lowest bar end ≈ 28), not the 0–100 the claim set
    }

    [Fact]
    public void A_label_with_an_underscore_fails_loudly()
    {
        using var tmp = new TempDir();
        var e = Assert.Throws<FigureStyleException>(() => Writer(tmp.Path).Save("f", FigureKinds.Bars(label: "nm_tuned {0}"), new CsvTable("a").Add(1), "c"));
        Assert.Contains("nm_tuned 0", e.Message);
        Assert.Empty(Directory.GetFiles(tmp.Path));
    }

    [Fact]
    public void More_than_eight_series_in_a_panel_fail_loudly_and_panels_take_them()
    {
        using var tmp = new TempDir();
        var e = Assert.Throws<FigureStyleException>(() => Writer(tmp.Path).Save("f", FigureKinds.Bars(series: 9), new CsvTable("a").Add(1), "c"));
        Assert.Contains("9 labelled series", e.Message);
        Writer(tmp.Path).SavePanels("g", [FigureKinds.Bars(series: 5), FigureKinds.Bars(series: 4)], new CsvTable("a").Add(1), "c");
        Assert.True(File.Exists(Path.Combine(tmp.Path, "g.pdf")));
    }

    [Fact]
    public void A_legend_that_would_cover_data_in_every_corner_moves_below_the_plot()
    {
        using var tmp = new TempDir();
        var plot = PlotStyle.Create("t", "x", "y");
        var rng = new System.Random(1);
        var xs = Enumerable.Range(0, 400).Select(_ => rng.NextDouble()).ToArray();
        var sc = plot.Add.ScatterPoints(xs, xs.Select(_ => rng.NextDouble()).ToArray());
        sc.LegendText = "uniform cloud";
        plot.ShowLegend(Alignment.UpperRight);
        var w = Writer(tmp.Path);
        w.Save("f", plot, new CsvTable("a").Add(1), "points: 400 draws");
        Assert.False(plot.Legend.IsVisible);   // hidden in the plot, drawn in the strip below
        using var bitmap = SKBitmap.Decode(Path.Combine(tmp.Path, "f.png"));
        Assert.True(bitmap.Height > FigureOptions.Default.WidthInches * 300 / 1.5 + 20);
    }

    private static int CountInk(SKBitmap b)
    {
        int ink = 0;
        for (int y = 0; y < b.Height; y += 2)
            for (int x = 0; x < b.Width; x += 2)
                if (b.GetPixel(x, y).Red < 200) ink += 4;
        return ink;
    }
}
