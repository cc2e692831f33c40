using PruneTheory.Experiments;
using PruneTheory.Figures;
using PruneTheory.Statistics;

namespace PruneTheory.ProofsSim.Claims.Iht;

/// <summary>Accuracy maps and the E5 verdict of iht-mnist (competitive in ≥ 75% of cells, better in ≥ 50%).</summary>
internal static class IhtMnistSummary
{
    public static ClaimOutcome Summarize(IhtMnistSpec spec, IReadOnlyList<IhtMnistTrial> trials, SummaryContext ctx)
    {
        int[] ms = spec.Widths, ss = spec.Sparsities;
        var iht = new double[ms.Length, ss.Length];
        var imp = new double[ms.Length, ss.Length];
        var csv = new CsvTable("m", "s", "iht_runs", "iht_mean_accuracy", "imp_runs", "imp_mean_accuracy");
        int cells = 0, competitive = 0, better = 0;
        for (int a = 0; a < ms.Length; a++)
            for (int b = 0; b < ss.Length; b++)
            {
                var cell = trials.Where(t => t.M == ms[a]).ToList();
                var withImp = cell.Where(t => t.ImpAccuracy is not null).ToList();
                iht[a, b] = cell.Average(t => double.IsNaN(t.IhtAccuracy[b]) ? 0 : t.IhtAccuracy[b]);
                imp[a, b] = withImp.Count == 0 ? double.NaN : withImp.Average(t => t.ImpAccuracy![b]);
                csv.Add(ms[a], ss[b], cell.Count, iht[a, b], withImp.Count, imp[a, b]);
                if (double.IsNaN(imp[a, b])) continue;
                cells++;
                if (iht[a, b] >= imp[a, b] - 0.01) competitive++;
                if (iht[a, b] > imp[a, b]) better++;
            }
        ctx.Figures.Save("iht-mnist-iht-accuracy", IhtHeatmap.Create($"AIHT test accuracy, MNIST 0 vs 1 ({spec.Epochs} epochs, batch {spec.BatchSize})", "accuracy", ms, ss, iht, 0.5, 1, "F3"), csv);
        ctx.Figures.Save("iht-mnist-imp-accuracy", IhtHeatmap.Create("IMP test accuracy, MNIST 0 vs 1", "accuracy", ms, ss, imp, 0.5, 1, "F3"), csv);
        var metrics = new Dictionary<string, double>
        {
            ["cells_compared"] = cells, ["cells_competitive"] = competitive, ["cells_better"] = better,
            ["iht_accuracy_min"] = iht.Cast<double>().Min(), ["iht_accuracy_max"] = iht.Cast<double>().Max(),
        };
        var notes = new List<string> { $"{trials.Count(t => t.IhtAccuracy.Any(double.IsNaN))} AIHT run(s) diverged (scored 0)" };
        if (cells == 0) return new ClaimOutcome(Verdict.Inconclusive, "IMP ran on no cell", metrics, notes) { Figures = ctx.Figures.Written.ToList() };
        var ciC = BinomialInterval.Wilson(competitive, cells); var ciB = BinomialInterval.Wilson(better, cells);
        metrics["competitive_fraction"] = (double)competitive / cells; metrics["competitive_lo"] = ciC.Lower; metrics["competitive_hi"] = ciC.Upper;
        metrics["better_fraction"] = (double)better / cells; metrics["better_lo"] = ciB.Lower; metrics["better_hi"] = ciB.Upper;
        metrics["imp_accuracy_min"] = imp.Cast<double>().Where(v => !double.IsNaN(v)).Min();
        metrics["imp_accuracy_max"] = imp.Cast<double>().Where(v => !double.IsNaN(v)).Max();
        bool ok = competitive >= 0.75 * cells && better >= 0.5 * cells;
        string reason = $"AIHT ≥ IMP − 0.01 in {competitive} of {cells} cells (rule ≥ 75%), AIHT > IMP in {better} of {cells} (rule ≥ 50%)";
        notes.Add("Binary task only; the 10-class task is the separate claim iht-mnist10.");
        return new ClaimOutcome(ok ? Verdict.Confirmed : Verdict.Contradicted, reason, metrics, notes) { Figures = ctx.Figures.Written.ToList() };
    }
}
