using ScottPlot;

namespace PruneTheory.Figures;

/// <summary>
/// Writes a figure at its printed size (<see cref="FigureOptions"/>: PDF, PNG, SVG) with the CSV behind it; the CSV
/// starts with '# key: value' provenance lines (run, spec hash, commit, date) and a caption line that says what the
/// bars and bands are, so every picture can be traced, understood and redrawn. Every figure gets
/// <see cref="PaperStyle"/> and passes <see cref="FigureChecks"/> (no '_' in a label, at most 8 series per panel).
/// </summary>
public sealed class FigureWriter(string directory, Provenance provenance)
{
    /// <summary>The caption of a figure whose claim gave none: honest about what it does not say.</summary>
    public const string DefaultCaption = "markers: per-cell values as computed by the claim; intervals, where drawn, are the claim's (see its docs); no caption given";

    private readonly List<string> _written = [];
    private readonly Dictionary<string, string> _captions = [];
    public string Directory { get; } = directory;
    public Provenance Provenance { get; } = provenance;
    public FigureOptions Options { get; init; } = FigureOptions.Default;

    /// <summary>The extension a figure is listed under in summary.json: .png, else .svg, else .pdf (what was written).</summary>
    public string PreviewExtension => Options.Formats.HasFlag(FigureFormats.Png) ? ".png" : Options.Formats.HasFlag(FigureFormats.Svg) ? ".svg" : ".pdf";

    /// <summary>File stems written so far (relative to <see cref="Directory"/>).</summary>
    public IReadOnlyList<string> Written => _written;

    /// <summary>The caption of each written figure, by stem.</summary>
    public IReadOnlyDictionary<string, string> Captions => _captions;

    /// <summary>A writer that records figure names but renders and writes nothing (rule calibration, tests).</summary>
    public static FigureWriter Dry(Provenance provenance) => new("", provenance) { IsDry = true };

    public bool IsDry { get; private init; }

    /// <summary>Legacy form: width and height give only the aspect ratio; the caption is the generic one.</summary>
    public string Save(string name, Plot plot, CsvTable data, int width = 900, int height = 600) =>
        Save(name, plot, data, DefaultCaption, (double)width / height);

    /// <summary>One panel. <paramref name="caption"/> says what the bars and bands are (e.g. "bars: 95 % t-CI over 5 seeds");
    /// <paramref name="yRange"/>, the metric's possible range, clips intervals and bounds the fitted y axis.</summary>
    public string Save(string name, Plot plot, CsvTable data, string caption, double aspect = 1.5, (double Min, double Max)? yRange = null) =>
        SavePanels(name, [plot], data, caption, aspect, yRange);

    /// <summary>Several panels stacked in one figure (e.g. more than 8 series split into groups), one CSV behind them.</summary>
    public string SavePanels(string name, IReadOnlyList<Plot> panels, CsvTable data, string caption, double aspect = 1.5, (double Min, double Max)? yRange = null)
    {
        if (string.IsNullOrWhiteSpace(caption)) throw new ArgumentException($"figure {name}: empty caption");
        if (!(aspect > 0.2 && aspect < 10)) throw new ArgumentException($"figure {name}: aspect {aspect} outside (0.2, 10)");
        _captions[name] = caption;
        if (IsDry) { _written.Add(name); return name; }
        double width = Options.WidthPoints;
        var laid = new List<FigureRenderer.Panel>();
        foreach (var plot in panels)
        {
            int titleLines = 1 + PaperStyle.Wrap(MathText.ToUnicode(plot.Axes.Title.Label.Text), width, PaperStyle.TitlePoints).Count(c => c == '\n');
            double height = width / aspect + (titleLines - 1) * PaperStyle.TitlePoints * 1.25;
            var (strip, stripHeight) = PaperStyle.Apply(plot, width, height, yRange);
            FigureChecks.Check(name, plot);
            laid.Add(new FigureRenderer.Panel(plot, height));
            if (strip is not null) laid.Add(new FigureRenderer.Panel(strip, stripHeight));
        }
        System.IO.Directory.CreateDirectory(Directory);
        string stem = Path.Combine(Directory, name);
        // Write to temporary names first so an interrupted redraw never leaves a half-written figure.
        using var picture = FigureRenderer.Record(laid, width);
        if (Options.Formats.HasFlag(FigureFormats.Pdf)) AtomicWrite(stem + ".pdf", tmp => FigureRenderer.WritePdf(tmp, picture, name));
        if (Options.Formats.HasFlag(FigureFormats.Png)) AtomicWrite(stem + ".png", tmp => FigureRenderer.WritePng(tmp, picture, Options.Dpi));
        if (Options.Formats.HasFlag(FigureFormats.Svg)) AtomicWrite(stem + ".svg", tmp => NativeStdoutMute.Run(() => FigureRenderer.WriteSvg(tmp, picture)));
        AtomicWrite(stem + ".csv", tmp =>
        {
            using var w = new StreamWriter(tmp);
            foreach (var (k, v) in Provenance.Lines()) w.WriteLine($"# {k}: {v}");
            w.WriteLine($"# caption: {caption.ReplaceLineEndings(" ")}");
            data.Write(w);
        });
        _written.Add(name);
        return name;
    }

    /// <summary>The caption line of a figure's CSV (null when it has none).</summary>
    public static string? ReadCaption(string csvPath) =>
        File.Exists(csvPath) ? File.ReadLines(csvPath).TakeWhile(l => l.StartsWith('#')).FirstOrDefault(l => l.StartsWith("# caption: "))?["# caption: ".Length..] : null;

    private static void AtomicWrite(string path, Action<string> write)
    {
        string tmp = path + ".tmp" + Path.GetExtension(path);
        write(tmp);
        File.Move(tmp, path, overwrite: true);
    }
}
