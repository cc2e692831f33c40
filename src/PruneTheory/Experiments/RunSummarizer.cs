using System.Text.Json;
using System.Text.Json.Nodes;
using PruneTheory.Figures;

namespace PruneTheory.Experiments;

/// <summary>
/// Turns stored trial rows into verdicts, metrics and figures, and writes summary.json. Reads only the
/// store, so `figures DIR` redraws everything without re-running a trial.
/// </summary>
public static class RunSummarizer
{
    public const string SummaryFile = "summary.json";

    public static ClaimReport Summarize(ResultStore store, PlannedRun plan, string figuresDir, FigureOptions? figureOptions = null)
    {
        var rows = store.Trials(plan.Identity.Name);
        string title = plan.Claim.Title;
        if (rows.Count < plan.TrialCount)
            return new ClaimReport(plan.Claim.Id, title, plan.Identity.Name, rows.Count, plan.TrialCount, null, null);
        var provenance = new Provenance(plan.Claim.Id, plan.Identity.Name, plan.Identity.Hash, plan.Identity.CanonicalSpec,
            plan.Identity.Seed, GitInfo.Commit, DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"));
        var writer = new FigureWriter(Path.Combine(figuresDir, plan.Claim.Id), provenance) { Options = figureOptions ?? FigureOptions.Default };
        try
        {
            var outcome = plan.Claim.Summarize(plan.Spec, rows.Select(r => r.Payload).ToList(),
                new SummaryContext(plan.Identity, plan.Scale, writer));
            outcome = outcome with { Figures = writer.Written.Select(w => Path.Combine(writer.Directory, w + writer.PreviewExtension)).ToList() };
            return new ClaimReport(plan.Claim.Id, title, plan.Identity.Name, rows.Count, plan.TrialCount, outcome, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new ClaimReport(plan.Claim.Id, title, plan.Identity.Name, rows.Count, plan.TrialCount, null,
                $"summary failed: {e.GetType().Name}: {e.Message}");
        }
    }

    public static string ToJson(IEnumerable<ClaimReport> reports)
    {
        var claims = new JsonArray();
        foreach (var r in reports)
        {
            var metrics = new JsonObject();
            foreach (var (k, v) in (r.Outcome?.Metrics ?? new Dictionary<string, double>()).OrderBy(kv => kv.Key, StringComparer.Ordinal))
                metrics[k] = double.IsFinite(v) ? JsonValue.Create(v) : JsonValue.Create(v.ToString(System.Globalization.CultureInfo.InvariantCulture));
            claims.Add(new JsonObject
            {
                ["id"] = r.ClaimId,
                ["title"] = r.Title,
                ["run"] = r.RunName,
                ["verdict"] = r.VerdictText,
                ["scope"] = r.Outcome is { } o ? new JsonObject
                {
                    ["kind"] = o.Scope.Kind,
                    ["reduced"] = new JsonArray(o.Scope.Reductions.Select(x => (JsonNode)JsonValue.Create(x)!).ToArray()),
                    ["paper"] = o.Scope.Paper,
                    ["run"] = o.Scope.Run,
                } : null,
                ["reason"] = r.Error ?? r.Outcome?.Reason ?? $"{r.Completed} of {r.Total} trials stored",
                ["trials"] = new JsonObject { ["completed"] = r.Completed, ["total"] = r.Total },
                ["metrics"] = metrics,
                ["figures"] = new JsonArray((r.Outcome?.Figures ?? []).Select(f => (JsonNode)JsonValue.Create(f)!).ToArray()),
                ["notes"] = new JsonArray((r.Outcome?.Notes ?? []).Select(n => (JsonNode)JsonValue.Create(n)!).ToArray()),
            });
        }
        return new JsonObject { ["claims"] = claims }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Writes DIR/summary.json through a temporary file, so a reader never sees half of it.</summary>
    public static void WriteSummary(string directory, IEnumerable<ClaimReport> reports)
    {
        string path = Path.Combine(directory, SummaryFile), tmp = path + ".tmp";
        File.WriteAllText(tmp, ToJson(reports));
        File.Move(tmp, path, overwrite: true);
    }
}
