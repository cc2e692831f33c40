using System.CommandLine;
using System.Globalization;
using System.Text;
using PruneTheory.Experiments;

namespace PruneTheory.ProofsSim.Cli;

/// <summary>
/// `proofs-sim docs [--check]`: rewrites the generated blocks and tagged numbers of README.md and docs/*.md from
/// the committed summaries (figures/summary-quick-seedN.json), the claims' stated rules and the measured rule
/// calibration. With --check it writes nothing and exits 1 when a file would change.
/// </summary>
public static class DocsSync
{
    public const string SummaryPattern = "summary-quick-seed*.json";

    /// <summary>The Markdown files that carry numbers from the committed run.</summary>
    public static IEnumerable<string> Files(string repo) =>
        new[] { Path.Combine(repo, "README.md") }.Concat(Directory.EnumerateFiles(Path.Combine(repo, "docs"), "*.md").Order(StringComparer.Ordinal));

    public static Dictionary<int, Dictionary<string, System.Text.Json.Nodes.JsonObject>> Summaries(string repo) =>
        Directory.EnumerateFiles(Path.Combine(repo, "figures"), SummaryPattern)
            .ToDictionary(f => int.Parse(Path.GetFileNameWithoutExtension(f)["summary-quick-seed".Length..], CultureInfo.InvariantCulture),
                ProseSync.LoadSummary);

    /// <summary>Block generators; <paramref name="calibration"/> is null to leave calibration blocks as they are.</summary>
    public static Dictionary<string, Func<string>> Generators(string repo, Func<string>? calibration)
    {
        var summaries = Summaries(repo);
        var gens = new Dictionary<string, Func<string>>
        {
            ["verdict-rules"] = RulesTable,
        };
        foreach (var (seed, s) in summaries) gens[$"verdicts-seed{seed}"] = () => ProseSync.VerdictTable(s);
        if (calibration is not null) gens["calibration"] = calibration;
        return gens;
    }

    /// <summary>Per claim: replicate unit, the paper's regime and the rule, from the claims themselves.</summary>
    public static string RulesTable()
    {
        var sb = new StringBuilder("| claim | replicate unit | paper regime | rule |\n|---|---|---|---|\n");
        foreach (var c in Commands.Registry.All)
            sb.Append($"| `{c.Id}` | {Cell(c.ReplicateUnit)} | {Cell(c.ScopeOf(c.Preset(Scale.Paper)).Paper)} | {Cell(c.Rule)} |\n");
        return sb.ToString();
    }

    /// <summary>Measured false-confirm / false-contradict rates of every rule, quick and paper presets.</summary>
    public static string CalibrationTable(int runs = 200)
    {
        var sb = new StringBuilder("| claim | preset | scope | synthetic runs | false confirm | false contradict | confirmed when it holds | contradicted when it fails |\n|---|---|---|---|---|---|---|---|\n");
        foreach (var c in Commands.Registry.All)
        {
            if (c.CalibrationExemption is { } why) { sb.Append($"| `{c.Id}` | — | — | — | not calibrated: {Cell(why)} | | | |\n"); continue; }
            foreach (var scale in new[] { Scale.Quick, Scale.Paper })
            {
                var r = RuleCalibration.Measure(c, scale, runs)!;
                sb.Append(FormattableString.Invariant(
                    $"| `{c.Id}` | {scale.ToString().ToLowerInvariant()} | {r.Scope} | {r.Runs} | {r.FalseConfirm:P1} | {r.FalseContradict:P1} | {r.ConfirmWhenHolds:P1} | {r.ContradictWhenFails:P1} |\n"));
            }
        }
        return sb.ToString();
    }

    private static string Cell(string s) => s.Replace("|", "\\|").Replace("\n", " ");

    /// <summary>Files whose synced text differs, with the problems found (unknown tags).</summary>
    public static (List<(string Path, string Synced)> Changed, List<string> Problems) Run(string repo, Func<string>? calibration)
    {
        var summaries = Summaries(repo);
        var gens = Generators(repo, calibration);
        var changed = new List<(string, string)>();
        var problems = new List<string>();
        foreach (var f in Files(repo))
        {
            string text = File.ReadAllText(f);
            var local = new List<string>();
            string synced = ProseSync.Sync(text, summaries, gens, local);
            problems.AddRange(local.Where(p => !(calibration is null && p.Contains("'calibration'"))).Select(p => $"{Path.GetRelativePath(repo, f)}: {p}"));
            if (synced != text) changed.Add((f, synced));
        }
        return (changed, problems);
    }

    public static Command Build()
    {
        var check = new Option<bool>("--check") { Description = "write nothing; exit 1 when a file would change" };
        var noCalibration = new Option<bool>("--no-calibration") { Description = "leave the calibration table as it is (it takes a while)" };
        var cmd = new Command("docs", "Rewrite README.md and docs/*.md numbers and tables from the committed run (figures/summary-quick-seedN.json).")
            { check, noCalibration };
        cmd.SetAction(p =>
        {
            string repo = Directory.GetCurrentDirectory();
            if (!File.Exists(Path.Combine(repo, "PruneTheory.sln"))) throw new SpecException("docs: run it from the repository root (no PruneTheory.sln here)");
            var (changed, problems) = Run(repo, p.GetValue(noCalibration) ? null : () => CalibrationTable());
            foreach (var pr in problems) Console.Error.WriteLine($"warning: {pr}");
            foreach (var (path, synced) in changed)
            {
                Console.WriteLine($"{(p.GetValue(check) ? "stale" : "updated")}: {Path.GetRelativePath(repo, path)}");
                if (!p.GetValue(check)) File.WriteAllText(path, synced);
            }
            return p.GetValue(check) && (changed.Count > 0 || problems.Count > 0) ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return cmd;
    }
}
