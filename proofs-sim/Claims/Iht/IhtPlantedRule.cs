using PruneTheory.Experiments;
using PruneTheory.Sparse;

namespace PruneTheory.ProofsSim.Claims.Iht;

/// <summary>
/// The E1 verdict of iht-planted over planted instances: each rule is a binary outcome per (cell, instance),
/// pooled over instances with a Wilson interval and kept only when no instance left out changes it.
/// </summary>
internal static class IhtPlantedRule
{
    public const string Text =
        "binary outcomes per (cell, instance), pooled with Wilson 95 % bounds and leave-one-instance-out stability (Replicates.Stable): " +
        "(1) m = 1 recovery (PSNR ≥ 60 dB at every T): holds when every m = 1 run succeeds, fails when the upper bound is < 0.9; " +
        "(2) containment (success at the shortest T implies success at the longest): holds when no run violates it, fails when the " +
        "violation rate's lower bound is > 0.05; (3) AIHT (shortest T) PSNR ≥ IMP's, capped at 100 dB: holds when the lower bound " +
        "is ≥ 0.9, fails when the upper bound is < 0.9. Confirmed: all hold; contradicted: one fails; otherwise inconclusive. " +
        "Memory (C2) is an exact count, reported (spread across m, bytes per nonzero), not part of the verdict.";

    public static ClaimOutcome Judge(IhtPlantedSpec spec, IReadOnlyList<IhtPlantedTrial> used, SummaryContext ctx,
        Dictionary<string, double> metrics, List<string> notes)
    {
        int kLo = Array.IndexOf(spec.Steps, spec.Steps.Min()), kHi = Array.IndexOf(spec.Steps, spec.Steps.Max());
        static bool Ok(double psnr) => psnr >= RecoveryMetrics.SuccessPsnrDb;
        var byInstance = used.GroupBy(t => t.Seed).OrderBy(g => g.Key).Select(g => (IReadOnlyList<IhtPlantedTrial>)g.ToList()).ToList();
        IReadOnlyList<IReadOnlyList<IhtPlantedTrial>> Where(Func<IhtPlantedTrial, bool> f) =>
            byInstance.Select(g => (IReadOnlyList<IhtPlantedTrial>)g.Where(f).ToList()).ToList();

        var m1 = Where(t => t.M == 1);
        int m1Runs = m1.Sum(g => g.Count), m1Ok = m1.Sum(g => g.Count(t => t.Psnr.All(Ok)));
        var m1Band = RuleBands.Rate(m1, t => t.Psnr.All(Ok), 1, 0.9, requireAll: true);
        metrics["m1_runs"] = m1Runs; metrics["m1_successes"] = m1Ok;
        metrics["m1_all_success"] = m1Runs > 0 && m1Ok == m1Runs ? 1 : 0;

        var early = Where(t => Ok(t.Psnr[kLo]));
        int earlyRuns = early.Sum(g => g.Count), violations = early.Sum(g => g.Count(t => !Ok(t.Psnr[kHi])));
        var containBand = earlyRuns == 0 ? RuleBand.Undecided : RuleBands.Rate(early, t => Ok(t.Psnr[kHi]), 1, 0.95, requireAll: true);
        metrics["containment_runs"] = earlyRuns; metrics["containment_violations"] = violations;

        var impBand = IhtPlantedImp.Summarize(spec, used, byInstance, kLo, ctx, metrics, notes);

        var bands = new List<RuleBand> { m1Band, containBand };
        if (impBand is { } b) bands.Add(b);
        var figures = ctx.Figures.Written.ToList();
        if (m1Runs == 0)
            return new ClaimOutcome(Verdict.Inconclusive, "the grid has no m = 1 row, so the first verdict rule cannot be checked", metrics, notes) { Figures = figures };
        int tMin = spec.Steps.Min(), tMax = spec.Steps.Max();
        string impText = impBand is null ? "IMP not run"
            : $"{Name(impBand.Value)}: AIHT (T = {tMin}) PSNR ≥ IMP's in {metrics["iht_ge_imp_runs"]} of {metrics["imp_runs"]} runs " +
              $"(Wilson [{metrics["iht_ge_imp_fraction_lo"]:F3}, {metrics["iht_ge_imp_fraction_hi"]:F3}], rule ≥ 0.9)";
        string reason = $"over {byInstance.Count} instance(s) per cell: {Name(m1Band)}: m = 1 recovered in {m1Ok} of {m1Runs} runs; " +
            $"{Name(containBand)}: {violations} of {earlyRuns} runs successful at T = {tMin} fail at T = {tMax}; {impText}; " +
            $"{metrics[$"success_cells_T{tMax}"]} of {metrics["cells"]} cells succeed (fraction ≥ 0.5) at T = {tMax}";
        return new ClaimOutcome(RuleBands.Combine(bands), reason, metrics, notes) { Figures = figures };
    }

    private static string Name(RuleBand b) => b.ToString().ToLowerInvariant();
}
