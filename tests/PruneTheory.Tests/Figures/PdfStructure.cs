using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace PruneTheory.Tests.Figures;

/// <summary>
/// Just enough PDF parsing to tell that a file opens: the header, a startxref offset that points at a cross-reference
/// table whose entries point at 'N 0 obj' headers, the page size, and the embedded font programs.
/// </summary>
internal sealed partial class PdfStructure
{
    public string Header { get; private init; } = "";
    public int XrefEntriesChecked { get; private init; }
    public double PageWidth { get; private init; }
    public double PageHeight { get; private init; }
    public int EmbeddedFonts { get; private init; }
    public IReadOnlyList<string> FontNames { get; private init; } = [];

    public static PdfStructure Parse(byte[] bytes)
    {
        string text = Encoding.Latin1.GetString(bytes);
        if (!text.StartsWith("%PDF-1.")) throw new FormatException("no %PDF-1.x header");
        if (!text.TrimEnd().EndsWith("%%EOF")) throw new FormatException("no %%EOF trailer");
        var sx = StartXref().Matches(text);
        if (sx.Count == 0) throw new FormatException("no startxref");
        int xref = int.Parse(sx[^1].Groups[1].Value, CultureInfo.InvariantCulture);
        if (!text.AsSpan(xref).StartsWith("xref")) throw new FormatException($"startxref {xref} does not point at 'xref'");
        var head = XrefHead().Match(text, xref);
        int first = int.Parse(head.Groups[1].Value, CultureInfo.InvariantCulture), count = int.Parse(head.Groups[2].Value, CultureInfo.InvariantCulture);
        int pos = head.Index + head.Length, checkedEntries = 0;
        for (int i = 0; i < count; i++)
        {
            var entry = XrefEntry().Match(text, pos);
            pos = entry.Index + entry.Length;
            if (entry.Groups[3].Value != "n") continue;
            int offset = int.Parse(entry.Groups[1].Value, CultureInfo.InvariantCulture);
            string expected = $"{first + i} 0 obj";
            if (!text.AsSpan(offset).StartsWith(expected)) throw new FormatException($"xref entry {first + i} points at offset {offset}, not at '{expected}'");
            checkedEntries++;
        }
        var box = MediaBox().Match(text);
        if (!box.Success) throw new FormatException("no /MediaBox");
        return new PdfStructure
        {
            Header = text[..8],
            XrefEntriesChecked = checkedEntries,
            PageWidth = double.Parse(box.Groups[3].Value, CultureInfo.InvariantCulture) - double.Parse(box.Groups[1].Value, CultureInfo.InvariantCulture),
            PageHeight = double.Parse(box.Groups[4].Value, CultureInfo.InvariantCulture) - double.Parse(box.Groups[2].Value, CultureInfo.InvariantCulture),
            EmbeddedFonts = Regex.Matches(text, @"/FontFile[23]?\s").Count,
            FontNames = BaseFont().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList(),
        };
    }

    [GeneratedRegex(@"startxref\s+(\d+)")] private static partial Regex StartXref();
    [GeneratedRegex(@"\Gxref\s+(\d+)\s+(\d+)\s*")] private static partial Regex XrefHead();
    [GeneratedRegex(@"\G(\d{10}) (\d{5}) ([nf])\s*")] private static partial Regex XrefEntry();
    [GeneratedRegex(@"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]")] private static partial Regex MediaBox();
    [GeneratedRegex(@"/BaseFont\s*/([A-Za-z0-9+\-]+)")] private static partial Regex BaseFont();
}
