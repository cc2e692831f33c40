using PruneTheory.Random;

namespace PruneTheory.Experiments;

/// <summary>
/// Trials laid out as (replicate × cell), so that a claim whose replicate is expensive (a trained network) and whose
/// cells are many (ratios, criteria, methods) splits into enough trials for shards: trial t is replicate t / cells,
/// cell t % cells. Every cell of one replicate draws from <see cref="ReplicateKey"/>, which does not depend on the
/// cell, so the cells share one network (trained once through a model cache, or retrained bit-identically where the
/// cache is cold) and stored rows stay a pure function of (seed, claim, trial).
/// </summary>
public static class ReplicateCells
{
    public static int TrialCount(int replicates, int cells) =>
        replicates >= 0 && cells > 0 ? checked(replicates * cells) : throw new ArgumentOutOfRangeException(nameof(cells), "replicates ≥ 0 and cells ≥ 1");

    public static (int Replicate, int Cell) Of(int trialIndex, int cells) => (trialIndex / cells, trialIndex % cells);

    /// <summary>The key of replicate <paramref name="replicate"/> of this claim and seed, the same for all its cells.</summary>
    public static RngKey ReplicateKey(this TrialContext ctx, int replicate) =>
        ctx.Root.FoldIn(ctx.ClaimId).FoldIn("replicate").FoldIn((ulong)replicate);

    /// <summary>
    /// The stored cell rows (in trial order) regrouped per replicate, in replicate order; each group holds its
    /// <paramref name="cells"/> rows in cell order. Throws when the rows are not a whole number of replicates.
    /// </summary>
    public static IReadOnlyList<TReplicate> Regroup<TRow, TReplicate>(IReadOnlyList<TRow> rows, int cells, Func<IReadOnlyList<TRow>, TReplicate> combine)
    {
        if (cells <= 0 || rows.Count % cells != 0)
            throw new ArgumentException($"{rows.Count} rows are not whole replicates of {cells} cells");
        return [.. Enumerable.Range(0, rows.Count / cells).Select(r => combine([.. rows.Skip(r * cells).Take(cells)]))];
    }
}
