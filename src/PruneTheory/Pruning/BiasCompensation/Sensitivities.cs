using PruneTheory.Random;

namespace PruneTheory.Pruning.BiasCompensation;

/// <summary>How the per-sample sensitivity g_i(x_n) of each pre-activation is obtained (spec §4.1).</summary>
public enum SensitivityKind
{
    /// <summary>‖J_i‖² exactly: one backward pass per output (Q = I).</summary>
    ExactOutput,
    /// <summary>Unbiased Rademacher estimate of ‖J_i‖² from K probe passes.</summary>
    RademacherProbes,
    /// <summary>Fisher metric Q = diag(p) − ppᵀ on softmax logits, from the d_out passes.</summary>
    Fisher,
    /// <summary>Loss level (§3.5 b): g = δ_i², δ = ∂ℓ_n/∂z_i from one ordinary backward pass.</summary>
    LossSquared,
    /// <summary>EC-Local (§3.6): g ≡ 1, no backward pass.</summary>
    Local,
    /// <summary>
    /// Gauss–Newton diagonal of the calibration loss (OBD's Hessian): Fisher Q = diag(p) − ppᵀ for softmax cross-entropy,
    /// Q = I for half squared error. d_out passes.
    /// </summary>
    GaussNewton,
}

/// <summary>Sensitivity options; the probe key is folded with the batch index and probe number.</summary>
public sealed record SensitivityOptions(SensitivityKind Kind = SensitivityKind.ExactOutput, int Probes = 16, RngKey ProbeKey = default);

/// <summary>Per-sample sensitivities G[li] (rows × n_out of layer li) by hand-written backward passes.</summary>
public static class Sensitivities
{
    /// <summary>
    /// Computes G for every layer of one stored forward pass. Cost: (#passes) × O(rows × #weights), passes =
    /// d_out (exact, Fisher), K (probes), 1 (loss level), 0 (local).
    /// </summary>
    public static double[][] Compute(Mlp net, MlpForward fw, double[] y, CalibrationLoss loss, SensitivityOptions opt, int batchIndex, int maxThreads = -1)
    {
        int L = net.Layers, rows = fw.Rows, dOut = net.OutputSize;
        var g = new double[L][];
        for (int li = 0; li < L; li++) g[li] = new double[rows * net.Sizes[li + 1]];
        switch (opt.Kind)
        {
            case SensitivityKind.Local:
                foreach (var gl in g) Array.Fill(gl, 1.0);
                break;
            case SensitivityKind.LossSquared:
                Backward(net, fw, CalibrationSet.OutputError(fw.Output, y, rows, dOut, loss), maxThreads,
                    (li, d) => AddSquares(g[li], d, 1.0));
                break;
            case SensitivityKind.GaussNewton when loss == CalibrationLoss.SoftmaxCrossEntropy:
                FisherInto(net, fw, g, maxThreads);
                break;
            case SensitivityKind.ExactOutput or SensitivityKind.GaussNewton:
                for (int k = 0; k < dOut; k++)
                    Backward(net, fw, UnitRows(rows, dOut, k), maxThreads, (li, d) => AddSquares(g[li], d, 1.0));
                break;
            case SensitivityKind.RademacherProbes:
                if (opt.Probes < 1) throw new ArgumentException($"need at least one probe, got {opt.Probes}");
                for (int k = 0; k < opt.Probes; k++)
                    Backward(net, fw, Rademacher(rows, dOut, opt.ProbeKey.FoldIn((ulong)batchIndex).FoldIn((ulong)k)), maxThreads,
                        (li, d) => AddSquares(g[li], d, 1.0 / opt.Probes));
                break;
            case SensitivityKind.Fisher:
                FisherInto(net, fw, g, maxThreads);
                break;
            default: throw new ArgumentException($"unknown sensitivity kind {opt.Kind}");
        }
        return g;
    }

    /// <summary>
    /// Backpropagates the output-side rows <paramref name="delta"/> (rows × d_out): visit(li, Δ) sees ∂(·)/∂z of layer li
    /// from the output layer down, with Δ ← (Δ·W)∘σ'(z) between layers (ReLU σ'(0) = 0).
    /// </summary>
    public static void Backward(Mlp net, MlpForward fw, double[] delta, int maxThreads, Action<int, double[]> visit)
    {
        int rows = fw.Rows;
        for (int li = net.Layers - 1; li >= 0; li--)
        {
            visit(li, delta);
            if (li == 0) break;
            int nOut = net.Sizes[li + 1], nIn = net.Sizes[li];
            var next = new double[rows * nIn];
            DoubleGemm.NN(delta, net.Weights[li], next, rows, nOut, nIn, maxThreads: maxThreads);
            var z = fw.Z[li];
            for (int q = 0; q < next.Length; q++) next[q] *= net.ActDerivative(z[q]);
            delta = next;
        }
    }

    private static void AddSquares(double[] g, double[] d, double scale)
    {
        for (int q = 0; q < g.Length; q++) g[q] += scale * d[q] * d[q];
    }

    private static double[] UnitRows(int rows, int dOut, int k)
    {
        var d = new double[rows * dOut];
        for (int r = 0; r < rows; r++) d[r * dOut + k] = 1;
        return d;
    }

    private static double[] Rademacher(int rows, int dOut, RngKey key)
    {
        var s = key.Stream();
        var d = new double[rows * dOut];
        uint bits = 0;
        for (int q = 0; q < d.Length; q++)
        {
            if (q % 32 == 0) bits = s.NextUInt32();
            d[q] = (bits & 1) == 0 ? 1 : -1;
            bits >>= 1;
        }
        return d;
    }

    /// <summary>g^F = Σ_k p_k J_ki² − (Σ_k p_k J_ki)², clamped at 0, from the d_out exact passes.</summary>
    private static void FisherInto(Mlp net, MlpForward fw, double[][] g, int maxThreads)
    {
        int rows = fw.Rows, dOut = net.OutputSize;
        var p = CalibrationSet.Softmax(fw.Output, rows, dOut);
        var p2 = g.Select(gl => new double[gl.Length]).ToArray();
        for (int k = 0; k < dOut; k++)
            Backward(net, fw, UnitRows(rows, dOut, k), maxThreads, (li, d) =>
            {
                int n = net.Sizes[li + 1];
                for (int r = 0; r < rows; r++)
                {
                    double pk = p[r * dOut + k];
                    for (int i = 0; i < n; i++) { double v = d[r * n + i]; g[li][r * n + i] += pk * v * v; p2[li][r * n + i] += pk * v; }
                }
            });
        for (int li = 0; li < g.Length; li++)
            for (int q = 0; q < g[li].Length; q++) g[li][q] = Math.Max(0, g[li][q] - p2[li][q] * p2[li][q]);
    }
}
