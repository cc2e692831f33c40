using System.Diagnostics;
using PruneTheory.Pruning.BiasCompensation;
using PruneTheory.Random;

namespace PruneTheory.ProofsSim.Claims.BiasCompensation;

/// <summary>
/// One method's test curve over the pruning ratios: mean per-sample loss and its sample sd, accuracy (NaN for
/// regression), relative L2 error (NaN for classification), mean/sd of the per-sample loss difference to EC on the same
/// test samples (paired), achieved sparsity, scoring wall-clock.
/// </summary>
public sealed record MethodCurve(string Method, double[] Loss, double[] LossSd, double[] Accuracy, double[] RelativeL2,
    double[] DiffVsEc, double[] DiffVsEcSd, double[] Sparsity, double ScoringSeconds);

/// <summary>Scores a trained network once per method, prunes one-shot (global) at every ratio and evaluates on the test set.</summary>
public static class PruningSweep
{
    public static MethodCurve[] Run(Mlp net, CalibrationSet calib, CalibrationSet test, IReadOnlyList<string> methods,
        double[] ratios, RngKey key, int nonLinearSamples, int probes = 16)
    {
        if (!methods.Contains("ec")) throw new ArgumentException("the sweep needs 'ec' (differences are paired against it)");
        var order = new[] { "ec" }.Concat(methods.Where(m => m != "ec")).ToList();
        double[][]? ecLoss = null;
        var curves = new Dictionary<string, MethodCurve>();
        foreach (string m in order)
        {
            var scorer = PruningMethods.Create(m, key.FoldIn(m), nonLinearSamples, probes);
            var sw = Stopwatch.StartNew();
            var imp = scorer.Score(net, calib);
            double seconds = sw.Elapsed.TotalSeconds;
            int R = ratios.Length;
            var perSample = new double[R][];
            var curve = new MethodCurve(scorer.Name, new double[R], new double[R], new double[R], new double[R], new double[R], new double[R], new double[R], seconds);
            for (int r = 0; r < R; r++)
            {
                var mask = Selection.Select(imp.Scores, ratios[r], SelectionScope.Global);
                var pruned = Pruner.Apply(net, mask, imp);
                curve.Sparsity[r] = (double)Pruner.Count(mask) / net.WeightCount;
                var (loss, acc, rel) = Evaluate(pruned, test);
                perSample[r] = loss;
                (curve.Loss[r], curve.LossSd[r]) = MeanSd(loss);
                curve.Accuracy[r] = acc; curve.RelativeL2[r] = rel;
                if (ecLoss != null) (curve.DiffVsEc[r], curve.DiffVsEcSd[r]) = MeanSd(loss.Zip(ecLoss[r], (a, b) => a - b).ToArray());
            }
            ecLoss ??= perSample;
            curves[m] = curve;
        }
        return methods.Select(m => curves[m]).ToArray();
    }

    /// <summary>
    /// Per-sample test loss (cross-entropy, or squared error summed over outputs for regression), accuracy and relative
    /// L2 error ‖f − y‖/‖y‖ over the whole test set.
    /// </summary>
    public static (double[] Loss, double Accuracy, double RelativeL2) Evaluate(Mlp net, CalibrationSet test)
    {
        var f = net.Predict(test.X, test.Count);
        int d = test.OutputSize;
        var loss = new double[test.Count];
        long correct = 0; double err2 = 0, y2 = 0;
        for (int r = 0; r < test.Count; r++)
        {
            int o = r * d;
            if (test.Loss == CalibrationLoss.SoftmaxCrossEntropy)
            {
                double m = double.NegativeInfinity, s = 0, dot = 0; int arg = 0, label = 0;
                for (int k = 0; k < d; k++) { if (f[o + k] > m) { m = f[o + k]; arg = k; } if (test.Y[o + k] > test.Y[o + label]) label = k; }
                for (int k = 0; k < d; k++) { s += Math.Exp(f[o + k] - m); dot += test.Y[o + k] * f[o + k]; }
                loss[r] = m + Math.Log(s) - dot;
                if (arg == label) correct++;
            }
            else
                for (int k = 0; k < d; k++) { double e = f[o + k] - test.Y[o + k]; loss[r] += e * e; err2 += e * e; y2 += test.Y[o + k] * test.Y[o + k]; }
        }
        bool cls = test.Loss == CalibrationLoss.SoftmaxCrossEntropy;
        return (loss, cls ? (double)correct / test.Count : double.NaN, cls ? double.NaN : Math.Sqrt(err2 / y2));
    }

    public static (double Mean, double Sd) MeanSd(double[] x)
    {
        double m = x.Average();
        double v = x.Length > 1 ? x.Sum(t => (t - m) * (t - m)) / (x.Length - 1) : 0;
        return (m, Math.Sqrt(v));
    }
}
