using PruneTheory.Random;

namespace PruneTheory.Sparse;

/// <summary>
/// Spec §4 E1 variants (official <c>planted_nn_model.get_weights</c> / <c>apply_model</c>): each layer holds
/// min(⌊s/L⌋, size) nonzeros uniform over its entries with N(0,1) values, L = the number of weight layers. Two hidden
/// layers (scalar output, fused): W1 (d×m), W2 (m×m), y = Σ_j (relu(X W1) w2_j)_+. Vector output (c outputs): W1 (d×m),
/// W2 (m×c), Y = relu(X W1) W2 (no final ReLU). Layouts: unit j's inputs are the block [j·in, (j+1)·in); W2 of the vector
/// network is row j = [d·m + j·c, d·m + (j+1)·c) (<see cref="VectorOutputWeights"/>). Keys as <see cref="PlantedInstance"/>.
/// </summary>
public static class PlantedVariants
{
    /// <summary>A two-hidden-layer planted network and its noiseless data. O(n·(d + m) + d·m + m²).</summary>
    public static PlantedDeepInstance Deep(RngKey root, int seed, int n, int d, int m, int s)
    {
        if (n <= 0 || d <= 0 || m <= 0 || s < 2) throw new ArgumentException($"n, d, m must be positive and s >= 2 (got {n}, {d}, {m}, {s})");
        var x = DesignMatrix.Gaussian(root.FoldIn((ulong)(seed + 2)).FoldIn("planted-x"), n, d);
        var wKey = root.FoldIn((ulong)(seed + 1)).FoldIn("planted-w");
        var w1 = PlantedInstance.RandomSparse(wKey.FoldIn(0UL), d * m, Math.Min(s / 2, d * m));
        var w2 = PlantedInstance.RandomSparse(wKey.FoldIn(1UL), m * m, Math.Min(s / 2, m * m));
        var labels = new double[n];
        var hidden = Hidden(x, w1, m);
        new GatedReluOperator(hidden, m, new GateSet(default, m)).Predict(w2, labels);
        return new PlantedDeepInstance(x, labels, w1, w2, m, root.FoldIn((ulong)seed).FoldIn("iht-gates"));
    }

    /// <summary>A vector-output planted network and its targets (row-major n×c). O(n·(d + s + m·c)).</summary>
    public static PlantedVectorInstance Vector(RngKey root, int seed, int n, int d, int m, int c, int s)
    {
        if (n <= 0 || d <= 0 || m <= 0 || c <= 0 || s < 2) throw new ArgumentException($"n, d, m, c must be positive and s >= 2 (got {n}, {d}, {m}, {c}, {s})");
        var x = DesignMatrix.Gaussian(root.FoldIn((ulong)(seed + 2)).FoldIn("planted-x"), n, d);
        var wKey = root.FoldIn((ulong)(seed + 1)).FoldIn("planted-w");
        var w1 = PlantedInstance.RandomSparse(wKey.FoldIn(0UL), d * m, Math.Min(s / 2, d * m));
        var w2 = PlantedInstance.RandomSparse(wKey.FoldIn(1UL), m * c, Math.Min(s / 2, m * c));
        var truth = new VectorOutputWeights(d, m, c, new SparseWeights(d * m + m * c,
            [.. w1.Indices, .. w2.Indices.Select(i => i + d * m)], [.. w1.Values, .. w2.Values]));
        var targets = VectorOutputAiht.Predict(x, truth);
        return new PlantedVectorInstance(x, targets, truth, root.FoldIn((ulong)seed).FoldIn("iht-gates"));
    }

    /// <summary>relu(X W) as an n×m design matrix (column j = (X w_j)_+; w in the fused block layout). O(n·(nnz + m)).</summary>
    public static DesignMatrix Hidden(DesignMatrix x, SparseWeights w, int m)
    {
        int n = x.Rows, d = x.Cols;
        if (w.Length != d * m) throw new ArgumentException($"weights of length {w.Length}, expected {d}·{m}");
        var data = new double[(long)n * m];
        for (int t = 0; t < w.Count; t++)
        {
            int j = w.Indices[t] / d, i = w.Indices[t] - j * d;
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(x.Column(i), w.Values[t], data.AsSpan(j * n, n), data.AsSpan(j * n, n));
        }
        for (long k = 0; k < data.Length; k++) if (!(data[k] > 0)) data[k] = 0;
        return new DesignMatrix(n, m, data);
    }
}

public sealed record PlantedDeepInstance(DesignMatrix X, double[] Labels, SparseWeights W1, SparseWeights W2, int Width, RngKey GateKey)
{
    public bool AllZeroLabels => Labels.All(v => v == 0);
}

public sealed record PlantedVectorInstance(DesignMatrix X, double[] Targets, VectorOutputWeights Truth, RngKey GateKey)
{
    public bool AllZeroTargets => Targets.All(v => v == 0);
    public double Peak => RecoveryMetrics.Peak(Targets);
}

/// <summary>Result of a layer-wise fit: each layer's AIHT run and the network's final PSNR (NaN when a layer diverged).</summary>
public sealed record LayerwiseAihtResult(IReadOnlyList<AihtResult> Layers, double Psnr)
{
    public bool Diverged => Layers.Any(l => l.Diverged);
    public string? DivergenceReason => Layers.FirstOrDefault(l => l.Diverged)?.DivergenceReason;
}

/// <summary>
/// AIHT for L hidden layers as the official runner does it (<c>runner.py</c>, task mlp_planted, scalar output): layer l
/// is fitted as a fused two-layer network (output weights +1) to the labels y on the inputs H_l (H_0 = X), budget ⌊s/L⌋,
/// with gates from the same seed; then H_{l+1} = relu(H_l W_l). The reported PSNR is the last layer's fit of y, peak
/// max|y|. Cost: L AIHT runs, the first on d·m columns, the others on m·m.
/// </summary>
public static class LayerwiseAiht
{
    public static LayerwiseAihtResult Solve(DesignMatrix x, double[] y, int width, int layers, int sparsity, AihtOptions perLayer, RngKey gateKey,
        ParallelOptions? parallelism = null, CancellationToken cancel = default) =>
        Solve(x, y, width, layers, sparsity, perLayer, (_, inputs) => new GateSet(gateKey, inputs), parallelism, cancel);

    /// <summary>The fit with explicit random gates per layer: <paramref name="gates"/>(layer, input dimension).</summary>
    public static LayerwiseAihtResult Solve(DesignMatrix x, double[] y, int width, int layers, int sparsity, AihtOptions perLayer, Func<int, int, GateSet> gates,
        ParallelOptions? parallelism = null, CancellationToken cancel = default)
    {
        if (layers < 1 || sparsity / layers < 1) throw new ArgumentException($"need at least one layer and one nonzero per layer (got L = {layers}, s = {sparsity})");
        var runs = new List<AihtResult>();
        var inputs = x;
        GatedReluOperator? op = null;
        for (int l = 0; l < layers; l++)
        {
            if (l > 0) inputs = PlantedVariants.Hidden(inputs, runs[^1].Weights, width);
            op = new GatedReluOperator(inputs, width, gates(l, inputs.Cols)) { Parallelism = parallelism ?? new() };
            var res = Aiht.Solve(op, y, perLayer with { Sparsity = sparsity / layers }, cancel);
            runs.Add(res);
            if (res.Diverged) return new(runs, double.NaN);
        }
        var yHat = new double[y.Length];
        op!.Predict(runs[^1].Weights, yHat);
        return new(runs, RecoveryMetrics.Psnr(y, yHat, RecoveryMetrics.Peak(y)));
    }
}
