using System.Globalization;
using PruneTheory.Experiments;

namespace PruneTheory.ProofsSim.Claims.BiasCompensation;

/// <summary>One trial's sweep with the group it belongs to (data set / network / noise level).</summary>
public sealed record GroupedCurves(string Group, MethodCurve[] Curves, int TestCount, bool CountsForVerdict);

/// <summary>
/// Figures (loss and accuracy or relative L2 vs ratio, every method, 95 % CIs) per group, and the verdict: Confirmed if
/// EC's test loss is below every rival's at every verdict ratio in every verdict group with the paired CI of the difference
/// above 0; Contradicted if some rival is below EC with the CI below 0; else Inconclusive.
/// </summary>
public static class SweepSummary
{
    public static ClaimOutcome Summarize(string id, double[] ratios, IReadOnlyList<GroupedCurves> trials, SummaryContext ctx,
        string[] rivals, double[] verdictRatios, bool classification)
    {
        if (trials.Count == 0) return ClaimOutcome.Skip("no trials");
        var metrics = new Dictionary<string, double>();
        var notes = new List<string>();
        int wins = 0, losses = 0, ties = 0;
        foreach (var g in trials.GroupBy(t => t.Group))
        {
            var curves = g.Select(t => t.Curves).ToList();
            int n = g.First().TestCount;
            string slug = g.Key.Replace('%', 'p').Replace(' ', '_');
            CurveFigure.Save(ctx, $"{id}-{slug}-loss", $"{id} {g.Key}: test loss", classification ? "test cross-entropy" : "test squared error",
                ratios, curves, (c, r) => c.Loss[r], (c, r) => c.LossSd[r], n, log10: true);
            if (classification)
                CurveFigure.Save(ctx, $"{id}-{slug}-accuracy", $"{id} {g.Key}: test accuracy", "test accuracy",
                    ratios, curves, (c, r) => c.Accuracy[r], (c, r) => 0, n, log10: false);
            else
                CurveFigure.Save(ctx, $"{id}-{slug}-rell2", $"{id} {g.Key}: relative L2 error", "relative L2 error",
                    ratios, curves, (c, r) => c.RelativeL2[r], (c, r) => 0, n, log10: false);
            foreach (double vr in verdictRatios)
            {
                int r = Array.FindIndex(ratios, x => Math.Abs(x - vr) < 1e-12);
                if (r < 0) continue;
                string pct = (vr * 100).ToString("0", CultureInfo.InvariantCulture);
                foreach (var mc in curves[0]) metrics[$"{slug}_{mc.Method}_loss_at_{pct}"] = curves.Average(c => c.Single(x => x.Method == mc.Method).Loss[r]);
                if (!g.First().CountsForVerdict) continue;
                foreach (string rival in rivals)
                {
                    if (!curves[0].Any(c => c.Method == rival)) continue;
                    int v = CurveStatistics.EcVersus(curves, rival, r, n, out double diff, out var ci);
                    if (v > 0) wins++; else if (v < 0) losses++; else ties++;
                    notes.Add(FormattableString.Invariant($"{g.Key} @{pct}%: loss({rival}) − loss(EC) = {diff:G3}, 95% CI {ci}"));
                }
            }
            var best = curves[0].Select(c => c.Method).ToDictionary(m => m, m => curves.Average(t => t.Single(x => x.Method == m).Loss[^1]));
            notes.Add($"{g.Key} @{ratios[^1] * 100:0}%: ranking " + string.Join(" < ", best.OrderBy(kv => kv.Value).Select(kv => FormattableString.Invariant($"{kv.Key} {kv.Value:G3}"))));
            foreach (var mc in curves[0]) metrics[$"{slug}_{mc.Method}_scoring_seconds"] = curves.Average(c => c.Single(x => x.Method == mc.Method).ScoringSeconds);
        }
        metrics["comparisons_ec_better"] = wins; metrics["comparisons_ec_worse"] = losses; metrics["comparisons_unresolved"] = ties;
        var verdict = wins + losses + ties == 0 ? Verdict.Inconclusive : losses > 0 ? Verdict.Contradicted : ties > 0 ? Verdict.Inconclusive : Verdict.Confirmed;
        string reason = $"EC vs [{string.Join(", ", rivals)}] at [{string.Join(", ", verdictRatios.Select(v => $"{v * 100:0}%"))}]: " +
            $"{wins} comparisons with EC lower (CI > 0), {losses} with EC higher (CI < 0), {ties} unresolved";
        return new ClaimOutcome(verdict, reason, metrics, notes);
    }
}
