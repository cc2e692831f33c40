using ScottPlot;

namespace PruneTheory.Figures;

/// <summary>
/// Writes a figure as PNG and SVG with the CSV behind it; the CSV starts with '# key: value'
/// provenance lines (run, spec hash, commit, date), so every picture can be traced and redrawn.
/// </summary>
public sealed class FigureWriter(string directory, Provenance provenance)
{
    private readonly List<string> _written = [];
    public string Directory { get; } = directory;
    public Provenance Provenance { get; } = provenance;

    /// <summary>File stems written so far (relative to <see cref="Directory"/>).</summary>
    public IReadOnlyList<string> Written => _written;

    /// <summary>A writer that records figure names but renders and writes nothing (rule calibration, tests).</summary>
    public static FigureWriter Dry(Provenance provenance) => new("", provenance) { IsDry = true };

    public bool IsDry { get; private init; }

    public string Save(string name, Plot plot, CsvTable data, int width = 900, int height = 600)
    {
        if (IsDry) { _written.Add(name); return name; }
        System.IO.Directory.CreateDirectory(Directory);
        string stem = Path.Combine(Directory, name);
        // Write to temporary names first so an interrupted redraw never leaves a half-written figure.
        AtomicWrite(stem + ".png", tmp => plot.SavePng(tmp, width, height));
        AtomicWrite(stem + ".svg", tmp => NativeStdoutMute.Run(() => plot.SaveSvg(tmp, width, height)));
        AtomicWrite(stem + ".csv", tmp =>
        {
            using var w = new StreamWriter(tmp);
            foreach (var (k, v) in Provenance.Lines()) w.WriteLine($"# {k}: {v}");
            data.Write(w);
        });
        _written.Add(name);
        return name;
    }

    private static void AtomicWrite(string path, Action<string> write)
    {
        string tmp = path + ".tmp" + Path.GetExtension(path);
        write(tmp);
        File.Move(tmp, path, overwrite: true);
    }
}
