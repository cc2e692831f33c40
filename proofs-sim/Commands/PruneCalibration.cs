using PruneTheory.Graph;
using PruneTheory.IO;
using PruneTheory.Pruning.BiasCompensation;
using PruneTheory.ProofsSim.Claims.BiasCompensation;

namespace PruneTheory.ProofsSim.Commands;

/// <summary>Loads the --calib data of the prune command.</summary>
public static class PruneCalibration
{
    /// <summary>
    /// Returns the calibration set (x flattened per sample, row-major: [N, d] for a dense net, [N, C, H, W] for a conv net)
    /// and whether it carries real targets (loss-based methods need them).
    /// </summary>
    /// <param name="norm">Applied to the mnist/fashion pixels in [0, 1], as the network was trained; a file's x is used as stored.</param>
    public static (CalibrationSet Set, bool HasTargets) Load(string calib, Network net, int maxCount, InputNormalization norm)
    {
        if (calib is "mnist" or "fashion")
        {
            var (train, _) = ImageData.Load(calib, 1);
            int n = maxCount > 0 ? Math.Min(maxCount, train.Count) : train.Count;
            var rows = PruneTheory.Random.RngKey.FromSeed(0).FoldIn("prune-calibration").Stream().Permutation(train.Count).Take(n).ToArray();
            var set = ImageData.ToCalibration(train, rows);
            if (set.InputSize != net.InputSize) throw new ArgumentException($"--calib {calib}: {set.InputSize} pixels per image, the model expects [{Shape(net.InputShape)}]");
            norm.Apply(set.X);
            return (set, true);
        }
        if (!File.Exists(calib)) throw new ArgumentException($"calibration data '{calib}' is neither mnist, fashion nor an existing safetensors file");
        var t = Safetensors.Read(calib);
        if (!t.TryGetValue("x", out var x) || x.Rank < 2) throw new ArgumentException($"{calib}: needs a tensor 'x' [N, d_in] (or [N, C, H, W])");
        int count = x.Shape[0], din = x.Shape[1..].Aggregate(1, (a, b) => a * b), dout = net.Classes;
        // a conv net's [C, H, W] must match as stated; a dense net takes any sample shape of its size (flattened)
        if (din != net.InputSize || (x.Rank > 2 && net.InputShape.Length > 1 && !x.Shape[1..].SequenceEqual(net.InputShape)))
            throw new ArgumentException($"{calib}: 'x' has samples of [{Shape(x.Shape[1..])}], the model expects [{Shape(net.InputShape)}]");
        if (count < 1) throw new ArgumentException($"{calib}: 'x' has no samples");
        int take = maxCount > 0 ? Math.Min(maxCount, count) : count;
        var xs = new double[take * din];
        for (int q = 0; q < xs.Length; q++)
            if (!double.IsFinite(xs[q] = x.Data[q])) throw new ArgumentException($"{calib}: 'x' holds a non-finite value ({x.Data[q]}) at sample {q / din}, feature {q % din}");
        if (t.TryGetValue("labels", out var labels))
        {
            if (labels.Rank != 1 || labels.Shape[0] != count) throw new ArgumentException($"{calib}: 'labels' must be [N] = [{count}]");
            var y = new double[take * dout];
            for (int r = 0; r < take; r++)
            {
                double l = labels.Integers is { } ints ? ints[r] : labels.Data[r];
                if (l < 0 || l >= dout || l != Math.Floor(l)) throw new ArgumentException($"{calib}: label {l} of sample {r} is not a class in [0, {dout})");
                y[r * dout + (int)l] = 1;
            }
            return (new CalibrationSet(xs, y, take, din, dout, CalibrationLoss.SoftmaxCrossEntropy), true);
        }
        if (t.TryGetValue("y", out var ty))
        {
            if (ty.Rank != 2 || ty.Shape[0] != count || ty.Shape[1] != dout) throw new ArgumentException($"{calib}: 'y' must be [N, d_out] = [{count}, {dout}]");
            var y = new double[take * dout];
            for (int q = 0; q < y.Length; q++)
                if (!float.IsFinite(ty.Data[q])) throw new ArgumentException($"{calib}: 'y' holds a non-finite value ({ty.Data[q]}) at sample {q / dout}");
                else y[q] = ty.Data[q];
            return (new CalibrationSet(xs, y, take, din, dout, CalibrationLoss.HalfSquaredError), true);
        }
        // no targets: output-level methods only need x; use the model's own outputs as placeholder targets
        return (new CalibrationSet(xs, Forward.Run(net, xs, take), take, din, dout, CalibrationLoss.HalfSquaredError), false);
    }

    private static string Shape(int[] s) => string.Join(", ", s);
}
