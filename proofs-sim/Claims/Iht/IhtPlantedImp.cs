using PruneTheory.Experiments;
using PruneTheory.Figures;
using PruneTheory.Sparse;
using PruneTheory.Statistics;

namespace PruneTheory.ProofsSim.Claims.Iht;

/// <summary>
/// IHT vs IMP on the planted grid (spec E1/E2, claim C3): IMP's mean-PSNR map beside AIHT's, and the rule
/// "AIHT's PSNR ≥ IMP's in ≥ 90 % of the (cell, instance) runs both made" (AIHT at the shortest T, as IMP's epochs per round),
/// pooled over instances with a Wilson interval and leave-one-instance-out stability.
/// </summary>
internal static class IhtPlantedImp
{
    /// <summary>The rule's band; null = IMP ran on no cell.</summary>
    public static RuleBand? Summarize(IhtPlantedSpec spec, IReadOnlyList<IhtPlantedTrial> used, IReadOnlyList<IReadOnlyList<IhtPlantedTrial>> byInstance, int stepIndex, SummaryContext ctx,
        Dictionary<string, double> metrics, List<string> notes)
    {
        var withImp = used.Where(t => t.ImpPsnr is not null).ToList();
        if (withImp.Count == 0) { notes.Add("IMP baseline not run on any cell (imp_widths empty or disjoint from widths)"); return null; }
        int[] ms = spec.Widths.Where(m => spec.ImpWidths.Contains(m)).ToArray(), ss = spec.Sparsities;
        var impMap = new double[ms.Length, ss.Length];
        var csv = new CsvTable("m", "s", "runs", "imp_mean_psnr_capped100", "imp_sd", "aiht_mean_psnr_capped100", "aiht_sd", "imp_mean_rounds", "aiht_ge_imp_runs");
        int cells = 0;
        for (int a = 0; a < ms.Length; a++)
            for (int b = 0; b < ss.Length; b++)
            {
                var cell = withImp.Where(t => t.M == ms[a] && t.S == ss[b]).ToList();
                if (cell.Count == 0) { impMap[a, b] = double.NaN; continue; }
                var imp = cell.Select(t => Cap(t.ImpPsnr!.Value)).ToArray();
                var iht = cell.Select(t => Cap(t.Psnr[stepIndex])).ToArray();
                impMap[a, b] = imp.Average();
                cells++;
                csv.Add(ms[a], ss[b], cell.Count, imp.Average(), IhtAblationSummary.Sd(imp), iht.Average(), IhtAblationSummary.Sd(iht),
                    cell.Average(t => t.ImpRounds ?? 0), cell.Count(Ge));
            }
        IhtHeatmap.Save(ctx, "iht-planted-imp-psnr", csv, () => IhtHeatmap.Create(
            $"IMP mean PSNR (dB, capped 100), {spec.ImpEpochsPerRound} Adam steps/round", "PSNR (dB)", ms, ss, impMap, -20, 50, "F0"));
        int ge = withImp.Count(Ge);
        var ci = BinomialInterval.Wilson(ge, withImp.Count);
        metrics["imp_cells"] = cells;
        metrics["imp_runs"] = withImp.Count;
        metrics["iht_ge_imp_runs"] = ge;
        metrics["iht_ge_imp_fraction"] = (double)ge / withImp.Count;
        metrics["iht_ge_imp_fraction_lo"] = ci.Lower;
        metrics["iht_ge_imp_fraction_hi"] = ci.Upper;
        metrics["imp_psnr_max"] = withImp.Max(t => t.ImpPsnr!.Value);
        metrics["imp_psnr_min"] = withImp.Min(t => t.ImpPsnr!.Value);
        notes.Add($"IMP (faithful: rewind to init, fresh Adam lr 1e-3, {spec.ImpEpochsPerRound} full-batch steps per round, 10% global pruning, float32) " +
                  $"reaches {metrics["imp_psnr_min"]:F1}–{metrics["imp_psnr_max"]:F1} dB over {withImp.Count} runs; widths {string.Join(",", ms)}.");
        var pairs = byInstance.Select(g => (IReadOnlyList<IhtPlantedTrial>)g.Where(t => t.ImpPsnr is not null).ToList()).ToList();
        return RuleBands.Rate(pairs, Ge, 0.9, 0.9);

        bool Ge(IhtPlantedTrial t) => Cap(t.Psnr[stepIndex]) >= Cap(t.ImpPsnr!.Value);
    }

    private static double Cap(double psnr) => double.IsNaN(psnr) ? -100 : Math.Min(100, psnr);
}
