namespace PruneTheory.Experiments;

/// <summary>One line of the verdict table: a run's state and, when complete, its outcome.</summary>
public sealed record ClaimReport(string ClaimId, string Title, string RunName, int Completed, int Total, ClaimOutcome? Outcome, string? Error)
{
    public bool IsComplete => Completed == Total;

    /// <summary>The planned trial indices the store lacks (named in the summary's reason while incomplete).</summary>
    public IReadOnlyList<int> Missing { get; init; } = [];

    /// <summary>confirmed / contradicted / inconclusive / skipped, or incomplete / error.</summary>
    public string VerdictText => Error is not null ? "error" : Outcome?.Verdict.Name() ?? "incomplete";
}
