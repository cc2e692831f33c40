using PruneTheory.Experiments;
using PruneTheory.Figures;
using PruneTheory.Random;
using PruneTheory.Statistics;
using PruneTheory.Theory.SubsetSum;

namespace PruneTheory.ProofsSim.Claims.NeuronVsWeight;

/// <summary>Statistics and figures of rss-cover.</summary>
internal static class RssFigures
{
    private static string Short(RssDistribution law) => law switch { RssDistribution.Uniform => "U", RssDistribution.Gaussian => "N", _ => "NxN" };

    /// <summary>Median cover error vs n with bootstrap CIs, single-target medians, the counting bound 2^-n, and the decay in bits per sample.</summary>
    public static void Decay(SummaryContext ctx, RssCoverSpec spec, IReadOnlyList<RssTrial> trials, RngKey key, Dictionary<string, double> metrics)
    {
        var plot = new LogPlot("Random subset sum: exact cover error of [−1,1]", "samples n", "error", false, true);
        var csv = new CsvTable("law", "kind", "n", "trials", "median", "lo", "hi", "q90");
        var ns = Enumerable.Range(RssCoverClaim.FirstN, spec.CoverMax - RssCoverClaim.FirstN + 1).Select(n => (double)n).ToArray();
        for (int l = 0; l < RssCoverClaim.Laws.Length; l++)
        {
            var law = RssCoverClaim.Laws[l];
            var med = new double[ns.Length]; var lo = new double[ns.Length]; var hi = new double[ns.Length];
            for (int i = 0; i < ns.Length; i++)
            {
                var e = trials.Where(t => t.Cover[l].Length > i).Select(t => t.Cover[l][i]).ToArray();
                (med[i], var ci) = WidthThresholds.Quantile(e, 0.5, key.FoldIn("decay").FoldIn((ulong)(l * 100 + i)));
                lo[i] = ci.Lower; hi[i] = ci.Upper;
                csv.Add(law.Label(), "cover", ns[i], e.Length, med[i], lo[i], hi[i], Quantiles.Of(e, 0.9));
            }
            plot.Points(ns, med, lo, hi, $"cover, {law.Label()} (median, 95% CI)", l);
            var fitIdx = Enumerable.Range(0, ns.Length).Where(i => ns[i] >= 8).ToArray();
            var fit = LinearFit.Ols(fitIdx.Select(i => ns[i]).ToArray(), fitIdx.Select(i => -Math.Log2(med[i])).ToArray());
            metrics[$"bits_per_sample_{Short(law)}"] = fit.Slope; metrics[$"bits_per_sample_{Short(law)}_lo"] = fit.SlopeCi.Lower; metrics[$"bits_per_sample_{Short(law)}_hi"] = fit.SlopeCi.Upper;
            var sizes = RssCoverClaim.SingleSizes(spec).Select(n => (double)n).ToArray();
            var sm = sizes.Select((_, i) => Quantiles.Median(trials.Select(t => t.Single[l][i]))).ToArray();
            foreach (var (n, m) in sizes.Zip(sm)) csv.Add(law.Label(), "single", n, trials.Count, m, "", "", "");
            plot.Line(sizes, sm, $"single target z, {law.Label()} (median)", l, dashed: true);
        }
        plot.Line(ns, ns.Select(n => Math.Pow(2, -n)).ToArray(), "counting bound 2^-n (no law can beat it)", 6);
        ctx.Figures.Save("rss-cover-decay", plot.Finish(ScottPlot.Alignment.UpperRight), csv, "markers: medians over random paths (trials); bars: 95 % bootstrap CI of the median (1000 resamples)");
    }

    /// <summary>n*_q(ε) (first passage of nested paths; censored paths count as +∞) with bootstrap CIs and the fit against log₂(1/ε).</summary>
    public static List<(string Law, LinearFit Fit, double EarlySlope, double LateSlope)> Thresholds(SummaryContext ctx, RssCoverSpec spec,
        IReadOnlyList<RssTrial> trials, RngKey key, Dictionary<string, double> metrics)
    {
        var plot = new LogPlot("Random subset sum: samples needed to ε-cover [−1,1]", "log₂(1/ε)", "samples needed n*(ε) (quantiles)", false, false);
        var csv = new CsvTable("law", "q", "eps", "log2_inv_eps", "nstar", "lo", "hi", "paths");
        var bits = spec.Epsilons.Select(e => Math.Log2(1 / e)).ToArray();
        var fits = new List<(string, LinearFit, double, double)>();
        int series = 0;
        for (int l = 0; l < RssCoverClaim.Laws.Length; l++)
            foreach (double q in new[] { 0.5, 0.9 })
            {
                var pt = new double[bits.Length]; var lo = new double[bits.Length]; var hi = new double[bits.Length];
                for (int e = 0; e < bits.Length; e++)
                {
                    double eps = spec.Epsilons[e];
                    double Passage(RssTrial t) => WidthThresholds.FirstPassage(t.Cover[l].Select((_, i) => (double)(RssCoverClaim.FirstN + i)).ToArray(), t.Cover[l], eps);
                    // all paths if the quantile is below the short horizon (censoring cannot move it), else only the long paths
                    var all = trials.Select(Passage).ToArray();
                    var (p, ci) = WidthThresholds.Quantile(all, q, key.FoldIn("thr").FoldIn((ulong)(l * 1000 + e * 10 + (int)(q * 10))));
                    int used = all.Length;
                    if (!(p <= spec.CoverShortMax))
                    {
                        var longOnes = trials.Where(t => t.Cover[l].Length > spec.CoverShortMax - RssCoverClaim.FirstN + 1).Select(Passage).ToArray();
                        (p, ci) = WidthThresholds.Quantile(longOnes, q, key.FoldIn("thr-long").FoldIn((ulong)(l * 1000 + e * 10 + (int)(q * 10))));
                        used = longOnes.Length;
                    }
                    pt[e] = p; lo[e] = ci.Lower; hi[e] = ci.Upper;
                    csv.Add(RssCoverClaim.Laws[l].Label(), q, eps, bits[e], p, ci.Lower, ci.Upper, used);
                }
                plot.Points(bits, pt, lo, hi, $"{RssCoverClaim.Laws[l].Label()}, q = {q}", series++);
                var idx = Enumerable.Range(0, bits.Length).Where(e => double.IsFinite(pt[e])).ToArray();
                if (q != 0.5 || idx.Length < 4) continue;
                var fit = LinearFit.Ols(idx.Select(e => bits[e]).ToArray(), idx.Select(e => pt[e]).ToArray());
                int h = idx.Length / 2;
                double Slope(int[] s) => (pt[s[^1]] - pt[s[0]]) / (bits[s[^1]] - bits[s[0]]);
                fits.Add((RssCoverClaim.Laws[l].Label(), fit, Slope(idx[..(h + 1)]), Slope(idx[h..])));
                string s = Short(RssCoverClaim.Laws[l]);
                metrics[$"slope_{s}"] = fit.Slope; metrics[$"slope_{s}_lo"] = fit.SlopeCi.Lower; metrics[$"slope_{s}_hi"] = fit.SlopeCi.Upper;
            }
        plot.Line(bits, bits, "counting bound n = log₂(1/ε)", 6, dashed: true);
        ctx.Figures.Save("rss-cover-threshold", plot.Finish(), csv, "markers: quantile q (as labelled) over trials of what is needed for error ε; bars: 95 % bootstrap CI of that quantile (1000 resamples)");
        return fits;
    }
}
