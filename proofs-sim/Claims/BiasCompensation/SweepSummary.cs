using PruneTheory.Experiments;

namespace PruneTheory.ProofsSim.Claims.BiasCompensation;

/// <summary>
/// One trial's sweep with the group it belongs to (data set / network / noise level) and the constant predictor's
/// accuracy (classification) or relative L2 error (regression) on the same test set.
/// </summary>
public sealed record GroupedCurves(string Group, MethodCurve[] Curves, int TestCount, bool CountsForVerdict, double Constant);

/// <summary>
/// Figures (loss and accuracy or relative L2 vs ratio, every method, 95 % CIs over replicates) per group, and the verdict
/// of <see cref="ReplicateComparison"/>: every verdict group × verdict ratio × rival is one comparison over the group's
/// trained networks (replicates).
/// </summary>
public static class SweepSummary
{
    public static ClaimOutcome Summarize(string id, double[] ratios, IReadOnlyList<GroupedCurves> trials, SummaryContext ctx,
        string[] rivals, double[] verdictRatios, bool classification)
    {
        if (trials.Count == 0) return ClaimOutcome.Skip("no trials");
        var metrics = new Dictionary<string, double>();
        var notes = new List<string>();
        var comparisons = new List<Comparison>();
        var tuned = new List<Comparison>();   // EC +FT vs fine-tuned rivals: reported next to the verdict
        var second = classification ? Metric.Accuracy : Metric.RelativeL2;
        foreach (var g in trials.GroupBy(t => t.Group))
        {
            var curves = g.Select(t => t.Curves).ToList();
            int n = g.First().TestCount;
            string slug = ReplicateComparison.Slug(g.Key.Replace("%", "p"));
            // fine-tuned curves cover the verdict ratios only: reported in metrics and the verdict, not drawn
            if (!ctx.Figures.IsDry) SaveFigures(id, g.Key, slug, ratios, curves.Select(c => c.Where(x => !x.Loss.Any(double.IsNaN)).ToArray()).ToList(), n, classification, ctx);
            metrics[$"{slug}_replicates"] = curves.Count;
            string m2 = classification ? "accuracy" : "rell2";
            metrics[$"{slug}_constant_{m2}"] = g.Average(t => t.Constant);
            int dense = Array.IndexOf(ratios, 0.0);
            if (dense >= 0)
            {
                var ec = curves.Select(c => c.Single(x => x.Method == ReplicateComparison.EcName)).ToList();
                metrics[$"{slug}_dense_loss"] = ec.Average(c => c.Loss[dense]);
                metrics[$"{slug}_dense_{m2}"] = ec.Average(c => classification ? c.Accuracy[dense] : c.RelativeL2[dense]);
            }
            foreach (double vr in verdictRatios)
            {
                int r = Array.FindIndex(ratios, x => Math.Abs(x - vr) < 1e-12);
                if (r < 0) continue;
                string pct = ReplicateComparison.Pct(vr);
                foreach (var mc in curves[0].Where(c => !double.IsNaN(c.Loss[r])))   // fine-tuned curves exist at some ratios only
                {
                    var all = curves.Select(c => c.Single(x => x.Method == mc.Method)).ToList();
                    string m = ReplicateComparison.Slug(mc.Method);
                    metrics[$"{slug}_{m}_loss_at_{pct}"] = all.Average(c => c.Loss[r]);
                    metrics[$"{slug}_{m}_{m2}_at_{pct}"] = all.Average(c => classification ? c.Accuracy[r] : c.RelativeL2[r]);
                }
                if (!g.First().CountsForVerdict) continue;
                foreach (string rival in rivals.Where(rv => curves[0].Any(c => c.Method == rv)))
                {
                    var c = ReplicateComparison.EcVersus(g.Key, curves, rival, r, vr, second, g.Select(t => t.Constant).ToList());
                    comparisons.Add(c);
                    notes.Add(c.Describe());
                }
                if (curves[0].Any(c => c.Method == TunedEc && !double.IsNaN(c.Loss[r])))
                    foreach (string rival in rivals.Select(rv => rv + Tuned).Where(rv => curves[0].Any(c => c.Method == rv)))
                    {
                        var c = ReplicateComparison.EcVersus(g.Key, curves, rival, r, vr, second, g.Select(t => t.Constant).ToList(), TunedEc);
                        tuned.Add(c);
                        notes.Add("fine-tuned: " + c.Describe());
                    }
            }
            foreach (var mc in curves[0].Where(c => !double.IsNaN(c.ScoringBackprops)))
                metrics[$"{slug}_{ReplicateComparison.Slug(mc.Method)}_cost_backprops"] = curves.Average(c => c.Single(x => x.Method == mc.Method).ScoringBackprops);
        }
        metrics["comparisons_favour_ec"] = comparisons.Count(c => c.Result == ComparisonResult.Favours);
        metrics["comparisons_against_ec"] = comparisons.Count(c => c.Result == ComparisonResult.Against);
        metrics["comparisons_unresolved"] = comparisons.Count(c => c.Result == ComparisonResult.Unresolved);
        metrics["comparisons_not_counted"] = comparisons.Count(c => c.Result == ComparisonResult.NotCounted);
        string at = $"at [{string.Join(", ", verdictRatios.Select(v => ReplicateComparison.Pct(v) + "%"))}], loss and {(classification ? "accuracy" : "relative L2")}, paired over trained networks";
        var (verdict, reason) = ReplicateComparison.Verdict(comparisons, $"without fine-tuning (the statement): EC vs [{string.Join(", ", rivals)}] {at}");
        metrics["ft_comparisons_favour_ec"] = tuned.Count(c => c.Result == ComparisonResult.Favours);
        metrics["ft_comparisons_against_ec"] = tuned.Count(c => c.Result == ComparisonResult.Against);
        metrics["ft_comparisons_unresolved"] = tuned.Count(c => c.Result == ComparisonResult.Unresolved);
        if (tuned.Count == 0) reason += "; with fine-tuning: not run in this spec";
        else
        {
            var (ftVerdict, ftReason) = ReplicateComparison.Verdict(tuned, "with masked fine-tuning (EC +FT vs the fine-tuned rivals, reported, not the statement)");
            reason += $"; {ftReason}: it would be {ftVerdict.ToString().ToLowerInvariant()}";
        }
        return new ClaimOutcome(verdict, reason, metrics, notes);
    }

    private const string Tuned = " +FT";
    private const string TunedEc = ReplicateComparison.EcName + Tuned;

    private static void SaveFigures(string id, string group, string slug, double[] ratios, List<MethodCurve[]> curves, int n, bool classification, SummaryContext ctx)
    {
        CurveFigure.Save(ctx, $"{id}-{slug}-loss", $"{id} {group}: test loss", classification ? "test cross-entropy" : "test squared error",
            ratios, curves, (c, r) => c.Loss[r], (c, r) => c.LossSd[r], n, log10: true);
        if (classification)
            CurveFigure.Save(ctx, $"{id}-{slug}-accuracy", $"{id} {group}: test accuracy", "test accuracy",
                ratios, curves, (c, r) => c.Accuracy[r], (c, r) => 0, n, log10: false, range: (0, 1));
        else
            CurveFigure.Save(ctx, $"{id}-{slug}-rell2", $"{id} {group}: relative L2 error", "relative L2 error",
                ratios, curves, (c, r) => c.RelativeL2[r], (c, r) => 0, n, log10: false, range: (0, double.PositiveInfinity));
    }
}
