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

    /// <summary>
    /// The report of one run from its stored rows, which are checked against the plan first (an index outside it,
    /// or a row that does not parse, is a <see cref="StoreException"/>). <paramref name="draw"/> false: figures are
    /// not redrawn (the report lists those already on disk).
    /// </summary>
    public static ClaimReport Summarize(ResultStore store, PlannedRun plan, string figuresDir, bool draw = true, FigureOptions? figureOptions = null)
    {
        var rows = store.Trials(plan.Identity.Name);
        string title = plan.Claim.Title;
        if (rows.Count < plan.TrialCount)
        {
            var have = rows.Select(r => r.Trial).ToHashSet();
            return new ClaimReport(plan.Claim.Id, title, plan.Identity.Name, rows.Count, plan.TrialCount, null, null)
                { Missing = Enumerable.Range(0, plan.TrialCount).Where(i => !have.Contains(i)).ToList() };
        }
        var provenance = new Provenance(plan.Claim.Id, plan.Identity.Name, plan.Identity.Hash, plan.Identity.CanonicalSpec,
            plan.Identity.Seed, GitInfo.Commit, DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"));
        string dir = Path.Combine(figuresDir, plan.Claim.Id);
        var writer = draw ? new FigureWriter(dir, provenance) { Options = figureOptions ?? FigureOptions.Default } : FigureWriter.Dry(provenance);
        try
        {
            var outcome = plan.Claim.Summarize(plan.Spec, rows.Select(r => r.Payload).ToList(),
                new SummaryContext(plan.Identity, plan.Scale, writer));
            var figures = writer.Written.Select(w => Path.Combine(dir, w + writer.PreviewExtension));
            outcome = outcome with { Figures = (draw ? figures : figures.Where(File.Exists)).ToList() };
            return new ClaimReport(plan.Claim.Id, title, plan.Identity.Name, rows.Count, plan.TrialCount, outcome, null);
        }
        catch (JsonException e)
        {
            throw new StoreException($"{store.Path}: a stored row of run {plan.Identity.Name} is not a {plan.Claim.Id} trial ({e.Message.Split('.')[0]}): the store was altered; it was left as it is");
        }
        catch (IOException e) when (StoreFaults.Classify(e, dir) is EnvironmentFaultException fault) { throw fault; }
        catch (Exception e) when (e is not OutOfMemoryException and not StoreException and not EnvironmentFaultException)
        {
            return new ClaimReport(plan.Claim.Id, title, plan.Identity.Name, rows.Count, plan.TrialCount, null,
                $"summary failed: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>
    /// Reports of every run of the store that this version can summarise, one per claim: a run in
    /// <paramref name="focus"/> wins over other runs of its claim, else the run registered last. Figures are drawn
    /// for the focus runs only (all when <paramref name="focus"/> is null). So `summary.json` always lists every
    /// claim of the directory, also when several processes write into it.
    /// </summary>
    public static List<ClaimReport> Rebuild(ResultStore store, ClaimRegistry registry, string figuresDir, IReadOnlySet<string>? focus, Action<string> warn,
        FigureOptions? figureOptions = null)
    {
        var plans = PlannedRun.FromStore(store, registry, warn);
        var chosen = plans.GroupBy(p => p.Claim.Id)
            .Select(g => g.LastOrDefault(p => focus?.Contains(p.Identity.Name) == true) ?? g.Last())
            .OrderBy(p => plans.IndexOf(p)).ToList();
        foreach (var g in plans.GroupBy(p => p.Claim.Id).Where(g => g.Count() > 1))
            warn($"note: {store.Path} holds {g.Count()} runs of {g.Key}; summary.json shows {chosen.First(p => p.Claim.Id == g.Key).Identity.Name}");
        return chosen.Select(p => Summarize(store, p, figuresDir, draw: focus is null || focus.Contains(p.Identity.Name), figureOptions)).ToList();
    }

    public static string ToJson(IEnumerable<ClaimReport> reports, string? backend = null)
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
                ["reason"] = r.Error ?? r.Outcome?.Reason ?? $"{r.Completed} of {r.Total} trials stored" +
                    (r.Missing.Count > 0 ? $"; missing {ResultStore.Abbreviate(r.Missing)}" : ""),
                ["trials"] = new JsonObject { ["completed"] = r.Completed, ["total"] = r.Total },
                ["metrics"] = metrics,
                ["figures"] = new JsonArray((r.Outcome?.Figures ?? []).Select(f => (JsonNode)JsonValue.Create(f)!).ToArray()),
                ["notes"] = new JsonArray((r.Outcome?.Notes ?? []).Select(n => (JsonNode)JsonValue.Create(n)!).ToArray()),
            });
        }
        var root = new JsonObject();
        if (backend is not null) root["backend"] = backend; // the compute provider the last run of this directory used
        root["claims"] = claims;
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>
    /// Writes DIR/summary.json through a temporary file unique to this process, so a reader never sees half of it
    /// and concurrent writers never share a temporary file.
    /// </summary>
    public static void WriteSummary(string directory, IEnumerable<ClaimReport> reports, string? backend = null)
    {
        string path = Path.Combine(directory, SummaryFile);
        try { PruneTheory.IO.AtomicFile.WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(ToJson(reports, backend))); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw StoreFaults.Classify(e, path); }
    }
}
