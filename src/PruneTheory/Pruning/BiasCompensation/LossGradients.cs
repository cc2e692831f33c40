namespace PruneTheory.Pruning.BiasCompensation;

/// <summary>Mean-loss gradients ∂L/∂W (row-major like W) and ∂L/∂b per layer.</summary>
public sealed record LossGradients(double[][] Weights, double[][] Biases)
{
    /// <summary>Gradient of the mean calibration loss by ordinary backprop in batches. O(N × #weights).</summary>
    public static LossGradients Compute(Mlp net, CalibrationSet calib, int batchSize = 1000, int maxThreads = -1)
    {
        int L = net.Layers;
        var gw = net.Weights.Select(w => new double[w.Length]).ToArray();
        var gb = net.Biases.Select(b => new double[b.Length]).ToArray();
        for (int start = 0; start < calib.Count; start += batchSize)
        {
            var part = calib.Slice(start, Math.Min(batchSize, calib.Count - start));
            var fw = MlpForward.Run(net, part.X, part.Count, maxThreads);
            var err = CalibrationSet.OutputError(fw.Output, part.Y, part.Count, net.OutputSize, calib.Loss);
            Sensitivities.Backward(net, fw, err, maxThreads, (li, d) =>
            {
                int nOut = net.Sizes[li + 1], nIn = net.Sizes[li];
                DoubleGemm.TN(d, fw.A[li], gw[li], nOut, part.Count, nIn, accumulate: true, maxThreads: maxThreads);
                for (int r = 0; r < part.Count; r++)
                    for (int i = 0; i < nOut; i++) gb[li][i] += d[r * nOut + i];
            });
        }
        double inv = 1.0 / calib.Count;
        for (int li = 0; li < L; li++)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(gw[li], inv, gw[li]);
            System.Numerics.Tensors.TensorPrimitives.Multiply(gb[li], inv, gb[li]);
        }
        return new LossGradients(gw, gb);
    }
}

/// <summary>
/// Loss-level second-order score with gradient terms (§3.5 c): S^L = −w g_w + ½w²H_ww − (w H_wb − g_b)²/(2H_bb),
/// ranked signed; per-weight shift w H_wb/H_bb plus row offset −g_b/H_bb. H from exact (Q = I, half squared error)
/// or Fisher (cross-entropy) sensitivities.
/// </summary>
public sealed class LossSecondOrderScorer : IImportanceScorer
{
    public string Name => "EC-Loss2";

    public Importance Score(Mlp net, CalibrationSet calib)
    {
        var kind = calib.Loss == CalibrationLoss.SoftmaxCrossEntropy ? SensitivityKind.Fisher : SensitivityKind.ExactOutput;
        var st = CompensationStatistics.Accumulate(net, calib, new SensitivityOptions(kind));
        var grads = LossGradients.Compute(net, calib);
        double n = st.Samples;
        var scores = new double[net.Layers][]; var shifts = new double[net.Layers][]; var offsets = new double[net.Layers][];
        for (int li = 0; li < net.Layers; li++)
        {
            int nOut = net.Sizes[li + 1], nIn = net.Sizes[li];
            var w = net.Weights[li]; var dead = st.DeadUnits(li);
            scores[li] = new double[w.Length]; shifts[li] = new double[w.Length]; offsets[li] = new double[nOut];
            for (int i = 0; i < nOut; i++)
            {
                double hbb = st.M0[li][i] / n, gb = grads.Biases[li][i];
                if (!dead[i]) offsets[li][i] = -gb / hbb;
                for (int j = 0; j < nIn; j++)
                {
                    int q = i * nIn + j;
                    double wq = w[q], first = -wq * grads.Weights[li][q];
                    if (dead[i]) { scores[li][q] = first; continue; }
                    double hww = st.M2[li][q] / n, hwb = st.M1[li][q] / n, r = wq * hwb - gb;
                    scores[li][q] = first + 0.5 * wq * wq * hww - r * r / (2 * hbb);
                    shifts[li][q] = wq * hwb / hbb;
                }
            }
        }
        return new Importance(scores, shifts, offsets);
    }
}
