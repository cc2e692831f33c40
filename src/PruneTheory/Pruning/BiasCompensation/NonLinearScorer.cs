namespace PruneTheory.Pruning.BiasCompensation;

/// <summary>
/// The expensive "non-linear" baseline (§6): for each weight, remove it, shift b_i, and measure the true output
/// deviation D = mean‖f' − f‖² on the first <paramref name="evaluationSamples"/> calibration samples by re-running
/// the network downstream of z_i only. Refit: golden-section search of δb over [w·min a_j, w·max a_j] widened 10 %
/// (28 evaluations, plus δb*; ≤ 30 in all); cheap variant: δb = δb* and one evaluation. Importance = D at the chosen
/// δb, bias shift = that δb. Cost ≈ #weights × #evaluations × E × downstream width.
/// </summary>
/// <remarks><paramref name="only"/>(layer, index), if given, restricts the measurement to those weights (others score 0, shift 0).</remarks>
public sealed class NonLinearScorer(int evaluationSamples = 64, bool refit = false, int maxThreads = -1, Func<int, int, bool>? only = null) : IImportanceScorer
{
    private const int GoldenEvaluations = 28;
    public string Name => refit ? "NonLinear" : "NonLinear(δb*)";

    public Importance Score(Mlp net, CalibrationSet calib)
    {
        var ec = CompensationStatistics.Accumulate(net, calib, new SensitivityOptions()).Scores();
        var eval = calib.Slice(0, Math.Min(evaluationSamples, calib.Count));
        var fw = MlpForward.Run(net, eval.X, eval.Count);
        int E = eval.Count, L = net.Layers;
        var scores = new double[L][]; var shifts = new double[L][];
        for (int li = 0; li < L; li++)
        {
            int nOut = net.Sizes[li + 1], nIn = net.Sizes[li], layer = li;
            scores[li] = new double[nOut * nIn]; shifts[li] = new double[nOut * nIn];
            var aT = DoubleGemm.Transpose(fw.A[li], E, nIn);           // a_j over samples, contiguous
            var zT = DoubleGemm.Transpose(fw.Z[li + 1], E, nOut);
            Parallel.For(0, nOut, PruneTheory.Numerics.Parallelism.Options(maxThreads), i =>
            {
                var dev = new Deviation(net, fw, layer, i, zT.AsSpan(i * E, E).ToArray());
                for (int j = 0; j < nIn; j++)
                {
                    int q = i * nIn + j;
                    double w = net.Weights[layer][q];
                    if (w == 0 || (only != null && !only(layer, q))) continue;   // already pruned: removing it changes nothing
                    var a = aT.AsSpan(j * E, E);
                    double star = ec.DeltaB[layer][q], best = dev.Measure(w, a, star), bestB = star;
                    if (refit) (bestB, best) = GoldenSection(dev, w, a, bestB, best);
                    scores[layer][q] = best; shifts[layer][q] = bestB;
                }
            });
        }
        return new Importance(scores, shifts);
    }

    private static (double B, double D) GoldenSection(Deviation dev, double w, ReadOnlySpan<double> a, double bestB, double best)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double v in a) { lo = Math.Min(lo, w * v); hi = Math.Max(hi, w * v); }
        double pad = 0.05 * (hi - lo);
        lo -= pad; hi += pad;
        if (!(hi > lo)) return (bestB, best);
        const double invPhi = 0.6180339887498949;
        double x1 = hi - invPhi * (hi - lo), x2 = lo + invPhi * (hi - lo);
        double f1 = dev.Measure(w, a, x1), f2 = dev.Measure(w, a, x2);
        void Keep(double x, double f, ref double bb, ref double bd) { if (f < bd) { bd = f; bb = x; } }
        Keep(x1, f1, ref bestB, ref best); Keep(x2, f2, ref bestB, ref best);
        for (int it = 2; it < GoldenEvaluations; it++)
        {
            if (f1 <= f2) { hi = x2; x2 = x1; f2 = f1; x1 = hi - invPhi * (hi - lo); f1 = dev.Measure(w, a, x1); Keep(x1, f1, ref bestB, ref best); }
            else { lo = x1; x1 = x2; f1 = f2; x2 = lo + invPhi * (hi - lo); f2 = dev.Measure(w, a, x2); Keep(x2, f2, ref bestB, ref best); }
        }
        return (bestB, best);
    }

    /// <summary>Measures D when only z_i of layer li changes by δb − w·a_j, propagating through the later layers per sample.</summary>
    private sealed class Deviation
    {
        private readonly Mlp _net; private readonly MlpForward _fw; private readonly int _li, _i; private readonly double[] _z;
        private readonly double[] _column; private readonly double[][] _buf;

        public Deviation(Mlp net, MlpForward fw, int li, int i, double[] zi)
        {
            _net = net; _fw = fw; _li = li; _i = i; _z = zi;
            int L = net.Layers;
            _column = li + 1 < L ? Enumerable.Range(0, net.Sizes[li + 2]).Select(k => net.Weights[li + 1][k * net.Sizes[li + 1] + i]).ToArray() : [];
            _buf = Enumerable.Range(0, L + 1).Select(l => new double[net.Sizes[l]]).ToArray();
        }

        public double Measure(double w, ReadOnlySpan<double> a, double deltaB)
        {
            int E = _z.Length, L = _net.Layers;
            double sum = 0;
            for (int n = 0; n < E; n++)
            {
                double dz = deltaB - w * a[n];
                if (_li == L - 1) { sum += dz * dz; continue; }
                double da = _net.Act(_z[n] + dz) - _net.Act(_z[n]);
                if (da == 0) continue;
                int l = _li + 2, width = _net.Sizes[l];
                var z = _buf[l];
                for (int k = 0; k < width; k++) z[k] = _fw.Z[l][n * width + k] + da * _column[k];
                for (; l < L; l++)
                {
                    var act = _buf[l];
                    for (int k = 0; k < act.Length; k++) act[k] = _net.Act(act[k]);
                    int nNext = _net.Sizes[l + 1];
                    var next = _buf[l + 1];
                    for (int k = 0; k < nNext; k++)
                        next[k] = System.Numerics.Tensors.TensorPrimitives.Dot(_net.Weights[l].AsSpan(k * act.Length, act.Length), act) + _net.Biases[l][k];
                }
                var f = _buf[L];
                for (int k = 0; k < f.Length; k++) { double d = f[k] - _fw.Output[n * f.Length + k]; sum += d * d; }
            }
            return sum / E;
        }
    }
}
