using PruneTheory.Experiments;
using PruneTheory.Figures;
using PruneTheory.Statistics;

namespace PruneTheory.ProofsSim.Claims.Iht;

/// <summary>
/// Per-step curves, Table 2's numbers per k (PSNR at step 100 and the support's convergence step, mean and sd over
/// instances) and the E3 verdict: each k's band judged on the instance mean with its CI and leave-one-out means.
/// </summary>
internal static class IhtAblationSummary
{
    /// <summary>PSNR beyond this is float64 rounding noise ("numerical precision"); capping keeps one 400 dB exact fit from widening the CI.</summary>
    public const double CapDb = 200;

    public static ClaimOutcome Summarize(IhtAblationSpec spec, IReadOnlyList<IhtAblationTrial> trials, SummaryContext ctx)
    {
        var used = trials.Where(t => !t.SkippedZeroLabels).ToList();
        var notes = new List<string>();
        if (used.Count < trials.Count) notes.Add($"{trials.Count - used.Count} run(s) skipped: all labels zero");
        foreach (var t in used.Where(t => t.Diverged)) notes.Add($"k = {Name(t.Period)}, instance {t.Seed} diverged (counted as 0 dB): {t.DivergenceReason}");
        if (spec.Steps != 100) notes.Add($"the bands are stated at step 100; this run has T = {spec.Steps}, judged at step {spec.RuleStep}");
        var metrics = new Dictionary<string, double>();
        Plot(spec, used, ctx);

        var csv = new CsvTable("k", "instances", "psnr_mean", "psnr_sd", "ci_lo", "ci_hi", "psnr_min", "psnr_max",
            "instances_ge_160", "converged_instances", "converged_step_mean", "converged_step_sd");
        var rules = new List<(string Text, RuleBand Band)>();
        foreach (int k in spec.Periods)
        {
            var runs = used.Where(t => t.Period == k).OrderBy(t => t.Seed).ToList();
            if (runs.Count == 0) continue;
            var raw = runs.Select(t => AtRuleStep(spec, t)).ToArray();
            var capped = raw.Select(v => Math.Min(CapDb, v)).ToArray();
            var rm = ReplicateMean.Of(capped);
            var conv = runs.Select(t => t.SupportConvergedStep).Where(v => v >= 0).Select(v => (double)v).ToArray();
            string n = Name(k);
            metrics[$"psnr_final_mean_k{n}"] = rm.Mean;
            metrics[$"psnr_final_sd_k{n}"] = Sd(capped);
            metrics[$"psnr_final_lo_k{n}"] = rm.Ci.Lower;
            metrics[$"psnr_final_hi_k{n}"] = rm.Ci.Upper;
            metrics[$"psnr_final_min_k{n}"] = raw.Min();
            metrics[$"psnr_final_max_k{n}"] = raw.Max();
            metrics[$"instances_k{n}"] = runs.Count;
            metrics[$"instances_ge160_k{n}"] = raw.Count(v => v >= 160);
            metrics[$"support_converged_instances_k{n}"] = conv.Length;
            if (conv.Length > 0) { metrics[$"support_converged_step_mean_k{n}"] = conv.Average(); metrics[$"support_converged_step_sd_k{n}"] = Sd(conv); }
            csv.Add(n, runs.Count, rm.Mean, Sd(capped), rm.Ci.Lower, rm.Ci.Upper, raw.Min(), raw.Max(), raw.Count(v => v >= 160),
                conv.Length, conv.Length > 0 ? conv.Average() : double.NaN, conv.Length > 0 ? Sd(conv) : double.NaN);
            string found = $"mean {rm.Mean:F1} dB (sd {Sd(capped):F1}) {rm.Ci} over {runs.Count} instance(s), ≥ 160 dB on {raw.Count(v => v >= 160)}, " +
                (conv.Length == 0 ? "support never converged" : $"support converged on {conv.Length} at step {conv.Average():F0} (sd {Sd(conv):F0})");
            if (k is 1 or 2) rules.Add(($"k = {k} ≥ 160 dB: {found}", Judge(rm.SideOf(160), Side.Above)));
            else if (k == 5) rules.Add(($"k = 5 in [30, 45] dB: {found}", InBand(rm, 30, 45)));
            else if (k == 0) rules.Add(($"never < 25 dB: {found}", Judge(rm.SideOf(25), Side.Below)));
        }
        ctx.Figures.Save("iht-ablation-final", FinalPlot(spec, used), csv);
        var figures = ctx.Figures.Written.ToList();
        if (rules.Count == 0) return new ClaimOutcome(Verdict.Inconclusive, "no period of the spec's rules (1, 2, 5, never) was run", metrics, notes) { Figures = figures };
        var verdict = RuleBands.Combine(rules.Select(r => r.Band));
        string reason = $"at n = {spec.N}, d = {spec.D}, m = {spec.Width}, s = {spec.Sparsity}, step {spec.RuleStep}: " +
            string.Join("; ", rules.Select(r => $"{r.Band.ToString().ToLowerInvariant()}: {r.Text}"));
        return new ClaimOutcome(verdict, reason, metrics, notes) { Figures = figures };
    }

    private static RuleBand Judge(Side side, Side wanted) => side == Side.Undecided ? RuleBand.Undecided : side == wanted ? RuleBand.Holds : RuleBand.Fails;

    private static RuleBand InBand(ReplicateMean rm, double lo, double hi)
    {
        Side a = rm.SideOf(lo), b = rm.SideOf(hi);
        if (a == Side.Above && b == Side.Below) return RuleBand.Holds;
        return a == Side.Below || b == Side.Above ? RuleBand.Fails : RuleBand.Undecided;
    }

    private static double AtRuleStep(IhtAblationSpec spec, IhtAblationTrial t)
    {
        if (t.Diverged || t.Psnr.Length == 0) return 0;
        double v = t.Psnr[Math.Min(spec.RuleStep, t.Psnr.Length) - 1];
        return double.IsNaN(v) ? 0 : v;
    }

    private static void Plot(IhtAblationSpec spec, List<IhtAblationTrial> used, SummaryContext ctx)
    {
        var plot = PlotStyle.Create($"AIHT PSNR per step (n = {spec.N}, d = {spec.D}, m = {spec.Width}, s = {spec.Sparsity})", "step", "PSNR (dB)");
        var csv = new CsvTable("k", "instance", "step", "psnr_db", "support_changed");
        for (int p = 0; p < spec.Periods.Length; p++)
        {
            int k = spec.Periods[p];
            foreach (var t in used.Where(t => t.Period == k))
            {
                for (int i = 0; i < t.Psnr.Length; i++) csv.Add(Name(k), t.Seed, i + 1, t.Psnr[i], t.SupportChanged[i] ? 1 : 0);
                var sc = plot.Add.Scatter(Enumerable.Range(1, t.Psnr.Length).Select(i => (double)i).ToArray(),
                    t.Psnr.Select(v => double.IsNaN(v) ? 0 : v).ToArray(), PlotStyle.Series(p));
                sc.MarkerSize = 0;
                sc.LegendText = t.Seed == 0 ? $"k = {Name(k)}" : "";
            }
        }
        plot.ShowLegend();
        ctx.Figures.Save("iht-ablation-psnr", plot, csv);
    }

    /// <summary>Capped PSNR at the rule step per instance (points) and per-k means, with the rule's thresholds.</summary>
    private static ScottPlot.Plot FinalPlot(IhtAblationSpec spec, List<IhtAblationTrial> used)
    {
        var plot = PlotStyle.Create($"PSNR at step {spec.RuleStep} per instance (capped {CapDb} dB; support convergence step under each k)", "update period k", "PSNR (dB)");
        for (int p = 0; p < spec.Periods.Length; p++)
        {
            var ys = used.Where(t => t.Period == spec.Periods[p]).Select(t => Math.Min(CapDb, AtRuleStep(spec, t))).ToArray();
            if (ys.Length == 0) continue;
            var sc = plot.Add.Scatter(ys.Select(_ => (double)p).ToArray(), ys, PlotStyle.Series(p));
            sc.LineWidth = 0; sc.MarkerSize = 8;
            var mean = plot.Add.Scatter(new[] { p + 0.15 }, new[] { ys.Average() }, PlotStyle.Series(p));
            mean.MarkerShape = ScottPlot.MarkerShape.FilledDiamond; mean.MarkerSize = 12;
        }
        foreach (double y in new[] { 160.0, 45, 30, 25 }) plot.Add.HorizontalLine(y, 1, ScottPlot.Colors.Gray, ScottPlot.LinePattern.Dotted);
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, spec.Periods.Length).Select(i => (double)i).ToArray(), spec.Periods.Select(k => Tick(k, used)).ToArray());
        return plot;
    }

    // Table 2's second column under each k: the support's convergence step, mean ± sd over the instances whose support converged.
    private static string Tick(int k, List<IhtAblationTrial> used)
    {
        var runs = used.Where(t => t.Period == k).ToList();
        var conv = runs.Select(t => t.SupportConvergedStep).Where(v => v >= 0).Select(v => (double)v).ToArray();
        string c = conv.Length == 0 ? "conv. —" : conv.Length == 1 ? $"conv. {conv[0]:F0}" : $"conv. {conv.Average():F0}±{Sd(conv):F0}";
        return $"k = {Name(k)}\n{c}\n({conv.Length} of {runs.Count})";
    }

    /// <summary>Sample standard deviation over replicates (NaN below two); shared by the IHT summaries.</summary>
    internal static double Sd(IEnumerable<double> v) => MathNet.Numerics.Statistics.Statistics.StandardDeviation(v);

    internal static string Name(int k) => k == 0 ? "never" : k.ToString();
}
