using PruneTheory.Experiments;
using PruneTheory.Figures;
using PruneTheory.Gpu;

namespace PruneTheory.Tests.Theory;

/// <summary>Runs a claim directly (no CLI): all trials, then the summary into a temporary figure directory.</summary>
internal static class ClaimHarness
{
    public static (ClaimOutcome Outcome, string Dir) Run<TSpec, TTrial>(Claim<TSpec, TTrial> claim, TSpec spec, ulong seed = 7)
        where TSpec : ClaimSpec, new()
    {
        Xunit.Assert.Empty(spec.Validate());
        var trials = new TTrial[claim.TrialCount(spec)];
        Parallel.For(0, trials.Length, i => trials[i] = claim.RunTrial(spec, new TrialContext(seed, claim.Id, i, ComputeBackend.Cpu, 1, default)));
        string dir = Path.Combine(Path.GetTempPath(), "prunetheory-tests", claim.Id + "-" + Guid.NewGuid().ToString("N")[..8]);
        var writer = new FigureWriter(dir, new Provenance(claim.Id, "run", "hash", "{}", seed, "test", "now"));
        var outcome = claim.Summarize(spec, trials, new SummaryContext(new RunIdentity(claim.Id, "{}", seed), Scale.Quick, writer));
        return (outcome, dir);
    }
}
