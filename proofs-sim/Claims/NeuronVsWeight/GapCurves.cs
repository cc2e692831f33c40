using PruneTheory.Random;
using PruneTheory.Statistics;

namespace PruneTheory.ProofsSim.Claims.NeuronVsWeight;

/// <summary>A width curve over the ε grid: point estimate and 95% bootstrap CI (+∞ where not reached).</summary>
internal sealed record WidthCurve(double[] Point, double[] Lo, double[] Hi);

/// <summary>
/// The curves of figure G from stored gap-figure trials: exact neuron-pruning N*_1/2 (P_upper, isotonic, d = 2),
/// certified lower bounds on the neuron-pruning passage (quantiles of max(analytic, exact-bracket) passages),
/// the model-A e₁ weight-pruning construction's N*_1/2 on the same networks, model-B weight-pruning N*_q per d (reference), and the
/// path-bootstrap median of the exact ratio (model A on both sides).
/// </summary>
internal sealed record GapCurves(WidthCurve NpExact, WidthCurve NpAnalyticHalf, WidthCurve NpAnalytic90, WidthCurve WpAHalf, WidthCurve[] WpHalf, WidthCurve[] Wp90,
    WidthCurve Ratio, WidthCurve[] NpFlatHalf)
{
    public static GapCurves Compute(GapSpec spec, IReadOnlyList<GapTrial> trials, RngKey key)
    {
        var eps = spec.Epsilons;
        var sizes = spec.NpWidths.Select(n => (double)n).ToArray();
        // exact N*_1/2 only from the paths solved at every width (the others carry loose nested brackets above CheapWidthMax)
        var lower = trials.Where(t => t.Np.All(p => p.Method != GapFigureClaim.NestedBound)).Select(t => t.Np.Select(p => p.Lower).ToArray()).ToList();
        var exact = new WidthCurve(new double[eps.Length], new double[eps.Length], new double[eps.Length]);
        for (int e = 0; e < eps.Length; e++)
        {
            exact.Point[e] = WidthThresholds.Point(sizes, lower, eps[e], 0.5);
            var ci = WidthThresholds.Ci(sizes, lower, eps[e], 0.5, key.FoldIn("np-exact").FoldIn((ulong)e));
            exact.Lo[e] = ci.Lower; exact.Hi[e] = ci.Upper;
        }
        WidthCurve Analytic(double q) => Quantile(eps.Length, e => trials.Select(t => NpCertifiedPassage(spec, t, e)).ToArray(), q, key.FoldIn("np-analytic").FoldIn((ulong)(q * 100)));
        var wpTrials = trials.Select(t => new WpTrial(t.Wp)).ToList();
        var wpHalf = spec.WpDims.Select((_, di) => Wp(spec, wpTrials, di, 0.5, key)).ToArray();
        var wp90 = spec.WpDims.Select((_, di) => Wp(spec, wpTrials, di, 0.9, key)).ToArray();
        var flat = spec.WpDims.Select((_, di) => Quantile(eps.Length, e => trials.Select(t => t.FlatPassage[di][e] < 0 ? double.PositiveInfinity : t.FlatPassage[di][e]).ToArray(),
            0.5, key.FoldIn("np-flat").FoldIn((ulong)di))).ToArray();
        var wpA = Quantile(eps.Length, e => trials.Select(t => GapRatio.WpAPassage(t, eps[e])).ToArray(), 0.5, key.FoldIn("wp-a"));
        return new GapCurves(exact, Analytic(0.5), Analytic(0.9), wpA, wpHalf, wp90, RatioCurve(spec, trials, key), flat);
    }

    private static WidthCurve Wp(GapSpec spec, List<WpTrial> trials, int di, double q, RngKey key)
    {
        var (p, lo, hi) = WpFigures.Curve(spec.Wp, trials, di, q, key.FoldIn("wp"));
        return new WidthCurve(p, lo, hi);
    }

    private static WidthCurve Quantile(int count, Func<int, double[]> sample, double q, RngKey key)
    {
        var c = new WidthCurve(new double[count], new double[count], new double[count]);
        for (int e = 0; e < count; e++)
        {
            var (p, ci) = WidthThresholds.Quantile(sample(e), q, key.FoldIn((ulong)e));
            c.Point[e] = p; c.Lo[e] = ci.Lower; c.Hi[e] = ci.Upper;
        }
        return c;
    }

    /// <summary>
    /// Certified lower bound on one path's neuron-pruning first passage N*(ε) (model A, d = 2): the larger of the analytic
    /// passage (Δ_min ≤ δ*(ε) is necessary) and the exact one from the certified brackets (below the first width whose
    /// lower bound allows ε, no success is possible; beyond the exact grid, N* exceeds its largest width). +∞: beyond the scan.
    /// </summary>
    public static double NpCertifiedPassage(GapSpec spec, GapTrial t, int e)
    {
        double eps = spec.Epsilons[e];
        double analytic = t.AnalyticPassage[e] < 0 ? double.PositiveInfinity : t.AnalyticPassage[e];
        int i = Array.FindIndex(t.Np, p => p.Lower <= eps);
        double exact = i < 0 ? spec.NpWidths[^1] + 1 : i == 0 ? 1 : spec.NpWidths[i - 1] + 1;
        return Math.Max(analytic, exact);
    }

    /// <summary>The exact ratio curve (model A, e₁) with a joint bootstrap over paths (same resample for both sides).</summary>
    private static WidthCurve RatioCurve(GapSpec spec, IReadOnlyList<GapTrial> trials, RngKey key)
    {
        var eps = spec.Epsilons;
        var c = new WidthCurve(new double[eps.Length], new double[eps.Length], new double[eps.Length]);
        var stream = key.FoldIn("ratio").Stream();
        const int B = 1000;
        var boot = new double[eps.Length, B];
        var resample = new GapTrial[trials.Count];
        for (int b = 0; b < B; b++)
        {
            for (int i = 0; i < resample.Length; i++) resample[i] = trials[stream.NextInt(trials.Count)];
            for (int e = 0; e < eps.Length; e++) boot[e, b] = GapRatio.MedianRatio(spec, resample, e);
        }
        for (int e = 0; e < eps.Length; e++)
        {
            c.Point[e] = GapRatio.MedianRatio(spec, trials, e);
            var s = Enumerable.Range(0, B).Select(b => boot[e, b]).OrderBy(v => v).ToArray();
            c.Lo[e] = s[(int)(0.025 * (B - 1))]; c.Hi[e] = s[(int)Math.Ceiling(0.975 * (B - 1))];
        }
        return c;
    }
}
