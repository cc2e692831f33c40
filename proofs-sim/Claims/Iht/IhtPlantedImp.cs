using PruneTheory.Experiments;
using PruneTheory.Figures;
using PruneTheory.Sparse;
using PruneTheory.Statistics;

namespace PruneTheory.ProofsSim.Claims.Iht;

/// <summary>
/// IHT vs IMP on the planted grid (spec E1/E2, claim C3): IMP's mean-PSNR map beside AIHT's, and the rule
/// "AIHT mean PSNR ≥ IMP's in ≥ 90% of the cells both ran" (AIHT at the shortest T, as IMP's epochs per round).
/// </summary>
internal static class IhtPlantedImp
{
    /// <summary>True/false = the rule holds/fails; null = IMP ran on no cell.</summary>
    public static bool? Summarize(IhtPlantedSpec spec, IReadOnlyList<IhtPlantedTrial> used, int stepIndex, SummaryContext ctx,
        Dictionary<string, double> metrics, List<string> notes)
    {
        var withImp = used.Where(t => t.ImpPsnr is not null).ToList();
        if (withImp.Count == 0) { notes.Add("IMP baseline not run on any cell (imp_widths empty or disjoint from widths)"); return null; }
        int[] ms = spec.Widths.Where(m => spec.ImpWidths.Contains(m)).ToArray(), ss = spec.Sparsities;
        var impMap = new double[ms.Length, ss.Length];
        var csv = new CsvTable("m", "s", "runs", "imp_mean_psnr_capped100", "aiht_mean_psnr_capped100", "imp_mean_rounds", "aiht_ge_imp");
        int cells = 0, ge = 0;
        for (int a = 0; a < ms.Length; a++)
            for (int b = 0; b < ss.Length; b++)
            {
                var cell = withImp.Where(t => t.M == ms[a] && t.S == ss[b]).ToList();
                if (cell.Count == 0) { impMap[a, b] = double.NaN; continue; }
                double imp = cell.Average(t => Cap(t.ImpPsnr!.Value));
                double iht = cell.Average(t => Cap(t.Psnr[stepIndex]));
                impMap[a, b] = imp;
                cells++;
                if (iht >= imp) ge++;
                csv.Add(ms[a], ss[b], cell.Count, imp, iht, cell.Average(t => t.ImpRounds ?? 0), iht >= imp ? 1 : 0);
            }
        ctx.Figures.Save("iht-planted-imp-psnr", IhtHeatmap.Create(
            $"IMP mean PSNR (dB, capped 100), {spec.ImpEpochsPerRound} Adam steps/round", "PSNR (dB)", ms, ss, impMap, -20, 50, "F0"), csv);
        var ci = BinomialInterval.Wilson(ge, cells);
        metrics["imp_cells"] = cells;
        metrics["iht_ge_imp_cells"] = ge;
        metrics["iht_ge_imp_fraction"] = (double)ge / cells;
        metrics["iht_ge_imp_fraction_lo"] = ci.Lower;
        metrics["iht_ge_imp_fraction_hi"] = ci.Upper;
        metrics["imp_psnr_max"] = withImp.Max(t => t.ImpPsnr!.Value);
        metrics["imp_psnr_min"] = withImp.Min(t => t.ImpPsnr!.Value);
        notes.Add($"IMP (faithful: rewind to init, fresh Adam lr 1e-3, {spec.ImpEpochsPerRound} full-batch steps per round, 10% global pruning, float32) " +
                  $"reaches {metrics["imp_psnr_min"]:F1}–{metrics["imp_psnr_max"]:F1} dB over {withImp.Count} runs; widths {string.Join(",", ms)}.");
        return ge >= 0.9 * cells;
    }

    private static double Cap(double psnr) => double.IsNaN(psnr) ? -100 : Math.Min(100, psnr);
}
