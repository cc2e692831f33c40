using PruneTheory.Experiments;
using PruneTheory.Figures;
using PruneTheory.Gpu;

namespace PruneTheory.Tests.Restoration;

/// <summary>Runs a claim's trials and summary directly (until the runner is used in tests), figures into a temp dir.</summary>
internal static class ClaimHarness
{
    public static (ClaimOutcome Outcome, IReadOnlyList<TTrial> Trials, string FigureDir) Run<TSpec, TTrial>(Claim<TSpec, TTrial> claim, TSpec spec, ulong seed = 1)
        where TSpec : ClaimSpec, new()
    {
        Xunit.Assert.Empty(spec.Validate());
        var trials = Enumerable.Range(0, claim.TrialCount(spec))
            .Select(i => claim.RunTrial(spec, new TrialContext(seed, claim.Id, i, ComputeBackend.Cpu, 1, default))).ToList();
        var dir = Path.Combine(Path.GetTempPath(), "pt-restoration-" + Guid.NewGuid().ToString("N"));
        var figures = new FigureWriter(dir, new Provenance(claim.Id, "run", "hash", "{}", seed, "test", "now"));
        var outcome = claim.Summarize(spec, trials, new SummaryContext(new RunIdentity(claim.Id, "{}", seed), Scale.Quick, figures));
        return (outcome, trials, dir);
    }
}
