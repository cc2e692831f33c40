using System.CommandLine;
using System.CommandLine.Parsing;
using PruneTheory.Experiments;
using PruneTheory.Figures;

namespace PruneTheory.ProofsSim.Cli;

/// <summary>
/// The printed-size options of `figures` (--format, --width-in, --dpi, --preset) and where `run` draws its figures:
/// DIR/figures for `run --out DIR`, the repository's figures/ only for a plain `run`.
/// </summary>
public sealed class FigureCommandOptions
{
    public Option<string> Format { get; } = new("--format") { Description = "comma-separated: pdf, png, svg", DefaultValueFactory = _ => "pdf,png,svg" };
    public Option<double?> WidthInches { get; } = new("--width-in") { Description = "printed width in inches (default 3.4, one column)" };
    public Option<int> Dpi { get; } = new("--dpi") { Description = "PNG resolution", DefaultValueFactory = _ => 300 };
    public Option<string?> Preset { get; } = new("--preset") { Description = "one-column (3.4 in) | two-column (7 in); --width-in wins" };

    public void AddTo(Command command)
    {
        command.Options.Add(Format); command.Options.Add(WidthInches); command.Options.Add(Dpi); command.Options.Add(Preset);
    }

    /// <summary>The checked options; bad values become a one-line error (exit 2), before anything is written.</summary>
    public FigureOptions Parse(ParseResult parse)
    {
        try
        {
            var formats = FigureOptions.ParseFormats(parse.GetValue(Format)!);
            double width = parse.GetValue(WidthInches) ?? (parse.GetValue(Preset) is { } p ? FigureOptions.PresetWidth(p) : FigureOptions.OneColumnInches);
            return FigureOptions.Create(formats, width, parse.GetValue(Dpi));
        }
        catch (ArgumentException e) { throw new SpecException(e.Message); }
    }

    /// <summary>--figures when given; else DIR/figures when --out DIR was given; else the repository's figures/.</summary>
    public static string RunFiguresDir(ParseResult parse, Option<string?> figures, Option<string> outDir) =>
        parse.GetValue(figures) ?? (parse.GetResult(outDir) is { Implicit: false } ? Path.Combine(parse.GetValue(outDir)!, "figures") : "figures");
}
