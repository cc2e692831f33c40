using System.Numerics.Tensors;

namespace PruneTheory.Sparse;

/// <summary>
/// The gated-ReLU arrangement operator A = [D₁X | … | D_mX] (n × md, column c = j·d + i), applied on
/// the fly: block j = diag(1{X h_j &gt; 0}) X is rebuilt from X and the gate h_j whenever it is needed
/// and dropped at once, so A is never stored. Work is split over <see cref="ChunkCount"/> fixed chunks
/// of blocks (whatever the thread count) and partial results are reduced in chunk order, so every
/// product is bit-identical for any degree of parallelism. Per-chunk scratch: 3n + d doubles.
/// </summary>
public sealed class GatedReluOperator : ILinearOperator
{
    /// <summary>Fixed number of block chunks (independent of the thread count and of m).</summary>
    public const int ChunkCount = 16;

    private readonly double[][] _mask, _tmp, _partial, _grad;

    public DesignMatrix X { get; }
    public GateSet Gates { get; }
    public int Blocks { get; }
    public int InputDim => X.Cols;
    public int Rows => X.Rows;
    public int Cols => Blocks * X.Cols;
    public ParallelOptions Parallelism { get; set; } = new();

    /// <summary>The compute provider of Apply, ApplyAdjoint and the streamed step (results identical on every provider:
    /// see <see cref="GatedReluKernels"/>). Defaults to <see cref="Gpu.ComputeBackend.Current"/>: the run's provider
    /// inside a trial (so operators built deep inside, as stochastic AIHT's per batch, use it too), SIMD CPU elsewhere.</summary>
    public Gpu.ComputeBackend Provider { get; set; } = Gpu.ComputeBackend.Current;

    public GatedReluOperator(DesignMatrix x, int blocks, GateSet gates)
    {
        if (blocks <= 0) throw new ArgumentException($"need at least one block (got {blocks})");
        if (gates.InputDim != x.Cols) throw new ArgumentException("gate dimension differs from the number of inputs");
        if ((long)blocks * x.Cols > int.MaxValue) throw new ArgumentException("m·d exceeds the index range");
        X = x; Blocks = blocks; Gates = gates;
        _mask = Alloc(x.Rows); _tmp = Alloc(x.Rows); _partial = Alloc(x.Rows); _grad = Alloc(x.Cols);
    }

    private static double[][] Alloc(int len) => Enumerable.Range(0, ChunkCount).Select(_ => new double[len]).ToArray();

    /// <summary>Bytes of the per-chunk scratch (independent of m).</summary>
    public long ScratchBytes => 8L * ChunkCount * (3L * Rows + InputDim);

    /// <summary>Blocks [lo, hi) of chunk <paramref name="chunk"/>.</summary>
    public (int Lo, int Hi) ChunkBlocks(int chunk) =>
        ((int)((long)chunk * Blocks / ChunkCount), (int)((long)(chunk + 1) * Blocks / ChunkCount));

    private void ForChunks(Action<int> body) => Parallel.For(0, ChunkCount, Parallelism, body);

    /// <summary>Sum of the per-chunk partial n-vectors in chunk order.</summary>
    private void ReducePartials(Span<double> y)
    {
        y.Clear();
        for (int ch = 0; ch < ChunkCount; ch++) TensorPrimitives.Add(y, _partial[ch], y);
    }

    /// <summary>y = A w for a dense w (length md). O(n·d·m).</summary>
    public void Apply(ReadOnlySpan<double> w, Span<double> y)
    {
        Check(w.Length, Cols, "w"); Check(y.Length, Rows, "y");
        if (Provider.GatedRelu is { } device) { device.Apply(this, w, y); return; }
        var ws = w.ToArray();
        ForChunks(ch =>
        {
            var (lo, hi) = ChunkBlocks(ch);
            var acc = _partial[ch]; var tmp = _tmp[ch]; var mask = _mask[ch];
            Array.Clear(acc);
            for (int j = lo; j < hi; j++)
            {
                Array.Clear(tmp);
                bool any = false;
                for (int i = 0; i < InputDim; i++)
                {
                    double c = ws[j * InputDim + i];
                    if (c != 0) { TensorPrimitives.MultiplyAdd(X.Column(i), c, tmp, tmp); any = true; }
                }
                if (!any) continue;
                Gates.Mask(X, j, mask);
                TensorPrimitives.MultiplyAdd(tmp, mask, acc, acc);
            }
        });
        ReducePartials(y);
    }

    /// <summary>g = Aᵀ r (length md): block j gives Xᵀ(mask_j ∘ r). O(n·d·m), no reduction across blocks.</summary>
    public void ApplyAdjoint(ReadOnlySpan<double> r, Span<double> g)
    {
        Check(r.Length, Rows, "r"); Check(g.Length, Cols, "g");
        if (Provider.GatedRelu is { } device) { device.ApplyAdjoint(this, r, g); return; }
        var rs = r.ToArray();
        var gs = new double[Cols];
        ForChunks(ch =>
        {
            var (lo, hi) = ChunkBlocks(ch);
            for (int j = lo; j < hi; j++) BlockAdjoint(ch, j, rs, gs.AsSpan(j * InputDim, InputDim));
        });
        gs.CopyTo(g);
    }

    /// <summary>B_jᵀ r into <paramref name="dst"/> (d entries), using chunk <paramref name="ch"/>'s scratch. Dots in
    /// <see cref="FixedOrderDot"/>'s order, which the device kernels repeat.</summary>
    private void BlockAdjoint(int ch, int j, ReadOnlySpan<double> r, Span<double> dst)
    {
        var mask = _mask[ch]; var tmp = _tmp[ch];
        Gates.Mask(X, j, mask);
        TensorPrimitives.Multiply(mask, r, tmp);
        for (int i = 0; i < InputDim; i++) dst[i] = FixedOrderDot.Of(X.Column(i), tmp);
    }

    /// <summary>
    /// Streamed gradient step with thresholding: offers w_j − μ B_jᵀ r (all d entries of every block,
    /// zeros too: the selectors' rule decides whether they may take a slot) to per-chunk selectors and merges them in chunk order into <paramref name="result"/>.
    /// This is H_s(w − μAᵀr) without ever holding Aᵀr: O(n·d·m + md·log s) time, O(ChunkCount·s) memory.
    /// </summary>
    public void StreamedThresholdStep(SparseWeights w, ReadOnlySpan<double> r, double mu, TopSelector[] chunkSelectors, TopSelector result)
    {
        Check(w.Length, Cols, "w"); Check(r.Length, Rows, "r");
        if (chunkSelectors.Length != ChunkCount) throw new ArgumentException($"need {ChunkCount} chunk selectors");
        if (Provider.GatedRelu is { } device)
        {
            // the device ranks all m·d candidates at once; offering the kept ones gives the selectors' set
            var (idx, val) = device.ThresholdStep(this, w, r, mu, result.Capacity, result.Rule);
            result.Clear();
            for (int t = 0; t < idx.Length; t++) result.Offer(idx[t], val[t]);
            return;
        }
        var rs = r.ToArray();
        ForChunks(ch =>
        {
            var (lo, hi) = ChunkBlocks(ch);
            var sel = chunkSelectors[ch]; sel.Clear();
            var grad = _grad[ch];
            for (int j = lo; j < hi; j++)
            {
                BlockAdjoint(ch, j, rs, grad);
                var (a, b) = w.Range(j * InputDim, (j + 1) * InputDim);
                for (int i = 0; i < InputDim; i++) grad[i] = -mu * grad[i];
                for (int t = a; t < b; t++) grad[w.Indices[t] - j * InputDim] += w.Values[t];
                for (int i = 0; i < InputDim; i++) sel.Offer(j * InputDim + i, grad[i]);
            }
        });
        result.Clear();
        foreach (var sel in chunkSelectors) result.Merge(sel);
    }

    /// <summary>A_S as an n×|S| column-major matrix (columns in the order of <paramref name="support"/>,
    /// which must be sorted). One gate mask per touched block. O(n·(|S| + d·blocks touched)).</summary>
    public void Materialize(ReadOnlySpan<int> support, ColumnMatrix dest)
    {
        dest.Resize(support.Length);
        var sup = support.ToArray();
        for (int t = 1; t < sup.Length; t++) if (sup[t] <= sup[t - 1]) throw new ArgumentException("support must be strictly increasing");
        ForChunks(ch =>
        {
            var (lo, hi) = ChunkBlocks(ch);
            int t = LowerBound(sup, lo * InputDim), end = LowerBound(sup, hi * InputDim);
            var mask = _mask[ch];
            while (t < end)
            {
                int j = sup[t] / InputDim;
                Gates.Mask(X, j, mask);
                for (; t < end && sup[t] / InputDim == j; t++)
                    TensorPrimitives.Multiply(X.Column(sup[t] - j * InputDim), mask, dest.Column(t));
            }
        });
    }

    /// <summary>Network prediction ŷ = Σ_j (X w_j)_+ (output weights +1), whatever the gates. O(n·s).</summary>
    public void Predict(SparseWeights w, Span<double> y)
    {
        Check(w.Length, Cols, "w"); Check(y.Length, Rows, "y");
        ForChunks(ch =>
        {
            var (lo, hi) = ChunkBlocks(ch);
            var acc = _partial[ch]; var tmp = _tmp[ch];
            Array.Clear(acc);
            var (a, end) = w.Range(lo * InputDim, hi * InputDim);
            while (a < end)
            {
                int j = w.Indices[a] / InputDim;
                Array.Clear(tmp);
                for (; a < end && w.Indices[a] / InputDim == j; a++)
                    TensorPrimitives.MultiplyAdd(X.Column(w.Indices[a] - j * InputDim), w.Values[a], tmp, tmp);
                TensorPrimitives.Max(tmp, 0.0, tmp);
                TensorPrimitives.Add(acc, tmp, acc);
            }
        });
        ReducePartials(y);
    }

    /// <summary>‖column c‖₂ for every c (for the column-normalised theory operator). O(n·d·m) time, md memory.</summary>
    public double[] ColumnNorms()
    {
        var norms = new double[Cols];
        ForChunks(ch =>
        {
            var (lo, hi) = ChunkBlocks(ch);
            var mask = _mask[ch]; var tmp = _tmp[ch];
            for (int j = lo; j < hi; j++)
            {
                Gates.Mask(X, j, mask);
                for (int i = 0; i < InputDim; i++)
                {
                    TensorPrimitives.Multiply(X.Column(i), mask, tmp);
                    norms[j * InputDim + i] = Math.Sqrt(TensorPrimitives.Dot(tmp, tmp));
                }
            }
        });
        return norms;
    }

    private static int LowerBound(int[] a, int key)
    {
        int lo = 0, hi = a.Length;
        while (lo < hi) { int mid = (lo + hi) >>> 1; if (a[mid] < key) lo = mid + 1; else hi = mid; }
        return lo;
    }

    private static void Check(int got, int want, string name)
    {
        if (got != want) throw new ArgumentException($"{name} has length {got}, expected {want}");
    }
}
