using PruneTheory.Gpu;
using PruneTheory.Random;

namespace PruneTheory.Experiments;

/// <summary>
/// Everything a trial may depend on. Randomness comes only from keys derived here, so a trial's result
/// is a pure function of (seed, claim id, trial index) whatever the thread count or shard.
/// </summary>
public sealed class TrialContext(ulong seed, string claimId, int trialIndex, ComputeBackend backend, int innerThreads, CancellationToken cancellation)
{
    public ulong Seed { get; } = seed;
    public string ClaimId { get; } = claimId;
    public int TrialIndex { get; } = trialIndex;
    public ComputeBackend Backend { get; } = backend;

    /// <summary>Threads a trial may use inside itself (results must not depend on it).</summary>
    public int InnerThreads { get; } = innerThreads;
    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>Key of the seed alone: fold in your own labels to share random numbers across claims (common random numbers).</summary>
    public RngKey Root => RngKey.FromSeed(Seed);

    /// <summary>Key of (seed, claim, trial).</summary>
    public RngKey Key => Root.FoldIn(ClaimId).FoldIn((ulong)TrialIndex);

    /// <summary>An independent named stream of this trial.</summary>
    public RandomStream Stream(string name) => Key.FoldIn(name).Stream();

    public ParallelOptions InnerParallelOptions => new() { MaxDegreeOfParallelism = InnerThreads, CancellationToken = Cancellation };
}
