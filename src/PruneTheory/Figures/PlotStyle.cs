using ScottPlot;

namespace PruneTheory.Figures;

/// <summary>
/// One look for every figure, with a shipped font (DejaVu Sans, in Figures/Fonts) so text renders the
/// same on every machine whatever fonts it has installed.
/// </summary>
public static class PlotStyle
{
    public const string FontName = "DejaVu Sans";
    private static readonly Lazy<bool> Registered = new(Register);

    private static bool Register()
    {
        string dir = Path.Combine(AppContext.BaseDirectory, "Figures", "Fonts");
        string regular = Path.Combine(dir, "DejaVuSans.ttf"), bold = Path.Combine(dir, "DejaVuSans-Bold.ttf");
        if (!File.Exists(regular)) return false;
        Fonts.AddFontFile(FontName, regular, bold: false, italic: false);
        if (File.Exists(bold)) Fonts.AddFontFile(FontName, bold, bold: true, italic: false);
        Fonts.Default = FontName;
        return true;
    }

    /// <summary>A new plot with the suite's font, title and axis labels.</summary>
    public static Plot Create(string title, string xLabel, string yLabel)
    {
        _ = Registered.Value;
        var plot = new Plot();
        plot.Font.Set(FontName);
        plot.Title(title, size: 16);
        plot.XLabel(xLabel, size: 14);
        plot.YLabel(yLabel, size: 14);
        return plot;
    }

    /// <summary>Colour-blind-safe palette (Okabe–Ito), indexed cyclically.</summary>
    public static Color Series(int i) => Palette[((i % Palette.Length) + Palette.Length) % Palette.Length];

    private static readonly Color[] Palette =
    [
        Color.FromHex("#0072B2"), Color.FromHex("#D55E00"), Color.FromHex("#009E73"), Color.FromHex("#CC79A7"),
        Color.FromHex("#E69F00"), Color.FromHex("#56B4E9"), Color.FromHex("#000000"), Color.FromHex("#F0E442"),
    ];
}
