using PruneTheory.Experiments;
using PruneTheory.Figures;

namespace PruneTheory.ProofsSim.Claims.Iht;

/// <summary>Accuracy maps (means over replicates) and the E5 verdict of iht-mnist (paired per-replicate rule, <see cref="PairedCellRule"/>).</summary>
internal static class IhtMnistSummary
{
    public static ClaimOutcome Summarize(IhtMnistSpec spec, IReadOnlyList<IhtMnistTrial> trials, SummaryContext ctx)
    {
        int[] ms = spec.Widths, ss = spec.Sparsities;
        var iht = new double[ms.Length, ss.Length];
        var imp = new double[ms.Length, ss.Length];
        var csv = new CsvTable("m", "s", "iht_runs", "iht_mean_accuracy", "iht_sd", "imp_runs", "imp_mean_accuracy", "imp_sd");
        var cells = new List<PairedCellRule.Cell>();
        for (int a = 0; a < ms.Length; a++)
            for (int b = 0; b < ss.Length; b++)
            {
                var runs = trials.Where(t => t.M == ms[a]).OrderBy(t => t.Seed).ToList();
                var withImp = runs.Where(t => t.ImpAccuracy is not null).ToList();
                var ihtV = runs.Select(t => Zero(t.IhtAccuracy[b])).ToArray();
                iht[a, b] = ihtV.Average();
                imp[a, b] = withImp.Count == 0 ? double.NaN : withImp.Average(t => Zero(t.ImpAccuracy![b]));
                csv.Add(ms[a], ss[b], runs.Count, iht[a, b], IhtAblationSummary.Sd(ihtV), withImp.Count, imp[a, b],
                    withImp.Count == 0 ? double.NaN : IhtAblationSummary.Sd(withImp.Select(t => Zero(t.ImpAccuracy![b])).ToArray()));
                if (withImp.Count > 0)
                    cells.Add(new PairedCellRule.Cell(ms[a], ss[b], withImp.Select(t => t.IhtAccuracy[b]).ToArray(), withImp.Select(t => t.ImpAccuracy![b]).ToArray()));
            }
        IhtHeatmap.Save(ctx, "iht-mnist-iht-accuracy", csv, () => IhtHeatmap.Create($"AIHT test accuracy, MNIST 0 vs 1 ({spec.Epochs} epochs, batch {spec.BatchSize})", "accuracy", ms, ss, iht, 0.5, 1, "F3"));
        IhtHeatmap.Save(ctx, "iht-mnist-imp-accuracy", csv, () => IhtHeatmap.Create("IMP test accuracy, MNIST 0 vs 1", "accuracy", ms, ss, imp, 0.5, 1, "F3"));
        var metrics = new Dictionary<string, double>
        {
            ["iht_accuracy_min"] = iht.Cast<double>().Min(), ["iht_accuracy_max"] = iht.Cast<double>().Max(),
            ["replicates"] = trials.Select(t => t.Seed).Distinct().Count(),
        };
        var notes = new List<string> { $"{trials.Count(t => t.IhtAccuracy.Any(double.IsNaN))} AIHT run(s) diverged (scored 0)",
            "Binary task only; the 10-class task is the separate claim iht-mnist10." };
        var (verdict, reason) = PairedCellRule.Judge(cells, metrics);
        if (cells.Count > 0)
        {
            metrics["imp_accuracy_min"] = imp.Cast<double>().Where(v => !double.IsNaN(v)).Min();
            metrics["imp_accuracy_max"] = imp.Cast<double>().Where(v => !double.IsNaN(v)).Max();
        }
        return new ClaimOutcome(verdict, reason, metrics, notes) { Figures = ctx.Figures.Written.ToList() };
    }

    private static double Zero(double v) => double.IsNaN(v) ? 0 : v;
}
