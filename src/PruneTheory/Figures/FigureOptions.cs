using System.Globalization;

namespace PruneTheory.Figures;

/// <summary>The file formats a figure is written in.</summary>
[Flags]
public enum FigureFormats { None = 0, Png = 1, Svg = 2, Pdf = 4, All = Png | Svg | Pdf }

/// <summary>
/// The printed size of every figure: its width in inches (one column 3.4 in, two columns 7 in), the PNG resolution and the
/// formats written. Text sizes are points at this printed size, so a figure goes into a paper as it is.
/// </summary>
public sealed record FigureOptions(FigureFormats Formats, double WidthInches, int Dpi)
{
    public const double OneColumnInches = 3.4, TwoColumnInches = 7.0;

    public static FigureOptions Default { get; } = new(FigureFormats.All, OneColumnInches, 300);

    /// <summary>Points (1/72 in) across the printed figure: the unit of every size in <see cref="PlotStyle"/>.</summary>
    public double WidthPoints => WidthInches * 72;

    /// <summary>Width of a preset by name: one-column (3.4 in) or two-column (7 in).</summary>
    public static double PresetWidth(string preset) => preset.ToLowerInvariant() switch
    {
        "one-column" => OneColumnInches,
        "two-column" => TwoColumnInches,
        _ => throw new ArgumentException($"--preset must be one-column or two-column (got '{preset}')"),
    };

    /// <summary>"pdf,png,svg" (any order, any subset, at least one).</summary>
    public static FigureFormats ParseFormats(string text)
    {
        var f = FigureFormats.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            f |= part.ToLowerInvariant() switch
            {
                "png" => FigureFormats.Png, "svg" => FigureFormats.Svg, "pdf" => FigureFormats.Pdf,
                _ => throw new ArgumentException($"--format takes pdf, png and svg, comma-separated (got '{part}')"),
            };
        return f == FigureFormats.None ? throw new ArgumentException("--format needs at least one of pdf, png, svg") : f;
    }

    /// <summary>Checked construction: a width in (0.5, 20] inches and a resolution in [36, 2400] dpi.</summary>
    public static FigureOptions Create(FigureFormats formats, double widthInches, int dpi)
    {
        if (!(widthInches > 0.5 && widthInches <= 20))
            throw new ArgumentException($"--width-in must be in (0.5, 20] inches (got {widthInches.ToString(CultureInfo.InvariantCulture)})");
        if (dpi < 36 || dpi > 2400) throw new ArgumentException($"--dpi must be in [36, 2400] (got {dpi})");
        return new FigureOptions(formats, widthInches, dpi);
    }
}
