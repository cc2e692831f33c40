using System.Globalization;
using System.Text;

namespace PruneTheory.Figures;

/// <summary>The data behind a figure: named columns, rows of numbers or text, written invariant-culture.</summary>
public sealed class CsvTable(params string[] columns)
{
    private readonly List<string[]> _rows = [];
    public IReadOnlyList<string> Columns { get; } = columns;
    public IReadOnlyList<string[]> Rows => _rows;

    public CsvTable Add(params object[] cells)
    {
        if (cells.Length != Columns.Count)
            throw new ArgumentException($"row has {cells.Length} cells, table has {Columns.Count} columns");
        _rows.Add(cells.Select(Format).ToArray());
        return this;
    }

    private static string Format(object cell) => cell switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(cell.ToString() ?? ""),
    };

    private static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    public void Write(TextWriter w)
    {
        w.WriteLine(string.Join(",", Columns.Select(Quote)));
        foreach (var r in _rows) w.WriteLine(string.Join(",", r));
    }

    public override string ToString() { var sb = new StringWriter(); Write(sb); return sb.ToString(); }
}
