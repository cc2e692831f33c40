using PruneTheory.Pruning.BiasCompensation;
using PruneTheory.Random;

namespace PruneTheory.ProofsSim.Claims.BiasCompensation;

/// <summary>
/// One method's test curve over the pruning ratios: mean per-sample loss and its sample sd, accuracy (NaN for
/// regression), relative L2 error (NaN for classification), mean/sd of the per-sample loss difference to EC on the same
/// test samples (paired), achieved sparsity; <c>ScoringBackprops</c>: the scoring's multiply-adds (<see cref="MacCounter"/>)
/// over those of one backpropagation of the loss on the calibration set (NaN where not counted). No timings: a trial
/// row is a pure function of (seed, claim, trial).
/// </summary>
public sealed record MethodCurve(string Method, double[] Loss, double[] LossSd, double[] Accuracy, double[] RelativeL2,
    double[] DiffVsEc, double[] DiffVsEcSd, double[] Sparsity, double ScoringBackprops = double.NaN);

/// <summary>Scores a trained network once per method, prunes one-shot (global) at every ratio and evaluates on the test set.</summary>
public static class PruningSweep
{
    /// <summary>
    /// Methods are names of <see cref="PruningMethods.Create"/>, optionally with a mode suffix: "@layerwise" (layer-wise selection)
    /// or "@iterative" (cumulative 10 % steps plus the requested ratios, rescoring after each step, §4.3 step 7).
    /// Without "ec" among the methods (a method-group trial) the paired differences to EC are NaN. Fine-tuned curves
    /// ("+FT") cover <paramref name="fineTuneRatios"/> only (null: every ratio), NaN elsewhere.
    /// </summary>
    public static MethodCurve[] Run(Mlp net, CalibrationSet calib, CalibrationSet test, IReadOnlyList<string> methods,
        double[] ratios, RngKey key, int nonLinearSamples, int probes = 16, Func<Mlp, Mlp>? fineTune = null, IReadOnlyList<string>? fineTuneMethods = null,
        double[]? fineTuneRatios = null)
    {
        bool TuneAt(int r) => fineTuneRatios is null || fineTuneRatios.Any(v => Math.Abs(v - ratios[r]) < 1e-12);
        var order = methods.Contains("ec") ? new[] { "ec" }.Concat(methods.Where(m => m != "ec")).ToList() : methods.ToList();
        double[][]? ecLoss = null;
        var curves = new Dictionary<string, MethodCurve>();
        var tuned = fineTune == null ? [] : (fineTuneMethods ?? []).Where(methods.Contains).Select(m => m + "+ft").ToList();
        var prunedNets = new Dictionary<string, (string Name, Mlp?[] Nets)>();
        foreach (string m in order.Concat(tuned))
        {
            bool ft = m.EndsWith("+ft", StringComparison.Ordinal);
            var ((name, nets), macs) = ft
                ? ((prunedNets[m[..^3]].Name + " +FT", prunedNets[m[..^3]].Nets.Select((n, r) => TuneAt(r) ? fineTune!(n!) : null).ToArray()), 0L)
                : MacCounter.Measure<(string, Mlp?[])>(() => PrunedNets(m, net, calib, ratios, key, nonLinearSamples, probes));
            if (fineTuneMethods?.Contains(m) == true) prunedNets[m] = (name, nets);
            int R = ratios.Length;
            var perSample = new double[R][];
            var curve = new MethodCurve(name, new double[R], new double[R], new double[R], new double[R], new double[R], new double[R], new double[R],
                ft ? double.NaN : macs / (double)MacCounter.OneBackprop(net.Sizes, calib.Count));
            for (int r = 0; r < R; r++)
            {
                if (nets[r] is null)   // not fine-tuned at this ratio
                {
                    foreach (var a in new[] { curve.Loss, curve.LossSd, curve.Accuracy, curve.RelativeL2, curve.DiffVsEc, curve.DiffVsEcSd, curve.Sparsity }) a[r] = double.NaN;
                    continue;
                }
                curve.Sparsity[r] = (double)nets[r]!.Weights.Sum(w => w.LongCount(v => v == 0)) / net.WeightCount;
                var (loss, acc, rel) = Evaluate(nets[r]!, test);
                perSample[r] = loss;
                (curve.Loss[r], curve.LossSd[r]) = MeanSd(loss);
                curve.Accuracy[r] = acc; curve.RelativeL2[r] = rel;
                if (ecLoss != null) (curve.DiffVsEc[r], curve.DiffVsEcSd[r]) = MeanSd(loss.Zip(ecLoss[r], (a, b) => a - b).ToArray());
                else if (m != "ec") curve.DiffVsEc[r] = curve.DiffVsEcSd[r] = double.NaN;
            }
            if (m == "ec") ecLoss = perSample;
            curves[m] = curve;
        }
        return methods.Concat(tuned).Select(m => curves[m]).ToArray();
    }

    /// <summary>The rivals EC is judged against (display names): the paper's baselines, Taylor, and Magnitude+Update, the strongest simple one.</summary>
    public static readonly string[] Rivals = ["Magnitude", GradientScorer.AbsName, GradientScorer.TaylorName, "Random", "Magnitude+Update"];

    /// <summary>Display names of method names (as the sweep labels its curves), without running anything.</summary>
    public static string[] DisplayNames(IEnumerable<string> methods) => methods.Select(m =>
    {
        string[] parts = m.Split('@');
        string name = PruningMethods.Create(parts[0], default).Name;
        return parts.Length == 1 ? name : parts[1] == "layerwise" ? name + " (layer-wise)" : name + " (iterative)";
    }).ToArray();

    /// <summary>Spec check: every method name (with optional @layerwise / @iterative) is known.</summary>
    public static IEnumerable<string> CheckMethods(IEnumerable<string> methods)
    {
        foreach (string m in methods)
        {
            string[] parts = m.Split('@');
            if (parts.Length > 2 || (parts.Length == 2 && parts[1] is not ("layerwise" or "iterative")) || !PruningMethods.All.Contains(parts[0].ToLowerInvariant()) && parts[0] != "biascomp")
                yield return $"unknown method '{m}' (known: {string.Join(", ", PruningMethods.All)}, optionally @layerwise or @iterative)";
        }
    }

    /// <summary>The pruned network at every ratio and the display name.</summary>
    private static (string Name, Mlp[] Nets) PrunedNets(string method, Mlp net, CalibrationSet calib, double[] ratios, RngKey key, int nonLinearSamples, int probes)
    {
        string[] parts = method.Split('@');
        string mode = parts.Length > 1 ? parts[1] : "";
        var scorer = PruningMethods.Create(parts[0], key.FoldIn(method), nonLinearSamples, probes);
        switch (mode)
        {
            case "" or "layerwise":
            {
                var imp = scorer.Score(net, calib);
                var scope = mode == "" ? SelectionScope.Global : SelectionScope.LayerWise;
                var nets = ratios.Select(r => Pruner.Apply(net, Selection.Select(imp.Scores, r, scope), imp)).ToArray();
                return (mode == "" ? scorer.Name : scorer.Name + " (layer-wise)", nets);
            }
            case "iterative":
            {
                var steps = Enumerable.Range(1, 9).Select(k => k / 10.0).Where(v => v < ratios.Max()).Concat(ratios.Where(r => r > 0))
                    .Select(v => Math.Round(v, 12)).Distinct().OrderBy(v => v).ToArray();
                var stepNets = PruningMethods.Iterative(net, calib, scorer, steps);
                var nets = ratios.Select(r => r == 0 ? net : stepNets[Array.IndexOf(steps, Math.Round(r, 12))]).ToArray();
                return (scorer.Name + " (iterative)", nets);
            }
            default: throw new ArgumentException($"unknown mode '@{mode}' in '{method}' (layerwise or iterative)");
        }
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
