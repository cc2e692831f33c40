using PruneTheory.Pruning.BiasCompensation;
using PruneTheory.Random;

namespace PruneTheory.ProofsSim.Claims.BiasCompensation;

/// <summary>
/// Check 1 of spec §9 on a sample of weights: δb* vs the line-searched optimum of the measured D, and S vs the measured D at
/// that optimum (Pearson of δb, median relative error of δb*, Spearman of S and D, mean D without / with δb* / with the optimum).
/// </summary>
public sealed record CompensationAccuracy(int Weights, double Correlation, double MedianRelativeError, double Spearman,
    double MeanDNone, double MeanDStar, double MeanDOptimal)
{
    public static CompensationAccuracy Measure(Mlp net, CalibrationSet calib, int weights, int evaluationSamples, RngKey key)
    {
        var ec = CompensationStatistics.Accumulate(net, calib, new SensitivityOptions()).Scores();
        var all = Enumerable.Range(0, net.Layers).SelectMany(l => Enumerable.Range(0, net.Weights[l].Length).Select(q => (l, q))).ToArray();
        var pick = key.Stream().Permutation(all.Length).Take(Math.Min(weights, all.Length)).Select(i => all[i]).ToArray();
        var picked = pick.ToHashSet();
        bool Only(int l, int q) => picked.Contains((l, q));
        var star = new NonLinearScorer(evaluationSamples, refit: false, only: Only).Score(net, calib);
        var opt = new NonLinearScorer(evaluationSamples, refit: true, only: Only).Score(net, calib);
        var eval = calib.Slice(0, Math.Min(evaluationSamples, calib.Count));
        double[] dbStar = pick.Select(t => ec.DeltaB[t.l][t.q]).ToArray(), dbOpt = pick.Select(t => opt.BiasShifts![t.l][t.q]).ToArray();
        double[] s = pick.Select(t => ec.S[t.l][t.q]).ToArray(), dOpt = pick.Select(t => opt.Scores[t.l][t.q]).ToArray();
        var none = new Importance(ec.S);
        double DNone((int l, int q) t)
        {
            var mask = net.Weights.Select(w => new bool[w.Length]).ToArray(); mask[t.l][t.q] = true;
            var p = Pruner.Apply(net, mask, none);
            var f0 = net.Predict(eval.X, eval.Count); var f1 = p.Predict(eval.X, eval.Count);
            return f0.Zip(f1, (a, b) => (a - b) * (a - b)).Sum() / eval.Count;
        }
        var rel = dbStar.Zip(dbOpt, (a, b) => Math.Abs(a - b) / Math.Max(Math.Abs(b), 1e-300)).OrderBy(v => v).ToArray();
        return new CompensationAccuracy(pick.Length, Pearson(dbStar, dbOpt), rel[rel.Length / 2], Pearson(Ranks(s), Ranks(dOpt)),
            pick.Average(DNone), pick.Average(t => star.Scores[t.l][t.q]), dOpt.Average());
    }

    public static double Pearson(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++) { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) * (a[i] - ma); sbb += (b[i] - mb) * (b[i] - mb); }
        return sab / Math.Sqrt(saa * sbb);
    }

    /// <summary>Average ranks (ties share their mean rank).</summary>
    public static double[] Ranks(double[] x)
    {
        var idx = Enumerable.Range(0, x.Length).OrderBy(i => x[i]).ToArray();
        var r = new double[x.Length];
        for (int a = 0; a < idx.Length;)
        {
            int b = a;
            while (b + 1 < idx.Length && x[idx[b + 1]] == x[idx[a]]) b++;
            for (int c = a; c <= b; c++) r[idx[c]] = (a + b) / 2.0;
            a = b + 1;
        }
        return r;
    }
}
