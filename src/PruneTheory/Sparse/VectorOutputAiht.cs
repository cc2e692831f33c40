using System.Numerics.Tensors;
using PruneTheory.Random;

namespace PruneTheory.Sparse;

/// <summary>Settings of vector-output minibatch IHT (official <c>AIHT_step_vectoroutput</c>, cross-entropy).</summary>
public sealed record VectorOutputAihtOptions
{
    /// <summary>Nonzeros shared by W1 (d×m) and W2 (m×c) together.</summary>
    public required int Sparsity { get; init; }
    public required int Width { get; init; }
    public required int Classes { get; init; }
    public int Epochs { get; init; } = 5;
    public required int BatchSize { get; init; }

    /// <summary>Fixed step size (official: 0.001 with cross-entropy).</summary>
    public double StepSize { get; init; } = 1e-3;

    /// <summary>Diagnostic (not the official code): top-⌈s/2⌉ in W1 and top-⌊s/2⌋ in W2 separately instead of one shared top-s.</summary>
    public bool SplitBudget { get; init; }
}

/// <summary>Weights of a vector-output gated network: W1 block j = entries [j·d, (j+1)·d), W2 row j = entries
/// [d·m + j·c, d·m + (j+1)·c) of one flat vector of length d·m + m·c.</summary>
public sealed record VectorOutputWeights(int Inputs, int Width, int Classes, double[] Values)
{
    public int W1Offset(int j) => j * Inputs;
    public int W2Offset(int j) => Inputs * Width + j * Classes;
    public int NonZeros => Values.Count(v => v != 0);
}

public sealed record VectorOutputAihtResult(VectorOutputWeights Weights, int Steps, bool Diverged, string? DivergenceReason);

/// <summary>
/// Minibatch IHT for a one-hidden-layer ReLU network with c outputs, as the official vector-output code runs it
/// (spec §3.3), with exact top-s (the official code's CountSketch is not used). Logits Z = Σ_j (D_j X w1_j) w2_jᵀ
/// with D_j = diag(1{X h_j > 0}); R = (softmax(Z) − Y)/n_b; per block P_j = (D_j X)ᵀR, g1_j = P_j w2_j, g2_j = P_jᵀ w1_j
/// (the exact gradient of the mean cross-entropy with the gates held fixed). Step W ← H_s(W − μ g), H_s = top-s by
/// |value| over the concatenation [W1; W2], ties to the smaller index (no fusion, no acceleration). Gates: random
/// N(0, I_d) during epoch 0, then h_j = w1_j (the network the weights define). At each epoch's first batch every
/// inert block (w1_j = 0 or w2_j = 0) gets a Xavier-uniform re-init (the official code re-inits zero blocks).
/// Cost per batch O(n_b·d·m + n_b·m·c); memory O(n_b·m + d·m + m·c). Deterministic from the keys: every reduction
/// is a fixed-order loop, parallel work is split per block.
/// </summary>
public static class VectorOutputAiht
{
    public static VectorOutputAihtResult Solve(DesignMatrix x, ReadOnlySpan<int> labels, RngKey gateKey, RngKey initKey, RngKey shuffleKey,
        VectorOutputAihtOptions o, ParallelOptions? parallelism = null, CancellationToken cancel = default)
    {
        int n = x.Rows, d = x.Cols, m = o.Width, c = o.Classes;
        if (labels.Length != n) throw new ArgumentException("labels length differs from the number of samples");
        if (o.BatchSize <= 0 || o.Epochs < 0 || m <= 0 || c < 2 || o.Sparsity <= 0 || !(o.StepSize > 0) || double.IsInfinity(o.StepSize))
            throw new ArgumentException("batch size, width, sparsity and step must be positive, classes >= 2, epochs >= 0");
        foreach (int l in labels) if (l < 0 || l >= c) throw new ArgumentException($"label {l} outside [0, {c})");
        var y = labels.ToArray();
        var w = new VectorOutputWeights(d, m, c, new double[d * m + m * c]);
        var randomGates = new double[d * m];
        for (int j = 0; j < m; j++) gateKey.FoldIn((ulong)j).Stream().FillGaussian(randomGates.AsSpan(j * d, d));
        int batches = (n + o.BatchSize - 1) / o.BatchSize, step = 0;
        var par = parallelism ?? new ParallelOptions();
        for (int e = 0; e < o.Epochs; e++)
        {
            var order = shuffleKey.FoldIn((ulong)e).Stream().Permutation(n);
            ReinitZeroBlocks(w, initKey.FoldIn((ulong)e));
            for (int b = 0; b < batches; b++, step++)
            {
                cancel.ThrowIfCancellationRequested();
                int start = b * o.BatchSize, count = Math.Min(o.BatchSize, n - start);
                var rows = order.AsSpan(start, count);
                var xb = StochasticAiht.Rows(x, rows);
                var yb = new int[count];
                for (int i = 0; i < count; i++) yb[i] = y[rows[i]];
                var g = Gradient(xb, yb, w, e == 0 ? randomGates : w.Values.AsSpan(0, d * m).ToArray(), par, out _);
                var next = new double[w.Values.Length];
                for (int k = 0; k < next.Length; k++) next[k] = w.Values[k] - o.StepSize * g[k];
                w = w with { Values = o.SplitBudget ? KeepTopPerLayer(next, d * m, o.Sparsity) : KeepTop(next, o.Sparsity) };
                if (w.Values.Any(v => !double.IsFinite(v))) return new(w, step, true, $"epoch {e}, batch {b}: non-finite weights");
            }
        }
        return new(w, step, false, null);
    }

    /// <summary>Gradient of the mean softmax cross-entropy over the rows of <paramref name="x"/> with gates
    /// D_j = 1{X h_j &gt; 0} held fixed (h_j = gates[j·d .. (j+1)·d)); also returns that loss. O(n·d·m + n·m·c).</summary>
    public static double[] Gradient(DesignMatrix x, ReadOnlySpan<int> labels, VectorOutputWeights w, double[] gates,
        ParallelOptions par, out double loss)
    {
        int n = x.Rows, d = x.Cols, m = w.Width, c = w.Classes;
        if (w.Inputs != d || gates.Length != d * m || labels.Length != n) throw new ArgumentException("shapes of X, weights, gates and labels disagree");
        var hidden = Hidden(x, w, gates, par, out var active);
        var z = Logits(hidden, w, n);
        // R = (softmax(Z) − Y)/n and the loss, row by row.
        var r = new double[n * c];
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            var zi = z.AsSpan(i * c, c);
            double max = TensorPrimitives.Max<double>(zi), sum = 0;
            for (int k = 0; k < c; k++) sum += Math.Exp(zi[k] - max);
            total += Math.Log(sum) + max - zi[labels[i]];
            for (int k = 0; k < c; k++) r[i * c + k] = (Math.Exp(zi[k] - max) / sum - (k == labels[i] ? 1 : 0)) / n;
        }
        loss = total / n;
        var g = new double[w.Values.Length];
        Parallel.For(0, m, par, j =>
        {
            var w2 = w.Values.AsSpan(w.W2Offset(j), c);
            var t = new double[n]; // t = D_j (R w2_j)
            for (int i = 0; i < n; i++) if (active[j][i]) t[i] = TensorPrimitives.Dot<double>(r.AsSpan(i * c, c), w2);
            var g1 = g.AsSpan(w.W1Offset(j), d);
            for (int f = 0; f < d; f++) g1[f] = TensorPrimitives.Dot(x.Column(f), t);
            var g2 = g.AsSpan(w.W2Offset(j), c); // g2 = Rᵀ (D_j X w1_j)
            var hj = hidden.AsSpan(j * n, n);
            for (int i = 0; i < n; i++) if (hj[i] != 0) TensorPrimitives.MultiplyAdd(r.AsSpan(i * c, c), hj[i], g2, g2);
        });
        return g;
    }

    /// <summary>Logits relu(X W1) W2 (gates = W1), row-major n×c. O(n·d·m + n·m·c).</summary>
    public static double[] Predict(DesignMatrix x, VectorOutputWeights w, ParallelOptions? par = null)
    {
        var hidden = Hidden(x, w, w.Values.AsSpan(0, w.Inputs * w.Width).ToArray(), par ?? new(), out _);
        return Logits(hidden, w, x.Rows);
    }

    /// <summary>Fraction of rows whose largest logit (ties → smaller class) is the label.</summary>
    public static double Accuracy(double[] logits, ReadOnlySpan<int> labels, int classes)
    {
        int hits = 0;
        for (int i = 0; i < labels.Length; i++)
            if (TensorPrimitives.IndexOfMax<double>(logits.AsSpan(i * classes, classes)) == labels[i]) hits++;
        return hits / (double)labels.Length;
    }

    /// <summary>Zeroes all but the top-s entries by |value| (ties → smaller index; NaN largest). O(N log s).</summary>
    public static double[] KeepTop(double[] v, int s)
    {
        var top = new TopSelector(Math.Min(s, v.Length));
        for (int k = 0; k < v.Length; k++) if (v[k] != 0 || double.IsNaN(v[k])) top.Offer(k, v[k]);
        var kept = top.ToSparse(v.Length);
        var result = new double[v.Length];
        for (int t = 0; t < kept.Count; t++) result[kept.Indices[t]] = kept.Values[t];
        return result;
    }

    /// <summary>Top-⌈s/2⌉ of the first <paramref name="w1Length"/> entries and top-⌊s/2⌋ of the rest. O(N log s).</summary>
    public static double[] KeepTopPerLayer(double[] v, int w1Length, int s)
    {
        var first = KeepTop(v[..w1Length], (s + 1) / 2);
        var second = KeepTop(v[w1Length..], s / 2);
        return [.. first, .. second];
    }

    /// <summary>Xavier-uniform values (bounds √(6/(d+m)) for W1, √(6/(m+c)) for W2) in every block j whose neuron is
    /// inert (w1_j = 0 or w2_j = 0). Reading "zero block" as "all of (w1_j, w2_j) zero" leaves neurons with w1_j = 0
    /// dead forever once the gates are h_j = w1_j (measured: chance accuracy at s = 200), so inert counts as zero.</summary>
    public static void ReinitZeroBlocks(VectorOutputWeights w, RngKey key)
    {
        int d = w.Inputs, m = w.Width, c = w.Classes;
        double a1 = Math.Sqrt(6.0 / (d + m)), a2 = Math.Sqrt(6.0 / (m + c));
        for (int j = 0; j < m; j++)
        {
            var w1 = w.Values.AsSpan(w.W1Offset(j), d); var w2 = w.Values.AsSpan(w.W2Offset(j), c);
            if (w1.ContainsAnyExcept(0.0) && w2.ContainsAnyExcept(0.0)) continue; // the neuron contributes: keep it
            var rng = key.FoldIn((ulong)j).Stream();
            rng.FillUniform(w1, -a1, a1); rng.FillUniform(w2, -a2, a2);
        }
    }

    // Hidden activations (column j = D_j X w1_j, length n) and the gate masks. Per block, fixed order.
    private static double[] Hidden(DesignMatrix x, VectorOutputWeights w, double[] gates, ParallelOptions par, out bool[][] active)
    {
        int n = x.Rows, d = x.Cols, m = w.Width;
        var hidden = new double[n * m];
        var act = new bool[m][];
        Parallel.For(0, m, par, j =>
        {
            var pre = new double[n];
            var gate = new double[n];
            var w1 = w.Values.AsSpan(w.W1Offset(j), d); var h = gates.AsSpan(j * d, d);
            for (int f = 0; f < d; f++)
            {
                if (w1[f] != 0) TensorPrimitives.MultiplyAdd(x.Column(f), w1[f], pre, pre);
                if (h[f] != 0) TensorPrimitives.MultiplyAdd(x.Column(f), h[f], gate, gate);
            }
            act[j] = new bool[n];
            for (int i = 0; i < n; i++) if (gate[i] > 0) { act[j][i] = true; hidden[j * n + i] = pre[i]; }
        });
        active = act;
        return hidden;
    }

    private static double[] Logits(double[] hidden, VectorOutputWeights w, int n)
    {
        int m = w.Width, c = w.Classes;
        var z = new double[n * c];
        for (int j = 0; j < m; j++)
        {
            var w2 = w.Values.AsSpan(w.W2Offset(j), c);
            if (!w2.ContainsAnyExcept(0.0)) continue;
            for (int i = 0; i < n; i++) if (hidden[j * n + i] != 0) TensorPrimitives.MultiplyAdd(w2, hidden[j * n + i], z.AsSpan(i * c, c), z.AsSpan(i * c, c));
        }
        return z;
    }
}
