using PruneTheory.Experiments;

namespace PruneTheory.Tests.Theory;

/// <summary>This area's shorthand over <see cref="Support.ClaimHarness.RunTyped"/> (trials in parallel).</summary>
internal static class ClaimHarness
{
    public static (ClaimOutcome Outcome, string Dir) Run<TSpec, TTrial>(Claim<TSpec, TTrial> claim, TSpec spec, ulong seed = 7)
        where TSpec : ClaimSpec, new()
    {
        var (outcome, _, dir) = Support.ClaimHarness.RunTyped(claim, spec, seed, parallel: true);
        return (outcome, dir);
    }
}
