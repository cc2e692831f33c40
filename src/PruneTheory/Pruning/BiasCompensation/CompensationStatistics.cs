namespace PruneTheory.Pruning.BiasCompensation;

/// <summary>
/// Sums over the calibration set, per layer li (W of n_out × n_in): M0_i = Σ_n g_i, M1_ij = Σ_n g_i a_j,
/// M2_ij = Σ_n g_i a_j², in float64, from two matrix products per batch (M1 += GᵀA, M2 += Gᵀ(A∘A)) (spec §4.2).
/// Memory 2·#weights doubles; cost per batch (#passes + 2) × O(rows × #weights).
/// </summary>
public sealed class CompensationStatistics
{
    public double[][] M0 { get; }
    public double[][] M1 { get; }
    public double[][] M2 { get; }
    public long Samples { get; private set; }
    public Mlp Network { get; }

    private CompensationStatistics(Mlp net)
    {
        Network = net;
        int L = net.Layers;
        M0 = new double[L][]; M1 = new double[L][]; M2 = new double[L][];
        for (int li = 0; li < L; li++)
        {
            M0[li] = new double[net.Sizes[li + 1]];
            M1[li] = new double[net.Weights[li].Length];
            M2[li] = new double[net.Weights[li].Length];
        }
    }

    /// <summary>Accumulates over <paramref name="calib"/> in consecutive batches of <paramref name="batchSize"/> rows.</summary>
    public static CompensationStatistics Accumulate(Mlp net, CalibrationSet calib, SensitivityOptions opt, int batchSize = 1000, int maxThreads = -1)
    {
        ArgumentNullException.ThrowIfNull(net); ArgumentNullException.ThrowIfNull(calib); ArgumentNullException.ThrowIfNull(opt);
        if (calib.InputSize != net.InputSize || calib.OutputSize != net.OutputSize)
            throw new ArgumentException($"calibration set is {calib.InputSize}→{calib.OutputSize}, network is {net.InputSize}→{net.OutputSize}");
        if (batchSize < 1) throw new ArgumentException($"batch size must be positive, got {batchSize}");
        var st = new CompensationStatistics(net);
        int batch = 0;
        for (int start = 0; start < calib.Count; start += batchSize, batch++)
        {
            var part = calib.Slice(start, Math.Min(batchSize, calib.Count - start));
            var fw = MlpForward.Run(net, part.X, part.Count, maxThreads);
            var g = Sensitivities.Compute(net, fw, part.Y, calib.Loss, opt, batch, maxThreads);
            st.Add(fw, g, maxThreads);
        }
        return st;
    }

    private void Add(MlpForward fw, double[][] g, int maxThreads)
    {
        int rows = fw.Rows;
        for (int li = 0; li < Network.Layers; li++)
        {
            int nOut = Network.Sizes[li + 1], nIn = Network.Sizes[li];
            var a = fw.A[li];
            if (SparseStatistics.Density(a) < SparseStatistics.MaxDensity)
                SparseStatistics.Accumulate(g[li], a, M1[li], M2[li], nOut, rows, nIn, maxThreads);
            else
            {
                var aa = new double[a.Length];
                System.Numerics.Tensors.TensorPrimitives.Multiply(a, a, aa);
                DoubleGemm.TN(g[li], a, M1[li], nOut, rows, nIn, accumulate: true, maxThreads: maxThreads);
                DoubleGemm.TN(g[li], aa, M2[li], nOut, rows, nIn, accumulate: true, maxThreads: maxThreads);
            }
            var m0 = M0[li];
            for (int r = 0; r < rows; r++)
                for (int i = 0; i < nOut; i++) m0[i] += g[li][r * nOut + i];
        }
        Samples += rows;
    }

    /// <summary>Units with m0_i ≤ 1e-12·max(m0) of their layer (g ≡ 0 on the calibration set).</summary>
    public bool[] DeadUnits(int li)
    {
        var m0 = M0[li];
        double max = 0;
        foreach (double v in m0) max = Math.Max(max, v);
        return m0.Select(v => v <= 1e-12 * max).ToArray();
    }

    /// <summary>EC quantities of every weight from these sums (see <see cref="CompensationScores.FromSums"/>).</summary>
    public CompensationScores Scores() => CompensationScores.FromSums(Network.Weights, M0, M1, M2, Samples);
}

/// <summary>Per-weight EC score S, uncompensated S⁰, bias shift ΔB (row-major like W) and dead-unit flags per layer.</summary>
public sealed record CompensationScores(double[][] S, double[][] S0, double[][] DeltaB, bool[][] Dead)
{
    /// <summary>
    /// S = max(0, W²(M2 − M1·M1/m0))/N, S⁰ = W²M2/N, ΔB = W·M1/m0 per weight (W row-major n_out × n_in per layer, m0 of n_out);
    /// rows with m0_i ≤ 1e-12·max(m0) are dead: S = S⁰ = ΔB = 0. O(#weights).
    /// </summary>
    public static CompensationScores FromSums(double[][] weights, double[][] m0s, double[][] m1s, double[][] m2s, long samples)
    {
        int L = weights.Length;
        var s = new double[L][]; var s0 = new double[L][]; var db = new double[L][]; var dead = new bool[L][];
        double n = samples;
        for (int li = 0; li < L; li++)
        {
            var w = weights[li]; var m0v = m0s[li];
            int nOut = m0v.Length, nIn = w.Length / nOut;
            s[li] = new double[w.Length]; s0[li] = new double[w.Length]; db[li] = new double[w.Length];
            double max = 0;
            foreach (double v in m0v) max = Math.Max(max, v);
            dead[li] = m0v.Select(v => v <= 1e-12 * max).ToArray();
            for (int i = 0; i < nOut; i++)
            {
                if (dead[li][i]) continue;
                double m0 = m0v[i];
                for (int j = 0; j < nIn; j++)
                {
                    int q = i * nIn + j;
                    double m1 = m1s[li][q], m2 = m2s[li][q], wq = w[q];
                    db[li][q] = wq * m1 / m0;
                    s[li][q] = Math.Max(0, wq * wq * (m2 - m1 * (m1 / m0))) / n;
                    s0[li][q] = wq * wq * m2 / n;
                }
            }
        }
        return new CompensationScores(s, s0, db, dead);
    }
}
