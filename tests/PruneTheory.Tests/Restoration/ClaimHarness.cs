using PruneTheory.Experiments;

namespace PruneTheory.Tests.Restoration;

/// <summary>This area's shorthand over <see cref="Support.ClaimHarness.RunTyped"/>.</summary>
internal static class ClaimHarness
{
    public static (ClaimOutcome Outcome, IReadOnlyList<TTrial> Trials, string FigureDir) Run<TSpec, TTrial>(Claim<TSpec, TTrial> claim, TSpec spec, ulong seed = 1)
        where TSpec : ClaimSpec, new() => Support.ClaimHarness.RunTyped(claim, spec, seed);
}
