using PruneTheory.Experiments;
using PruneTheory.Statistics;

namespace PruneTheory.ProofsSim.Claims.Iht;

/// <summary>One verdict rule's outcome over replicates: holds, fails, or not decided by the data.</summary>
internal enum RuleBand { Holds, Fails, Undecided }

internal static class RuleBands
{
    /// <summary>Holds when every rule holds; contradicted when any fails; otherwise inconclusive.</summary>
    public static Verdict Combine(IEnumerable<RuleBand> bands)
    {
        var list = bands.ToList();
        return list.Contains(RuleBand.Fails) ? Verdict.Contradicted : list.All(b => b == RuleBand.Holds) ? Verdict.Confirmed : Verdict.Inconclusive;
    }

    /// <summary>
    /// A binary outcome's rate over (cell, replicate) pairs, with Wilson 95 % bounds: holds when every pair succeeds
    /// (<paramref name="requireAll"/>) or the lower bound reaches <paramref name="holdsAtLeast"/>; fails when the upper
    /// bound is below <paramref name="failsBelow"/>; kept only when no single replicate left out changes it
    /// (<see cref="Replicates.Stable"/>).
    /// </summary>
    public static RuleBand Rate<T>(IReadOnlyList<IReadOnlyList<T>> byReplicate, Func<T, bool> success, double holdsAtLeast, double failsBelow, bool requireAll = false)
    {
        RuleBand Rule(IReadOnlyList<IReadOnlyList<T>> reps)
        {
            var all = reps.SelectMany(r => r).ToList();
            if (all.Count == 0) return RuleBand.Undecided;
            int k = all.Count(success);
            var ci = BinomialInterval.Wilson(k, all.Count);
            if (requireAll ? k == all.Count : ci.Lower >= holdsAtLeast) return RuleBand.Holds;
            return ci.Upper < failsBelow ? RuleBand.Fails : RuleBand.Undecided;
        }
        return Replicates.Stable(byReplicate, Rule, RuleBand.Undecided);
    }
}
