using System.Net;
using System.Text;
using PruneTheory.Experiments;

namespace PruneTheory.Figures;

/// <summary>
/// figures/index.html: the whole run at a glance. Every claim with its verdict and reason, every figure with its caption
/// (from its CSV) and links to the CSV, PDF and SVG. Claims drawn by an earlier run into the same folder stay listed,
/// marked as not part of this run, so a partial run never hides figures that are there.
/// </summary>
public static class ContactSheet
{
    public const string FileName = "index.html";

    public static string Write(string figuresDir, IReadOnlyList<ClaimReport> reports)
    {
        Directory.CreateDirectory(figuresDir);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>PruneTheory figures</title>\n<style>")
            .Append("body{font-family:'DejaVu Sans',sans-serif;margin:1.5em;max-width:80em}figure{display:inline-block;vertical-align:top;width:24em;margin:0 1em 1.5em 0}")
            .Append("img{width:100%;border:1px solid #ddd}figcaption{font-size:0.8em}.verdict{font-weight:bold}.confirmed{color:#00734d}.contradicted{color:#b02500}")
            .Append(".inconclusive,.skipped{color:#8a6d00}.error,.incomplete{color:#b02500}</style></head><body>\n<h1>PruneTheory figures</h1>\n");
        var listed = new HashSet<string>();
        foreach (var r in reports)
        {
            listed.Add(r.ClaimId);
            string dir = Path.Combine(figuresDir, r.ClaimId);
            var stems = (r.Outcome?.Figures ?? []).Select(f => Path.GetFileNameWithoutExtension(f)).ToList();
            Claim(html, r.ClaimId, r.Title, r.VerdictText, r.Error ?? r.Outcome?.Reason ?? $"{r.Completed} of {r.Total} trials stored", dir, stems, figuresDir);
        }
        if (Directory.Exists(figuresDir))
            foreach (var dir in Directory.GetDirectories(figuresDir).OrderBy(d => d, StringComparer.Ordinal))
            {
                string id = Path.GetFileName(dir);
                if (listed.Contains(id)) continue;
                var stems = Directory.GetFiles(dir, "*.csv").Select(Path.GetFileNameWithoutExtension).OrderBy(s => s, StringComparer.Ordinal).ToList();
                if (stems.Count > 0) Claim(html, id, "", "not in this run", "drawn by an earlier run into this folder", dir, stems!, figuresDir);
            }
        html.Append("</body></html>\n");
        string path = Path.Combine(figuresDir, FileName), tmp = path + ".tmp";
        File.WriteAllText(tmp, html.ToString());
        File.Move(tmp, path, overwrite: true);
        return path;
    }

    private static void Claim(StringBuilder html, string id, string title, string verdict, string reason, string dir, IReadOnlyList<string?> stems, string root)
    {
        string E(string s) => WebUtility.HtmlEncode(s);
        string cls = verdict.Split(' ')[0];
        html.Append($"<section id=\"{E(id)}\"><h2>{E(id)}</h2><p>{E(title)} <span class=\"verdict {E(cls)}\">{E(verdict)}</span>: {E(reason)}</p>\n");
        foreach (var stem in stems.OfType<string>())
        {
            string Rel(string ext) => Path.GetRelativePath(root, Path.Combine(dir, stem + ext)).Replace('\\', '/');
            bool Has(string ext) => File.Exists(Path.Combine(dir, stem + ext));
            string? preview = Has(".png") ? Rel(".png") : Has(".svg") ? Rel(".svg") : null;
            string caption = FigureWriter.ReadCaption(Path.Combine(dir, stem + ".csv")) ?? "(no caption)";
            html.Append("<figure>");
            if (preview is not null) html.Append($"<a href=\"{E(Uri.EscapeDataString(preview).Replace("%2F", "/"))}\"><img src=\"{E(Uri.EscapeDataString(preview).Replace("%2F", "/"))}\" alt=\"{E(stem)}\"></a>");
            html.Append($"<figcaption><b>{E(stem)}</b>: {E(caption)}<br>");
            foreach (var ext in new[] { ".csv", ".pdf", ".svg", ".png" })
                if (Has(ext)) html.Append($"<a href=\"{E(Uri.EscapeDataString(Rel(ext)).Replace("%2F", "/"))}\">{ext[1..].ToUpperInvariant()}</a> ");
            html.Append("</figcaption></figure>\n");
        }
        html.Append("</section>\n");
    }
}
