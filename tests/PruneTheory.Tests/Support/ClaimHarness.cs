using PruneTheory.Experiments;
using PruneTheory.Figures;
using PruneTheory.Gpu;

namespace PruneTheory.Tests.Support;

/// <summary>Runs a claim in-process without the CLI: every trial, then its summary into a figure directory.</summary>
public static class ClaimHarness
{
    /// <summary>Through the stored form (canonical JSON payloads), as the runner does.</summary>
    public static ClaimOutcome Run(IClaim claim, ClaimSpec spec, string figureDir, ulong seed = 0)
    {
        var plan = PlannedRun.Create(claim, spec, seed, Scale.Quick);
        var payloads = Enumerable.Range(0, plan.TrialCount)
            .Select(i => claim.RunTrial(spec, new TrialContext(seed, claim.Id, i, ComputeBackend.Cpu, 1, default))).ToList();
        var writer = new FigureWriter(figureDir, new Provenance(claim.Id, plan.Identity.Name, plan.Identity.Hash, plan.Identity.CanonicalSpec, seed, "test", "test"));
        var outcome = claim.Summarize(spec, payloads, new SummaryContext(plan.Identity, Scale.Quick, writer));
        return outcome with { Figures = writer.Written };
    }

    /// <summary>Typed: the trial records themselves, for tests that inspect them. Trials run in parallel when asked.</summary>
    public static (ClaimOutcome Outcome, IReadOnlyList<TTrial> Trials, string FigureDir) RunTyped<TSpec, TTrial>(
        Claim<TSpec, TTrial> claim, TSpec spec, ulong seed, string? figureDir = null, int innerThreads = 1, bool parallel = false)
        where TSpec : ClaimSpec, new()
    {
        Xunit.Assert.Empty(spec.Validate());
        var trials = new TTrial[claim.TrialCount(spec)];
        TTrial Trial(int i) => claim.RunTrial(spec, new TrialContext(seed, claim.Id, i, ComputeBackend.Cpu, innerThreads, default));
        if (parallel) Parallel.For(0, trials.Length, i => trials[i] = Trial(i));
        else for (int i = 0; i < trials.Length; i++) trials[i] = Trial(i);
        string dir = figureDir ?? Path.Combine(Path.GetTempPath(), "prunetheory-tests", claim.Id + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var writer = new FigureWriter(dir, new Provenance(claim.Id, "run", "hash", "{}", seed, "test", "now"));
        var outcome = claim.Summarize(spec, trials, new SummaryContext(new RunIdentity(claim.Id, "{}", seed), Scale.Quick, writer));
        return (outcome, trials, dir);
    }
}
