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
/// Loss-level second-order score with gradient terms (§3.5 c). Removing w_ij and re-optimising b_i on the quadratic
/// model gives ΔL = S^L = −w g_w + ½w²H_ww − (w H_wb − g_b)²/(2H_bb); its last term holds the bias-only gain
/// −g_b²/(2H_bb), the same for every weight of row i, which the bias could take without pruning anything. Ranked by
/// what the removal itself costs, S^L + g_b²/(2H_bb) = −w g_w + w H_wb g_b/H_bb + ½w²(H_ww − H_wb²/H_bb) (signed;
/// H_wb² ≤ H_ww H_bb keeps the curvature term ≥ 0 and H_wb/H_bb is a g-weighted mean of a_j, so it stays bounded when
/// H_bb is tiny). Per-weight shift w H_wb/H_bb plus a Levenberg-damped row offset −g_b/(H_bb + λ), λ = the mean H_bb
/// of the layer, so a near-zero H_bb (first-layer median 1e-4, minimum 7e-15 on the reference LeNet) cannot move the
/// bias far. H from exact (Q = I, half squared error) or Fisher (cross-entropy) sensitivities. Dead units: −w g_w only.
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
            double lambda = st.M0[li].Average() / n;
            scores[li] = new double[w.Length]; shifts[li] = new double[w.Length]; offsets[li] = new double[nOut];
            for (int i = 0; i < nOut; i++)
            {
                double hbb = st.M0[li][i] / n, gb = grads.Biases[li][i];
                if (!dead[i]) offsets[li][i] = -gb / (hbb + lambda);
                for (int j = 0; j < nIn; j++)
                {
                    int q = i * nIn + j;
                    double wq = w[q], first = -wq * grads.Weights[li][q];
                    if (dead[i]) { scores[li][q] = first; continue; }
                    double hww = st.M2[li][q] / n, hwb = st.M1[li][q] / n;
                    scores[li][q] = first + wq * hwb * gb / hbb + 0.5 * wq * wq * Math.Max(0, hww - hwb * hwb / hbb);
                    shifts[li][q] = wq * hwb / hbb;
                }
            }
        }
        return new Importance(scores, shifts, offsets);
    }
}
