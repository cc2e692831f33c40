using System.Text.Json.Nodes;

namespace PruneTheory.Experiments;

/// <summary>
/// The regime a verdict speaks for. <see cref="Paper"/> is the regime of the paper's statement (sizes, steps,
/// data); <see cref="Run"/> the regime this run reached; <see cref="Reductions"/> what differs from the paper.
/// A run that does not cover the statement's regime may confirm it only "in the reduced regime", and a result
/// against the claim there is inconclusive, never contradicted.
/// </summary>
public sealed record Scope(string Paper, string Run, IReadOnlyList<string> Reductions, bool CoversStatement)
{
    /// <summary>"paper" when the run covers the statement's regime, else "reduced".</summary>
    public string Kind => CoversStatement ? "paper" : "reduced";

    /// <summary>One line: "paper" or "reduced (n = 10000, paper 50000; …)".</summary>
    public string Text => CoversStatement ? "paper" : Reductions.Count == 0 ? "reduced" : $"reduced ({string.Join("; ", Reductions)})";

    public static readonly Scope Unstated = new("not stated", "not stated", [], false);

    /// <summary>
    /// The reductions of <paramref name="spec"/> against the paper preset: every top-level field whose value
    /// differs, as "field = run value (paper value)". Empty when the run is the paper preset.
    /// </summary>
    public static IReadOnlyList<string> Differences(ClaimSpec spec, ClaimSpec paper)
    {
        var run = JsonNode.Parse(CanonicalJson.Full(spec))!.AsObject();
        var pap = JsonNode.Parse(CanonicalJson.Full(paper))!.AsObject();
        var diffs = new List<string>();
        foreach (var (key, value) in pap)
        {
            run.TryGetPropertyValue(key, out var r);
            if (!JsonNode.DeepEquals(r, value)) diffs.Add($"{key} = {Short(r)} (paper {Short(value)})");
        }
        return diffs;
    }

    /// <summary>The canonical field list of a spec, for stating a regime in words.</summary>
    public static string Describe(ClaimSpec spec) =>
        string.Join(", ", JsonNode.Parse(CanonicalJson.Full(spec))!.AsObject().Select(kv => $"{kv.Key} = {Short(kv.Value)}"));

    private static string Short(JsonNode? n)
    {
        string s = n?.ToJsonString() ?? "null";
        return s.Length <= 40 ? s : s[..37] + "...";
    }

    /// <summary>
    /// Applies the scope to an outcome: stores it, and turns a contradiction outside the statement's regime into
    /// inconclusive with the finding kept in the reason.
    /// </summary>
    public ClaimOutcome Apply(ClaimOutcome outcome)
    {
        if (outcome.Verdict == Verdict.Contradicted && !CoversStatement)
            return outcome with
            {
                Verdict = Verdict.Inconclusive,
                Reason = $"against the claim outside the paper's regime, so not a contradiction: {outcome.Reason}",
                Scope = this,
            };
        return outcome with { Scope = this };
    }
}
