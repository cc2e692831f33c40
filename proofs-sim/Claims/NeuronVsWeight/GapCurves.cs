using PruneTheory.Random;
using PruneTheory.Statistics;

namespace PruneTheory.ProofsSim.Claims.NeuronVsWeight;

/// <summary>A width curve over the ε grid: point estimate and 95% bootstrap CI (+∞ where not reached).</summary>
internal sealed record WidthCurve(double[] Point, double[] Lo, double[] Hi);

/// <summary>
/// The curves of figure G from stored gap-figure trials: exact neuron-pruning N*_1/2 (P_upper, isotonic, d = 2),
/// certified analytic lower bounds (quantiles of N_A), weight-pruning N*_q per d, and the path-bootstrap ratio
/// of the certified neuron bound to the weight-pruning width (d = 2).
/// </summary>
internal sealed record GapCurves(WidthCurve NpExact, WidthCurve NpAnalyticHalf, WidthCurve NpAnalytic90, WidthCurve[] WpHalf, WidthCurve[] Wp90, WidthCurve Ratio,
    WidthCurve[] NpFlatHalf)
{
    public static GapCurves Compute(GapSpec spec, IReadOnlyList<GapTrial> trials, RngKey key)
    {
        var eps = spec.Epsilons;
        var sizes = spec.NpWidths.Select(n => (double)n).ToArray();
        var lower = trials.Select(t => t.Np.Select(p => p.Lower).ToArray()).ToList();
        var exact = new WidthCurve(new double[eps.Length], new double[eps.Length], new double[eps.Length]);
        for (int e = 0; e < eps.Length; e++)
        {
            exact.Point[e] = WidthThresholds.Point(sizes, lower, eps[e], 0.5);
            var ci = WidthThresholds.Ci(sizes, lower, eps[e], 0.5, key.FoldIn("np-exact").FoldIn((ulong)e));
            exact.Lo[e] = ci.Lower; exact.Hi[e] = ci.Upper;
        }
        double[] Passage(GapTrial t, int e) => [t.AnalyticPassage[e] < 0 ? double.PositiveInfinity : t.AnalyticPassage[e]];
        WidthCurve Analytic(double q) => Quantile(eps.Length, e => trials.Select(t => Passage(t, e)[0]).ToArray(), q, key.FoldIn("np-analytic").FoldIn((ulong)(q * 100)));
        var wpTrials = trials.Select(t => new WpTrial(t.Wp)).ToList();
        var wpHalf = spec.WpDims.Select((_, di) => Wp(spec, wpTrials, di, 0.5, key)).ToArray();
        var wp90 = spec.WpDims.Select((_, di) => Wp(spec, wpTrials, di, 0.9, key)).ToArray();
        var flat = spec.WpDims.Select((_, di) => Quantile(eps.Length, e => trials.Select(t => t.FlatPassage[di][e] < 0 ? double.PositiveInfinity : t.FlatPassage[di][e]).ToArray(),
            0.5, key.FoldIn("np-flat").FoldIn((ulong)di))).ToArray();
        return new GapCurves(exact, Analytic(0.5), Analytic(0.9), wpHalf, wp90, RatioCurve(spec, trials, key), flat);
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

    /// <summary>median N_A(ε) / median N*_WP(ε), d = 2, with a joint bootstrap over paths (same resample for both).</summary>
    private static WidthCurve RatioCurve(GapSpec spec, IReadOnlyList<GapTrial> trials, RngKey key)
    {
        var eps = spec.Epsilons;
        var wpSizes = spec.Wp.Units.Select(n => (double)(spec.WpDims[0] * n)).ToArray();
        double Stat(IReadOnlyList<GapTrial> ts, int e)
        {
            var a = ts.Select(t => t.AnalyticPassage[e] < 0 ? double.PositiveInfinity : t.AnalyticPassage[e]).ToArray();
            var w = ts.Select(t => WidthThresholds.FirstPassage(wpSizes, t.Wp[0], eps[e])).ToArray();
            Array.Sort(a); Array.Sort(w);
            int m = Math.Max(0, (int)Math.Ceiling(0.5 * ts.Count) - 1);
            return a[m] / w[m];
        }
        var c = new WidthCurve(new double[eps.Length], new double[eps.Length], new double[eps.Length]);
        var stream = key.FoldIn("ratio").Stream();
        const int B = 1000;
        var boot = new double[eps.Length, B];
        var resample = new GapTrial[trials.Count];
        for (int b = 0; b < B; b++)
        {
            for (int i = 0; i < resample.Length; i++) resample[i] = trials[stream.NextInt(trials.Count)];
            for (int e = 0; e < eps.Length; e++) boot[e, b] = Stat(resample, e);
        }
        for (int e = 0; e < eps.Length; e++)
        {
            c.Point[e] = Stat(trials, e);
            var s = Enumerable.Range(0, B).Select(b => boot[e, b]).OrderBy(v => v).ToArray();
            c.Lo[e] = s[(int)(0.025 * (B - 1))]; c.Hi[e] = s[(int)Math.Ceiling(0.975 * (B - 1))];
        }
        return c;
    }
}
