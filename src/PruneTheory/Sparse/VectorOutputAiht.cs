using System.Numerics.Tensors;
using PruneTheory.Random;

namespace PruneTheory.Sparse;

/// <summary>
/// Minibatch IHT for a one-hidden-layer ReLU network with c outputs, as the official vector-output code runs it
/// (spec §3.3; <c>sparse_AIHT.py</c>, <c>stochastic_AIHT</c> + <c>AIHT_step_vectoroutput</c> with cross-entropy, or with
/// the squared loss R = (Z − Y)/n_b via <see cref="SolveRegression"/>; one batch = the official full-batch <c>AIHT</c>), with
/// exact top-s (the official code's CountSketch ranking is not used). Logits Z = Σ_j (D_j X w1_j) w2_jᵀ with
/// D_j = diag(1{X h_j &gt; 0}); R = (softmax(Z) − Y)/n_b; per block P_j = (D_j X)ᵀR, g1_j = P_j w2_j, g2_j = P_jᵀ w1_j
/// (the gradient of the mean cross-entropy with the gates held fixed, computed as Xᵀ D_j (R w2_j) and Rᵀ(D_j X w1_j)); candidates w − μg merged block by block
/// (<see cref="VectorMerge"/>; no acceleration). At the first batch of every epoch a block whose max(w1_j) = 0 is
/// re-drawn from U(±1/√(d·m)) and one whose max(w2_j) = 0 from U(±1/√(m·c)), each layer on its own, before its
/// gradient (the logits use the weights as they are; with one batch per epoch only at step 0, as <c>AIHT</c> passes
/// epoch = step). Gates: random until the pattern update of
/// <see cref="VectorOutputAihtOptions.PatternPeriod"/>, then h_j = w1_j of the weights after the qualifying step.
/// Cost per batch O(n_b·m·(d + c)) plus the streamed merge, O(m·(s + d)·log s) at worst; memory
/// O(s + d + n_b·c + G·(n_b + d + c)) with G = 16 blocks in flight: nothing of
/// size d·m. Deterministic from the draws: every reduction is a fixed-order loop, parallel work is split per block.
/// </summary>
public static class VectorOutputAiht
{
    /// <summary>Blocks whose candidates are computed in parallel before their (sequential) merge.</summary>
    private const int Group = GatedReluOperator.ChunkCount;

    public static VectorOutputAihtResult Solve(DesignMatrix x, ReadOnlySpan<int> labels, RngKey gateKey, RngKey initKey, RngKey shuffleKey,
        VectorOutputAihtOptions o, ParallelOptions? parallelism = null, CancellationToken cancel = default) =>
        Solve(x, labels, new KeyedVectorOutputDraws(gateKey, initKey, shuffleKey), o, parallelism, null, cancel);

    /// <summary>The run with explicit draws; <paramref name="onStep"/> sees (global step, weights after it, the batch's
    /// mean cross-entropy before it).</summary>
    public static VectorOutputAihtResult Solve(DesignMatrix x, ReadOnlySpan<int> labels, IVectorOutputDraws draws, VectorOutputAihtOptions o,
        ParallelOptions? parallelism = null, Action<int, VectorOutputWeights, double>? onStep = null, CancellationToken cancel = default)
    {
        o.Validate();
        int n = x.Rows, c = o.Classes;
        if (o.Loss != VectorLoss.CrossEntropy) throw new ArgumentException("class labels need the cross-entropy loss; use SolveRegression for targets");
        if (labels.Length != n) throw new ArgumentException("labels length differs from the number of samples");
        foreach (int l in labels) if (l < 0 || l >= c) throw new ArgumentException($"label {l} outside [0, {c})");
        var y = labels.ToArray();
        return Run(x, rows =>
        {
            var yb = new int[rows.Length];
            for (int i = 0; i < rows.Length; i++) yb[i] = y[rows[i]];
            return z => CrossEntropyResidual(z, yb, c);
        }, draws, o, parallelism, onStep, cancel);
    }

    /// <summary>The official vector-output run with the squared loss on real targets (row-major n×c; the planted
    /// vector-output experiment): R = (Z − Y)/n_b; <paramref name="onStep"/> sees the batch's mean squared error before the step.</summary>
    public static VectorOutputAihtResult SolveRegression(DesignMatrix x, double[] targetsRowMajor, IVectorOutputDraws draws, VectorOutputAihtOptions o,
        ParallelOptions? parallelism = null, Action<int, VectorOutputWeights, double>? onStep = null, CancellationToken cancel = default)
    {
        o.Validate();
        int n = x.Rows, c = o.Classes;
        if (o.Loss != VectorLoss.SquaredError) throw new ArgumentException("real targets need the squared loss");
        if (targetsRowMajor.Length != (long)n * c) throw new ArgumentException($"targets have {targetsRowMajor.Length} entries, expected {n}×{c}");
        if (targetsRowMajor.Any(v => !double.IsFinite(v))) throw new ArgumentException("targets must be finite");
        return Run(x, rows =>
        {
            var yb = new double[rows.Length * c];
            for (int i = 0; i < rows.Length; i++) targetsRowMajor.AsSpan(rows[i] * c, c).CopyTo(yb.AsSpan(i * c, c));
            return z => SquaredResidual(z, yb, c);
        }, draws, o, parallelism, onStep, cancel);
    }

    // The loop of stochastic_AIHT (several batches) or of AIHT (one batch: the official full-batch path, where the
    // re-initialisation runs at step 0 only because AIHT passes epoch = step).
    private static VectorOutputAihtResult Run(DesignMatrix x, Func<int[], Func<double[], (double[] R, double Loss)>> batchResidual,
        IVectorOutputDraws draws, VectorOutputAihtOptions o, ParallelOptions? parallelism, Action<int, VectorOutputWeights, double>? onStep, CancellationToken cancel)
    {
        int n = x.Rows, d = x.Cols, m = o.Width, c = o.Classes;
        if ((long)d * m + (long)m * c > int.MaxValue) throw new ArgumentException("d·m + m·c exceeds the index range");
        var w = VectorOutputWeights.Empty(d, m, c);
        var randomGates = draws.RandomGates(d);
        SparseWeights? gatesFrom = null;
        int batches = (n + o.BatchSize - 1) / o.BatchSize, step = 0;
        var par = parallelism ?? new ParallelOptions();
        for (int e = 0; e < o.Epochs; e++)
        {
            var order = draws.Order(e, n);
            if (order.Length != n) throw new ArgumentException($"epoch {e}: the batch order has {order.Length} rows, expected {n}");
            for (int b = 0; b < batches; b++, step++)
            {
                cancel.ThrowIfCancellationRequested();
                int start = b * o.BatchSize, count = Math.Min(o.BatchSize, n - start);
                var rows = order.AsSpan(start, count).ToArray();
                var xb = batches == 1 && IsIdentity(rows) ? x : StochasticAiht.Rows(x, rows);
                var gates = randomGates;
                if (gatesFrom is not null) { gates = new GateSet(default, d); gates.SetFrom(gatesFrom); }
                bool reinit = batches == 1 ? step == 0 : b == 0;
                w = Step(xb, batchResidual(rows), w, gates, reinit, draws, o, par, out double loss);
                onStep?.Invoke(step, w, loss);
                if (w.W.Values.Any(v => !double.IsFinite(v))) return new(w, step, true, $"epoch {e}, batch {b}: non-finite weights");
                if (o.PatternPeriod > 0 && e > 0 && step % o.PatternPeriod == 0) gatesFrom = w.W1Part();
            }
        }
        return new(w, step, false, null);
    }

    private static bool IsIdentity(int[] rows)
    {
        for (int i = 0; i < rows.Length; i++) if (rows[i] != i) return false;
        return true;
    }

    /// <summary>One batch step (official <c>AIHT_step_vectoroutput</c>); also returns the batch's mean cross-entropy
    /// before the step. <paramref name="reinit"/>: re-draw dead blocks (the first batch of an epoch).</summary>
    public static VectorOutputWeights Step(DesignMatrix xb, ReadOnlySpan<int> yb, VectorOutputWeights w, GateSet gates, bool reinit,
        IVectorOutputDraws draws, VectorOutputAihtOptions o, ParallelOptions par, out double loss)
    {
        if (yb.Length != xb.Rows) throw new ArgumentException("shapes of X, weights, gates and labels disagree");
        var y = yb.ToArray();
        return Step(xb, z => CrossEntropyResidual(z, y, w.Classes), w, gates, reinit, draws, o, par, out loss);
    }

    private static VectorOutputWeights Step(DesignMatrix xb, Func<double[], (double[] R, double Loss)> residual, VectorOutputWeights w, GateSet gates, bool reinit,
        IVectorOutputDraws draws, VectorOutputAihtOptions o, ParallelOptions par, out double loss)
    {
        int n = xb.Rows, d = xb.Cols, m = w.Width, c = w.Classes, s = Math.Min(o.Sparsity, w.W.Length);
        if (w.Inputs != d || gates.InputDim != d) throw new ArgumentException("shapes of X, weights, gates and labels disagree");
        (var r, loss) = residual(Logits(xb, w, gates, par));
        double b1 = 1 / Math.Sqrt((double)d * m), b2 = 1 / Math.Sqrt((double)m * c);
        var streamed = o.Merge == VectorMerge.Streamed && !o.SplitBudget ? new StreamedSupport(w.W, s, o.Selection) : null;
        var w1Sel = new TopSelector(o.SplitBudget ? Math.Min((s + 1) / 2, d * m) : s, o.Selection);
        var w2Sel = new TopSelector(o.SplitBudget ? Math.Min(s / 2, m * c) : 0, o.Selection);
        var scratch = Enumerable.Range(0, Math.Min(Group, m)).Select(_ => new BlockScratch(n, d, c)).ToArray();
        for (int g0 = 0; g0 < m; g0 += Group)
        {
            int count = Math.Min(Group, m - g0);
            Parallel.For(0, count, par, q => Candidates(xb, r, w, gates, g0 + q, reinit, draws, b1, b2, o.StepSize, scratch[q]));
            for (int q = 0; q < count; q++)
            {
                int j = g0 + q;
                var c1 = scratch[q].W1; var c2 = scratch[q].W2;
                if (streamed is not null) { streamed.Update(w.W1Offset(j), c1); streamed.Update(w.W2Offset(j), c2); continue; }
                for (int f = 0; f < d; f++) w1Sel.Offer(w.W1Offset(j) + f, c1[f]);
                for (int k = 0; k < c; k++) (o.SplitBudget ? w2Sel : w1Sel).Offer(w.W2Offset(j) + k, c2[k]);
            }
        }
        if (streamed is not null) return w with { W = streamed.ToSparse() };
        var first = w1Sel.ToSparse(w.W.Length);
        if (!o.SplitBudget) return w with { W = first };
        var second = w2Sel.ToSparse(w.W.Length); // W2 indices all follow W1's, so the concatenation is sorted
        return w with { W = new SparseWeights(w.W.Length, [.. first.Indices, .. second.Indices], [.. first.Values, .. second.Values]) };
    }

    /// <summary>Dense gradient (length d·m + m·c) of the mean cross-entropy with the gates held fixed, and that loss.
    /// Diagnostic only (O(d·m) memory); the solver never forms it. O(n·d·m·c).</summary>
    public static double[] Gradient(DesignMatrix x, ReadOnlySpan<int> labels, VectorOutputWeights w, GateSet gates, ParallelOptions par, out double loss)
    {
        int n = x.Rows, d = x.Cols, c = w.Classes;
        if (w.Inputs != d || gates.InputDim != d || labels.Length != n) throw new ArgumentException("shapes of X, weights, gates and labels disagree");
        (var r, loss) = CrossEntropyResidual(Logits(x, w, gates, par), labels.ToArray(), c);
        var g = new double[w.W.Length];
        var sc = new BlockScratch(n, d, c);
        for (int j = 0; j < w.Width; j++)
        {
            w.Blocks(j, sc.W1, sc.W2);
            gates.Mask(x, j, sc.Mask);
            BlockGradient(x, r, sc, g.AsSpan(w.W1Offset(j), d), g.AsSpan(w.W2Offset(j), c));
        }
        return g;
    }

    /// <summary>Logits relu(X W1) W2 (gates = W1), row-major n×c. O(n·s + n·m·c).</summary>
    public static double[] Predict(DesignMatrix x, VectorOutputWeights w, ParallelOptions? par = null)
    {
        var gates = new GateSet(default, w.Inputs);
        gates.SetFrom(w.W1Part());
        return Logits(x, w, gates, par ?? new());
    }

    /// <summary>Fraction of rows whose largest logit (ties → smaller class) is the label.</summary>
    public static double Accuracy(double[] logits, ReadOnlySpan<int> labels, int classes)
    {
        int hits = 0;
        for (int i = 0; i < labels.Length; i++)
            if (TensorPrimitives.IndexOfMax<double>(logits.AsSpan(i * classes, classes)) == labels[i]) hits++;
        return hits / (double)labels.Length;
    }

    private sealed class BlockScratch(int n, int d, int c)
    {
        public readonly double[] Mask = new double[n], U = new double[n], H = new double[n], W1 = new double[d], W2 = new double[c], G = new double[d + c];
    }

    // Block j's candidates w − μg (into sc.W1, sc.W2), after the official re-initialisation of dead layers.
    private static void Candidates(DesignMatrix x, double[] r, VectorOutputWeights w, GateSet gates, int j, bool reinit,
        IVectorOutputDraws draws, double b1, double b2, double mu, BlockScratch sc)
    {
        int d = x.Cols, c = w.Classes;
        w.Blocks(j, sc.W1, sc.W2);
        if (reinit && TensorPrimitives.Max<double>(sc.W1) == 0) draws.Reinit(j, 1, b1, sc.W1); // official: cp.max(block) == 0
        if (reinit && TensorPrimitives.Max<double>(sc.W2) == 0) draws.Reinit(j, 2, b2, sc.W2);
        gates.Mask(x, j, sc.Mask);
        var g = sc.G;
        BlockGradient(x, r, sc, g.AsSpan(0, d), g.AsSpan(d, c));
        for (int f = 0; f < d; f++) sc.W1[f] -= mu * g[f];
        for (int k = 0; k < c; k++) sc.W2[k] -= mu * g[d + k];
    }

    // g1 = Xᵀ D_j (R w2) and g2 = Rᵀ (D_j X w1): O(n·(d + c)) per block, the same gradient as the official
    // P_j = (D_j X)ᵀR, g1 = P_j w2, g2 = P_jᵀ w1 (O(n·d·c)) up to rounding. r is column-major (class k = r[k·n ..]).
    private static void BlockGradient(DesignMatrix x, double[] r, BlockScratch sc, Span<double> g1, Span<double> g2)
    {
        int n = x.Rows, d = x.Cols, c = g2.Length;
        if (!sc.Mask.AsSpan().ContainsAnyExcept(0.0)) { g1.Clear(); g2.Clear(); return; }
        var u = sc.U; var h = sc.H;
        Array.Clear(u); Array.Clear(h);
        for (int k = 0; k < c; k++) if (sc.W2[k] != 0) TensorPrimitives.MultiplyAdd(r.AsSpan(k * n, n), sc.W2[k], u, u);
        TensorPrimitives.Multiply(u, sc.Mask, u);
        for (int f = 0; f < d; f++)
        {
            g1[f] = TensorPrimitives.Dot(x.Column(f), u);
            if (sc.W1[f] != 0) TensorPrimitives.MultiplyAdd(x.Column(f), sc.W1[f], h, h);
        }
        TensorPrimitives.Multiply(h, sc.Mask, h);
        for (int k = 0; k < c; k++) g2[k] = TensorPrimitives.Dot(h, r.AsSpan(k * n, n));
    }

    // R = (softmax(Z) − Y)/n, column-major, and the mean cross-entropy.
    private static (double[] R, double Loss) CrossEntropyResidual(double[] z, int[] labels, int c)
    {
        int n = labels.Length;
        var r = new double[n * c];
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            var zi = z.AsSpan(i * c, c);
            double max = TensorPrimitives.Max<double>(zi), sum = 0;
            for (int k = 0; k < c; k++) sum += Math.Exp(zi[k] - max);
            total += Math.Log(sum) + max - zi[labels[i]];
            for (int k = 0; k < c; k++) r[k * n + i] = (Math.Exp(zi[k] - max) / sum - (k == labels[i] ? 1 : 0)) / n;
        }
        return (r, total / n);
    }

    // R = (Z − Y)/n (official: "(Ax - b) / A.n"), column-major, and the mean squared error over all n·c entries.
    private static (double[] R, double Loss) SquaredResidual(double[] z, double[] yRowMajor, int c)
    {
        int n = yRowMajor.Length / c;
        var r = new double[n * c];
        double total = 0;
        for (int i = 0; i < n; i++)
            for (int k = 0; k < c; k++)
            {
                double e = z[i * c + k] - yRowMajor[i * c + k];
                total += e * e;
                r[k * n + i] = e / n;
            }
        return (r, total / (n * c));
    }

    // Gated logits Σ_j (D_j X w1_j) w2_jᵀ, row-major n×c: per-chunk partials over the blocks holding W1 entries,
    // reduced in chunk order (bit-identical for any thread count). O(n·s + n·m·c).
    private static double[] Logits(DesignMatrix x, VectorOutputWeights w, GateSet gates, ParallelOptions par)
    {
        int n = x.Rows, d = x.Cols, m = w.Width, c = w.Classes, chunks = GatedReluOperator.ChunkCount;
        var partial = new double[chunks][];
        Parallel.For(0, chunks, par, ch =>
        {
            int lo = (int)((long)ch * m / chunks), hi = (int)((long)(ch + 1) * m / chunks);
            var (a, end) = w.W.Range(w.W1Offset(lo), w.W1Offset(hi));
            if (a == end) return;
            var acc = new double[n * c]; var pre = new double[n]; var mask = new double[n]; var w2 = new double[c]; var w1 = new double[d];
            while (a < end)
            {
                int j = w.W.Indices[a] / d;
                Array.Clear(pre);
                for (; a < end && w.W.Indices[a] / d == j; a++)
                    TensorPrimitives.MultiplyAdd(x.Column(w.W.Indices[a] - j * d), w.W.Values[a], pre, pre);
                w.Blocks(j, w1, w2);
                if (!w2.AsSpan().ContainsAnyExcept(0.0)) continue;
                gates.Mask(x, j, mask);
                for (int i = 0; i < n; i++)
                    if (mask[i] != 0 && pre[i] != 0) TensorPrimitives.MultiplyAdd(w2, pre[i], acc.AsSpan(i * c, c), acc.AsSpan(i * c, c));
            }
            partial[ch] = acc;
        });
        var z = new double[n * c];
        foreach (var p in partial) if (p is not null) TensorPrimitives.Add(z, p, z);
        return z;
    }
}
