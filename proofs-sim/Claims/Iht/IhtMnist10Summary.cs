using PruneTheory.Experiments;
using PruneTheory.Figures;

namespace PruneTheory.ProofsSim.Claims.Iht;

/// <summary>Accuracy-vs-nonzeros figure and the E5 verdict of iht-mnist10: per (m, s) cell the paired per-split
/// differences IHT − IMP (<see cref="PairedCellRule"/>).</summary>
internal static class IhtMnist10Summary
{
    public static ClaimOutcome Summarize(IhtMnist10Spec spec, IReadOnlyList<IhtMnist10Trial> trials, SummaryContext ctx)
    {
        var csv = new CsvTable("method", "m", "seed", "s", "nonzeros", "test_accuracy");
        var plot = PlotStyle.Create($"MNIST 10-class: test accuracy vs nonzeros ({spec.Epochs} epochs, batch {spec.BatchSize})", "nonzeros", "test accuracy");
        int series = 0;
        foreach (int m in spec.Widths)
        {
            var runs = trials.Where(t => t.M == m).OrderBy(t => t.Seed).ToList();
            foreach (var t in runs)
            {
                for (int k = 0; k < spec.Sparsities.Length; k++) csv.Add("iht", m, t.Seed, spec.Sparsities[k], t.IhtNonZeros[k], t.IhtAccuracy[k]);
                var sc = plot.Add.Scatter(t.IhtNonZeros.Select(v => (double)v).ToArray(), t.IhtAccuracy.Select(Zero).ToArray(), PlotStyle.Series(series));
                sc.LegendText = t.Seed == 0 ? $"IHT m = {m}" : "";
                if (t.ImpRemaining is null) continue;
                for (int r = 0; r < t.ImpRemaining.Length; r++) csv.Add("imp", m, t.Seed, "", t.ImpRemaining[r], t.ImpAccuracy![r]);
                var ic = plot.Add.Scatter(t.ImpRemaining.Select(v => (double)v).ToArray(), t.ImpAccuracy!.Select(Zero).ToArray(), PlotStyle.Series(series + 1));
                ic.LinePattern = ScottPlot.LinePattern.Dashed; ic.MarkerSize = 0;
                ic.LegendText = t.Seed == 0 ? $"IMP m = {m}" : "";
            }
            series += 2;
        }
        plot.Axes.Bottom.Min = 0;
        plot.ShowLegend();
        ctx.Figures.Save("iht-mnist10-accuracy", plot, csv);

        var metrics = new Dictionary<string, double>();
        var notes = new List<string> { $"{trials.Count(t => t.IhtAccuracy.Any(double.IsNaN))} IHT run(s) diverged (scored 0)",
            "exact top-s over [W1; W2] (no CountSketch); IMP = dense Linear(784,m)→ReLU→Linear(m,10), Adam 1e-3, cross-entropy" };
        var cells = new List<PairedCellRule.Cell>();
        foreach (int m in spec.Widths)
            for (int k = 0; k < spec.Sparsities.Length; k++)
            {
                var runs = trials.Where(t => t.M == m && t.ImpRemaining is not null).OrderBy(t => t.Seed).ToList();
                if (runs.Count == 0) continue;
                int s = spec.Sparsities[k];
                cells.Add(new PairedCellRule.Cell(m, s, runs.Select(t => t.IhtAccuracy[k]).ToArray(), runs.Select(t => ImpAt(t, s)).ToArray()));
            }
        var (verdict, reason) = PairedCellRule.Judge(cells, metrics);
        foreach (int m in spec.Widths.Except(spec.ImpWidths))
            for (int k = 0; k < spec.Sparsities.Length; k++)
            {
                var v = trials.Where(t => t.M == m).Select(t => Zero(t.IhtAccuracy[k])).ToArray();
                metrics[$"iht_acc_m{m}_s{spec.Sparsities[k]}"] = v.Average();
                metrics[$"iht_sd_m{m}_s{spec.Sparsities[k]}"] = IhtAblationSummary.Sd(v);
            }
        foreach (int m in spec.Widths) // where the shared budget went: mean final nonzeros in W1 (the rest is in W2)
            for (int k = 0; k < spec.Sparsities.Length; k++)
                metrics[$"iht_w1_nonzeros_m{m}_s{spec.Sparsities[k]}"] = trials.Where(t => t.M == m).Average(t => t.IhtW1NonZeros?[k] ?? double.NaN);
        metrics["replicates"] = trials.Select(t => t.Seed).Distinct().Count();
        return new ClaimOutcome(verdict, reason, metrics, notes) { Figures = ctx.Figures.Written.ToList() };
    }

    private static double Zero(double v) => double.IsNaN(v) ? 0 : v;

    /// <summary>IMP's accuracy at the first round with ≤ s weights left (NaN if never reached: counted as 0 hits).</summary>
    private static double ImpAt(IhtMnist10Trial t, int s)
    {
        for (int r = 0; r < t.ImpRemaining!.Length; r++) if (t.ImpRemaining[r] <= s) return t.ImpAccuracy![r];
        return double.NaN;
    }
}
