namespace PruneTheory.Pruning;

/// <summary>Removed/total for one tensor (or one layer's units).</summary>
public sealed record SparsityEntry(string Name, int Removed, int Total)
{
    public double Sparsity => Total == 0 ? 0 : (double)Removed / Total;
}

/// <summary>
/// Requested versus achieved sparsity; sparsity is always the fraction removed (0 = dense).
/// Achieved is counted from the masks, so it reflects rounding and earlier pruning.
/// </summary>
public sealed record SparsityReport(double Requested, IReadOnlyList<SparsityEntry> Entries)
{
    public int Removed => Entries.Sum(e => e.Removed);
    public int Total => Entries.Sum(e => e.Total);
    public double Achieved => Total == 0 ? 0 : (double)Removed / Total;

    public override string ToString() =>
        $"requested {Requested:P2}, achieved {Achieved:P2} ({Removed}/{Total}); " +
        string.Join(", ", Entries.Select(e => $"{e.Name} {e.Sparsity:P2}"));
}
