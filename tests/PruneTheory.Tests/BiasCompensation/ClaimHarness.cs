using PruneTheory.Experiments;
using PruneTheory.Figures;
using PruneTheory.Gpu;

namespace PruneTheory.Tests.BiasCompensation;

/// <summary>Runs a claim directly (until the lead's runner lands): all trials in sequence, then the summary into a directory.</summary>
public static class ClaimHarness
{
    public static (IReadOnlyList<TTrial> Trials, ClaimOutcome Outcome) Run<TSpec, TTrial>(Claim<TSpec, TTrial> claim, TSpec spec, string dir, ulong seed = 1)
        where TSpec : ClaimSpec, new()
    {
        var errors = spec.Validate();
        if (errors.Count > 0) throw new ArgumentException(string.Join("; ", errors));
        var trials = Enumerable.Range(0, claim.TrialCount(spec))
            .Select(i => claim.RunTrial(spec, new TrialContext(seed, claim.Id, i, ComputeBackend.Cpu, 2, default))).ToList();
        Directory.CreateDirectory(dir);
        var outcome = claim.Summarize(spec, trials, new SummaryContext(new RunIdentity(claim.Id, "{}", seed), Scale.Quick,
            new FigureWriter(dir, new Provenance(claim.Id, "run", "hash", "{}", seed, "test", "now"))));
        return (trials, outcome);
    }

    public static string Describe(ClaimOutcome o) =>
        $"{o.Verdict}: {o.Reason}\n" + string.Join("\n", o.Notes) + "\n" +
        string.Join("\n", o.Metrics.OrderBy(kv => kv.Key).Select(kv => FormattableString.Invariant($"{kv.Key} = {kv.Value:G4}")));
}
