namespace PruneTheory.Experiments;

/// <summary>A claim's verdict, the reason in one sentence, its metrics and the figures drawn for it.</summary>
public sealed record ClaimOutcome(
    Verdict Verdict,
    string Reason,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<string> Notes)
{
    public IReadOnlyList<string> Figures { get; init; } = [];

    /// <summary>The regime the verdict speaks for (set by the claim base from the spec).</summary>
    public Scope Scope { get; init; } = Scope.Unstated;

    public static ClaimOutcome Skip(string reason) => new(Verdict.Skipped, reason, new Dictionary<string, double>(), []);
}
