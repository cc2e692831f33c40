using PruneTheory.Experiments;
using PruneTheory.Figures;
using PruneTheory.Statistics;

namespace PruneTheory.ProofsSim.Claims.Iht;

/// <summary>Accuracy-vs-nonzeros figure and the E5 verdict of iht-mnist10. Per (m, s) cell the test hits are pooled
/// over seeds (Wilson 95% intervals). Confirmed: IHT ≥ IMP − 0.01 in ≥ 75% of cells and IHT &gt; IMP in ≥ 50% (spec);
/// contradicted: IHT's interval lies wholly below IMP's in more than 25% of cells; otherwise inconclusive.</summary>
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
        int cells = 0, competitive = 0, better = 0, worse = 0;
        foreach (int m in spec.Widths)
            for (int k = 0; k < spec.Sparsities.Length; k++)
            {
                var runs = trials.Where(t => t.M == m && t.ImpRemaining is not null).ToList();
                if (runs.Count == 0) continue;
                int s = spec.Sparsities[k], tested = runs.Sum(t => t.Tested);
                int ihtHits = runs.Sum(t => Hits(t.IhtAccuracy[k], t.Tested));
                int impHits = runs.Sum(t => Hits(ImpAt(t, s), t.Tested));
                var ci = BinomialInterval.Wilson(ihtHits, tested); var cm = BinomialInterval.Wilson(impHits, tested);
                double a = ihtHits / (double)tested, b = impHits / (double)tested;
                metrics[$"iht_acc_m{m}_s{s}"] = a; metrics[$"iht_lo_m{m}_s{s}"] = ci.Lower; metrics[$"iht_hi_m{m}_s{s}"] = ci.Upper;
                metrics[$"imp_acc_m{m}_s{s}"] = b; metrics[$"imp_lo_m{m}_s{s}"] = cm.Lower; metrics[$"imp_hi_m{m}_s{s}"] = cm.Upper;
                cells++;
                if (a >= b - 0.01) competitive++;
                if (a > b) better++;
                if (ci.Upper < cm.Lower) worse++;
            }
        foreach (int m in spec.Widths.Except(spec.ImpWidths))
            for (int k = 0; k < spec.Sparsities.Length; k++)
                metrics[$"iht_acc_m{m}_s{spec.Sparsities[k]}"] = trials.Where(t => t.M == m).Average(t => Zero(t.IhtAccuracy[k]));
        foreach (int m in spec.Widths) // where the shared budget went: mean final nonzeros in W1 (the rest is in W2)
            for (int k = 0; k < spec.Sparsities.Length; k++)
                metrics[$"iht_w1_nonzeros_m{m}_s{spec.Sparsities[k]}"] = trials.Where(t => t.M == m).Average(t => t.IhtW1NonZeros?[k] ?? double.NaN);
        metrics["cells_compared"] = cells; metrics["cells_competitive"] = competitive; metrics["cells_better"] = better; metrics["cells_significantly_worse"] = worse;
        if (cells == 0) return new ClaimOutcome(Verdict.Inconclusive, "IMP ran on no cell", metrics, notes) { Figures = ctx.Figures.Written.ToList() };
        string reason = $"IHT ≥ IMP − 0.01 in {competitive} of {cells} cells (rule ≥ 75%), IHT > IMP in {better} (rule ≥ 50%), " +
            $"IHT's Wilson interval wholly below IMP's in {worse}";
        var verdict = competitive >= 0.75 * cells && better >= 0.5 * cells ? Verdict.Confirmed
            : worse > 0.25 * cells ? Verdict.Contradicted : Verdict.Inconclusive;
        return new ClaimOutcome(verdict, reason, metrics, notes) { Figures = ctx.Figures.Written.ToList() };
    }

    private static double Zero(double v) => double.IsNaN(v) ? 0 : v;
    private static int Hits(double accuracy, int tested) => (int)Math.Round(Zero(accuracy) * tested);

    /// <summary>IMP's accuracy at the first round with ≤ s weights left (NaN if never reached: counted as 0 hits).</summary>
    private static double ImpAt(IhtMnist10Trial t, int s)
    {
        for (int r = 0; r < t.ImpRemaining!.Length; r++) if (t.ImpRemaining[r] <= s) return t.ImpAccuracy![r];
        return double.NaN;
    }
}
