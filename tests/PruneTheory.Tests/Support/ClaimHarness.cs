using PruneTheory.Experiments;
using PruneTheory.Figures;
using PruneTheory.Gpu;

namespace PruneTheory.Tests.Support;

/// <summary>Runs a claim in-process without the CLI: every trial, then its summary into a temporary figure directory.</summary>
public static class ClaimHarness
{
    public static ClaimOutcome Run(IClaim claim, ClaimSpec spec, string figureDir, ulong seed = 0)
    {
        var plan = PlannedRun.Create(claim, spec, seed, Scale.Quick);
        var payloads = Enumerable.Range(0, plan.TrialCount)
            .Select(i => claim.RunTrial(spec, new TrialContext(seed, claim.Id, i, ComputeBackend.Cpu, 1, default))).ToList();
        var writer = new FigureWriter(figureDir, new Provenance(claim.Id, plan.Identity.Name, plan.Identity.Hash, plan.Identity.CanonicalSpec, seed, "test", "test"));
        var outcome = claim.Summarize(spec, payloads, new SummaryContext(plan.Identity, Scale.Quick, writer));
        return outcome with { Figures = writer.Written };
    }
}
