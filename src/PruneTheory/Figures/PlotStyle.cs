using ScottPlot;

namespace PruneTheory.Figures;

/// <summary>
/// One look for every figure, with a shipped font (DejaVu Sans, in Figures/Fonts) so text renders the
/// same on every machine whatever fonts it has installed (and is embedded in PDFs). Sizes are points at the printed size;
/// <see cref="PaperStyle"/> enforces them when the figure is saved.
/// </summary>
public static class PlotStyle
{
    public const string FontName = "DejaVu Sans";

    /// <summary>At most this many labelled series in one panel: beyond it the palette repeats and a reader cannot tell them apart.</summary>
    public const int MaxSeriesPerPanel = 8;

    private static readonly Lazy<SkiaSharp.SKTypeface> Face = new(Register);

    /// <summary>The shipped regular face (the system default where the font files are missing).</summary>
    public static SkiaSharp.SKTypeface Typeface => Face.Value;

    private static SkiaSharp.SKTypeface Register()
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "Figures", "Fonts");
        string regular = Path.Combine(dir, "DejaVuSans.ttf"), bold = Path.Combine(dir, "DejaVuSans-Bold.ttf");
        if (!File.Exists(regular)) return SkiaSharp.SKTypeface.Default;
        Fonts.AddFontFile(FontName, regular, bold: false, italic: false);
        if (File.Exists(bold)) Fonts.AddFontFile(FontName, bold, bold: true, italic: false);
        Fonts.Default = FontName;
        return SkiaSharp.SKTypeface.FromFile(regular) ?? SkiaSharp.SKTypeface.Default;
    }

    /// <summary>A new plot with the suite's font, title and axis labels (TeX-like _x and ^x set as Unicode).</summary>
    public static Plot Create(string title, string xLabel, string yLabel)
    {
        _ = Face.Value;
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Title(MathText.ToUnicode(title), size: PaperStyle.TitlePoints);
        plot.XLabel(MathText.ToUnicode(xLabel), size: PaperStyle.LabelPoints);
        plot.YLabel(MathText.ToUnicode(yLabel), size: PaperStyle.LabelPoints);
        return plot;
    }

    /// <summary>Label of a logarithmic tick at m × 10^k: 10ᵏ (and m×10ᵏ), plain numbers between 0.01 and 100.</summary>
    public static string LogTickLabel(int mantissa, int exponent) =>
        exponent is >= -2 and <= 2 ? (mantissa * Math.Pow(10, exponent)).ToString("G3", System.Globalization.CultureInfo.InvariantCulture)
            : MathText.PowerOfTen(mantissa, exponent);

    /// <summary>
    /// Ticks for an axis that carries log10 of the data (ScottPlot 5 has no log axis): labelled at 1, 2, 5 × 10^k (only 10^k
    /// over more than 3 decades), labels 10ᵏ, unlabelled minor ticks at 1..9 × 10^k; <paramref name="lo"/>, <paramref name="hi"/> in log10 units.
    /// </summary>
    public static ScottPlot.TickGenerators.NumericManual LogTicks(double lo, double hi)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        if (!(hi >= lo) || !double.IsFinite(lo) || !double.IsFinite(hi)) return ticks;
        bool wide = hi - lo > 3;
        for (int k = (int)Math.Floor(lo) - 1; k <= (int)Math.Ceiling(hi) + 1; k++)
            for (int m = 1; m <= 9; m++)
            {
                double v = Math.Log10(m * Math.Pow(10, k));
                if (v < lo - 0.3 || v > hi + 0.3) continue;
                bool major = m == 1 || (!wide && (m == 2 || m == 5));
                // Over many decades every label is 10ᵏ (one style on the axis); over few, plain 1, 2, 5 × 10ᵏ read better.
                if (major) ticks.AddMajor(v, wide ? MathText.PowerOfTen(1, k) : LogTickLabel(m, k));
                else ticks.AddMinor(v);
            }
        return ticks;
    }

    /// <summary>Gives every panel the union of their axis limits, so panels of one figure compare at a glance.</summary>
    public static void ShareLimits(IReadOnlyList<Plot> panels)
    {
        foreach (var p in panels) p.Axes.AutoScale();
        var lims = panels.Select(p => p.Axes.GetLimits()).ToList();
        var union = new AxisLimits(lims.Min(l => l.Left), lims.Max(l => l.Right), lims.Min(l => l.Bottom), lims.Max(l => l.Top));
        foreach (var p in panels) p.Axes.SetLimits(union);
    }

    /// <summary>Colour-blind-safe palette (Okabe–Ito), indexed cyclically.</summary>
    public static Color Series(int i) => Palette[((i % Palette.Length) + Palette.Length) % Palette.Length];

    private static readonly Color[] Palette =
    [
        Color.FromHex("#0072B2"), Color.FromHex("#D55E00"), Color.FromHex("#009E73"), Color.FromHex("#CC79A7"),
        Color.FromHex("#E69F00"), Color.FromHex("#56B4E9"), Color.FromHex("#000000"), Color.FromHex("#F0E442"),
    ];
}
