using PruneTheory.Experiments;
using PruneTheory.Statistics;

namespace PruneTheory.ProofsSim.Claims.Iht;

/// <summary>
/// The "IHT competitive with IMP" rule of the MNIST claims, over replicates: per (m, s) cell the paired per-replicate
/// differences IHT − IMP (same split and init), their mean with Student-t 95 % CI and leave-one-out means.
/// A cell is competitive when the difference is stably above −margin, worse when stably below −margin, better when
/// stably above 0, not better when stably below 0. Confirmed: competitive in ≥ 75 % of cells and better in ≥ 50 %;
/// contradicted: worse in &gt; 25 % of cells or not better in &gt; 50 %; otherwise inconclusive.
/// </summary>
internal static class PairedCellRule
{
    public const string Text =
        "per (m, s) cell, paired per-replicate differences IHT − IMP (same split and init): mean with Student-t 95 % CI and " +
        "leave-one-out means (ReplicateMean.SideOf). Competitive: stably above −0.01; worse: stably below −0.01; better: stably " +
        "above 0; not better: stably below 0. Confirmed: competitive in ≥ 75 % of cells and better in ≥ 50 %; contradicted: worse " +
        "in > 25 % or not better in > 50 %; otherwise inconclusive.";

    /// <summary>One cell: IHT's and IMP's value per replicate, aligned (NaN = failed run, counted as 0).</summary>
    public sealed record Cell(int M, int S, double[] Iht, double[] Imp);

    public static (Verdict Verdict, string Reason) Judge(IReadOnlyList<Cell> cells, Dictionary<string, double> metrics, double margin = 0.01)
    {
        int competitive = 0, worse = 0, better = 0, notBetter = 0;
        foreach (var c in cells)
        {
            var iht = c.Iht.Select(Zero).ToArray();
            var imp = c.Imp.Select(Zero).ToArray();
            var diff = ReplicateMean.Of(Replicates.Paired(iht, imp));
            string key = $"m{c.M}_s{c.S}";
            metrics[$"iht_acc_{key}"] = iht.Average();
            metrics[$"iht_sd_{key}"] = IhtAblationSummary.Sd(iht);
            metrics[$"imp_acc_{key}"] = imp.Average();
            metrics[$"imp_sd_{key}"] = IhtAblationSummary.Sd(imp);
            metrics[$"diff_{key}"] = diff.Mean;
            metrics[$"diff_lo_{key}"] = diff.Ci.Lower;
            metrics[$"diff_hi_{key}"] = diff.Ci.Upper;
            var vsMargin = diff.SideOf(-margin);
            var vsZero = diff.SideOf(0);
            if (vsMargin == Side.Above) competitive++;
            if (vsMargin == Side.Below) worse++;
            if (vsZero == Side.Above) better++;
            if (vsZero == Side.Below) notBetter++;
        }
        int n = cells.Count;
        metrics["cells_compared"] = n; metrics["cells_competitive"] = competitive; metrics["cells_better"] = better;
        metrics["cells_worse"] = worse; metrics["cells_not_better"] = notBetter;
        if (n == 0) return (Verdict.Inconclusive, "IMP ran on no cell");
        metrics["competitive_fraction"] = (double)competitive / n;
        metrics["better_fraction"] = (double)better / n;
        int replicates = cells.Min(c => c.Iht.Length);
        string reason = $"over {replicates} replicate(s) per cell, IHT − IMP stably > −{margin} in {competitive} of {n} cells (rule ≥ 75 %), " +
            $"stably > 0 in {better} (rule ≥ 50 %); stably < −{margin} in {worse}, stably < 0 in {notBetter}";
        var verdict = competitive >= 0.75 * n && better >= 0.5 * n ? Verdict.Confirmed
            : worse > 0.25 * n || notBetter > 0.5 * n ? Verdict.Contradicted : Verdict.Inconclusive;
        return (verdict, reason);
    }

    private static double Zero(double v) => double.IsNaN(v) ? 0 : v;
}
