using PruneTheory.Experiments;

namespace PruneTheory.Tests.BiasCompensation;

/// <summary>This area's shorthand over <see cref="Support.ClaimHarness.RunTyped"/> (trials with 2 inner threads).</summary>
public static class ClaimHarness
{
    public static (IReadOnlyList<TTrial> Trials, ClaimOutcome Outcome) Run<TSpec, TTrial>(Claim<TSpec, TTrial> claim, TSpec spec, string dir, ulong seed = 1)
        where TSpec : ClaimSpec, new()
    {
        var (outcome, trials, _) = Support.ClaimHarness.RunTyped(claim, spec, seed, dir, innerThreads: 2);
        return (trials, outcome);
    }

    public static string Describe(ClaimOutcome o) =>
        $"{o.Verdict}: {o.Reason}\n" + string.Join("\n", o.Notes) + "\n" +
        string.Join("\n", o.Metrics.OrderBy(kv => kv.Key).Select(kv => FormattableString.Invariant($"{kv.Key} = {kv.Value:G4}")));
}
