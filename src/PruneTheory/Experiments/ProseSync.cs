using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PruneTheory.Experiments;

/// <summary>
/// Keeps numbers in prose equal to the committed run. Two kinds of marks in Markdown:
/// <list type="bullet">
/// <item>a block <c>&lt;!-- generated:NAME --&gt;</c> … <c>&lt;!-- /generated --&gt;</c> whose body is produced by a named generator;</item>
/// <item>a number followed by <c>&lt;!--claim:metric:FMT--&gt;</c> (or <c>&lt;!--sN/claim:metric:FMT--&gt;</c> for seed N's
/// summary): FMT is a .NET numeric format (F1, G3, N0); a trailing <c>%</c> multiplies by 100 first.</item>
/// </list>
/// <see cref="Sync"/> rewrites both; a check compares the rewritten text with the file.
/// </summary>
public static partial class ProseSync
{
    [GeneratedRegex(@"(?<num>[-−]?\d[\d,]*(?:\.\d+)?(?:[eE][-+]?\d+)?)<!--(?:s(?<seed>\d+)/)?(?<claim>[a-z0-9-]+):(?<metric>[A-Za-z0-9_.]+):(?<fmt>[A-Z]\d*%?)-->")]
    private static partial Regex NumberTag();

    [GeneratedRegex(@"(?<open><!-- generated:(?<name>[a-z0-9-]+) -->\n)(?<body>.*?)(?<close><!-- /generated -->)", RegexOptions.Singleline)]
    private static partial Regex Block();

    /// <summary>A committed summary: per claim, its JSON object.</summary>
    public static Dictionary<string, JsonObject> LoadSummary(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        return root["claims"]!.AsArray().Select(c => c!.AsObject()).ToDictionary(c => (string)c["id"]!);
    }

    /// <summary>
    /// The text with every generated block and tagged number rewritten. <paramref name="summaries"/> maps a seed
    /// to its summary; <paramref name="generators"/> maps a block name to its body. Unknown tags are listed in
    /// <paramref name="problems"/> and left as they are.
    /// </summary>
    public static string Sync(string text, IReadOnlyDictionary<int, Dictionary<string, JsonObject>> summaries,
        IReadOnlyDictionary<string, Func<string>> generators, List<string> problems)
    {
        text = Block().Replace(text, m =>
        {
            string name = m.Groups["name"].Value;
            if (!generators.TryGetValue(name, out var gen)) { problems.Add($"no generator for block '{name}'"); return m.Value; }
            string body = gen();
            if (!body.EndsWith('\n')) body += "\n";
            return m.Groups["open"].Value + body + m.Groups["close"].Value;
        });
        return NumberTag().Replace(text, m =>
        {
            int seed = m.Groups["seed"].Success ? int.Parse(m.Groups["seed"].Value, CultureInfo.InvariantCulture) : 0;
            string claim = m.Groups["claim"].Value, metric = m.Groups["metric"].Value, fmt = m.Groups["fmt"].Value;
            string tag = m.Value[m.Groups["num"].Length..];
            if (!summaries.TryGetValue(seed, out var summary)) { problems.Add($"{tag}: no committed summary for seed {seed}"); return m.Value; }
            if (!summary.TryGetValue(claim, out var c)) { problems.Add($"{tag}: claim not in the seed-{seed} summary"); return m.Value; }
            var node = c["metrics"]?[metric];
            if (node is null) { problems.Add($"{tag}: metric not in the seed-{seed} summary"); return m.Value; }
            double v = node.GetValueKind() == System.Text.Json.JsonValueKind.Number ? node.GetValue<double>()
                : double.Parse(node.GetValue<string>(), CultureInfo.InvariantCulture);
            return Format(v, fmt) + tag;
        });
    }

    /// <summary>A value in a tag's format: "F1" → 32.0; "F1%" → 100·v with one decimal.</summary>
    public static string Format(double v, string fmt)
    {
        if (fmt.EndsWith('%')) { v *= 100; fmt = fmt[..^1]; }
        if (!double.IsFinite(v)) return v.ToString(CultureInfo.InvariantCulture);
        return v.ToString(fmt, CultureInfo.InvariantCulture);
    }

    /// <summary>Markdown verdict table of one summary: claim, verdict, scope, reason.</summary>
    public static string VerdictTable(Dictionary<string, JsonObject> summary)
    {
        var sb = new StringBuilder();
        sb.Append("| claim | verdict | scope | what was measured |\n|---|---|---|---|\n");
        foreach (var (id, c) in summary)
        {
            string scope = (string?)c["scope"]?["kind"] ?? "";
            sb.Append($"| `{id}` | {(string)c["verdict"]!} | {scope} | {Cell((string)c["reason"]!)} |\n");
        }
        return sb.ToString();
    }

    private static string Cell(string s) => s.Replace("|", "\\|").Replace("\n", " ");
}
