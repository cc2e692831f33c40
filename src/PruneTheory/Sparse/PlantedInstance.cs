using PruneTheory.Random;

namespace PruneTheory.Sparse;

/// <summary>
/// Spec §4 E1: X i.i.d. N(0,1) (n×d), W ∈ ℝ^{d×m} with min(s, dm) nonzeros placed uniformly without
/// replacement over all dm entries (not per neuron) with N(0,1) values, y = Σ_j (X W_{:,j})_+. Column
/// c = j·d + i of the fused vector holds W[i, j]. Streams as the official code maps seeds: weights from
/// seed+1, X from seed+2, IHT gates from seed (our Philox keys; numpy stream equality is not a goal).
/// </summary>
public sealed record PlantedInstance(DesignMatrix X, double[] Labels, SparseWeights Weights, int Width, RngKey GateKey)
{
    public int InputDim => X.Cols;
    public bool AllZeroLabels => Labels.All(v => v == 0);

    /// <summary>O(nd + dm + n·s).</summary>
    public static PlantedInstance Generate(RngKey root, int seed, int n, int d, int m, int s)
    {
        if (n <= 0 || d <= 0 || m <= 0 || s <= 0) throw new ArgumentException($"n, d, m, s must be positive (got {n}, {d}, {m}, {s})");
        var x = DesignMatrix.Gaussian(root.FoldIn((ulong)(seed + 2)).FoldIn("planted-x"), n, d);
        var weights = RandomSparse(root.FoldIn((ulong)(seed + 1)).FoldIn("planted-w"), d * m, Math.Min(s, d * m));
        var gateKey = root.FoldIn((ulong)seed).FoldIn("iht-gates");
        var labels = new double[n];
        new GatedReluOperator(x, m, new GateSet(gateKey, d)).Predict(weights, labels);
        return new PlantedInstance(x, labels, weights, m, gateKey);
    }

    /// <summary>k distinct positions of [0, len) (partial Fisher–Yates), N(0,1) values. O(len).</summary>
    public static SparseWeights RandomSparse(RngKey key, int len, int k)
    {
        var rng = key.Stream();
        var pos = new int[len];
        for (int i = 0; i < len; i++) pos[i] = i;
        for (int i = 0; i < k; i++) { int j = i + rng.NextInt(len - i); (pos[i], pos[j]) = (pos[j], pos[i]); }
        var chosen = pos.AsSpan(0, k).ToArray();
        var values = new double[k];
        for (int t = 0; t < k; t++) values[t] = rng.NextGaussian();
        // Values follow draw order; sort (index, value) pairs together.
        Array.Sort(chosen, values);
        return new SparseWeights(len, chosen, values);
    }

    /// <summary>A fresh on-the-fly operator over this instance's X with random gates from the seed's key.</summary>
    public GatedReluOperator Operator() => new(X, Width, new GateSet(GateKey, InputDim));
}
