using ILGPU;
using ILGPU.Runtime;
using PruneTheory.Gpu;

namespace PruneTheory.Sparse;

/// <summary>
/// The gated-ReLU operator's products on an ILGPU accelerator (<see cref="GatedReluKernels"/>). Per call the host
/// computes the m·d gate entries (the same <see cref="GateSet.Dense"/> numbers as the SIMD path) and the device
/// builds all m·n masks, then the product. X is uploaded once per operator (re-sent only when another operator
/// used the device in between). Device memory O(n·d + m·n + 32·m·d).
/// </summary>
internal sealed class GatedReluDevice(IlgpuProvider provider) : IGatedReluDevice
{
    private WeakReference<DesignMatrix>? _resident;

    private Action<Index2D, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int> MaskKernel =>
        provider.Kernel("gr-mask", a => a.LoadAutoGroupedStreamKernel<Index2D, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int>(GatedReluKernels.Mask));
    private Action<Index2D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int> LanesKernel =>
        provider.Kernel("gr-lanes", a => a.LoadAutoGroupedStreamKernel<Index2D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int>(GatedReluKernels.AdjointLanes));
    private Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int> CombineKernel =>
        provider.Kernel("gr-combine", a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int>(GatedReluKernels.AdjointCombine));
    private Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<int>, ArrayView<double>, int, int, int> ForwardKernel =>
        provider.Kernel("gr-forward", a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<int>, ArrayView<double>, int, int, int>(GatedReluKernels.Forward));
    private Action<Index1D, ArrayView<double>, ArrayView<double>, double> ScaleKernel =>
        provider.Kernel("gr-scale", a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, double>(GatedReluKernels.ScaleCandidates));
    private Action<Index1D, ArrayView<int>, ArrayView<double>, ArrayView<double>> AddKernel =>
        provider.Kernel("gr-add", a => a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<double>, ArrayView<double>>(GatedReluKernels.AddWeights));

    /// <summary>X resident on the device, then all masks for the operator's current gates.</summary>
    private (ArrayView<double> X, ArrayView<double> Mask) Prepare(GatedReluOperator op, DeviceBuffers buf)
    {
        int n = op.Rows, d = op.InputDim, m = op.Blocks;
        var x = buf.Get<double>("gr-x", (long)n * d);
        if (_resident is null || !_resident.TryGetTarget(out var last) || !ReferenceEquals(last, op.X))
        {
            x.SubView(0, (long)n * d).CopyFromCPU(op.X.Data);
            _resident = new WeakReference<DesignMatrix>(op.X);
        }
        var h = new double[(long)m * d];
        for (int j = 0; j < m; j++) op.Gates.Dense(j, h.AsSpan(j * d, d));
        var dh = buf.Upload<double>("gr-h", h);
        var mask = buf.Get<double>("gr-mask", (long)m * n);
        MaskKernel(new Index2D(n, m), x, dh, mask, n, d);
        return (x, mask);
    }

    /// <summary>g = Aᵀr left on the device (m·d entries).</summary>
    private ArrayView<double> Adjoint(GatedReluOperator op, DeviceBuffers buf, ReadOnlySpan<double> r)
    {
        int n = op.Rows, d = op.InputDim, m = op.Blocks;
        var (x, mask) = Prepare(op, buf);
        var dr = buf.Upload<double>("gr-r", r);
        var partial = buf.Get<double>("gr-partial", (long)m * d * GatedReluKernels.Lanes);
        var g = buf.Get<double>("gr-g", (long)m * d);
        LanesKernel(new Index2D(d * GatedReluKernels.Lanes, m), x, mask, dr, partial, n, d);
        CombineKernel(m * d, x, mask, dr, partial, g, n, d);
        return g;
    }

    public void ApplyAdjoint(GatedReluOperator op, ReadOnlySpan<double> r, Span<double> g)
    {
        var rs = r.ToArray(); var result = new double[op.Cols];
        provider.Run((_, buf) => { Adjoint(op, buf, rs).SubView(0, result.Length).CopyToCPU(result); return 0; });
        result.CopyTo(g);
    }

    public void Apply(GatedReluOperator op, ReadOnlySpan<double> w, Span<double> y)
    {
        var ws = w.ToArray(); var result = new double[op.Rows];
        var lo = Enumerable.Range(0, GatedReluOperator.ChunkCount + 1)
            .Select(ch => ch == GatedReluOperator.ChunkCount ? op.Blocks : op.ChunkBlocks(ch).Lo).ToArray();
        provider.Run((_, buf) =>
        {
            var (x, mask) = Prepare(op, buf);
            var dw = buf.Upload<double>("gr-w", ws);
            var dlo = buf.Upload<int>("gr-chunks", lo);
            var dy = buf.Get<double>("gr-y", op.Rows);
            ForwardKernel(op.Rows, x, mask, dw, dlo, dy, op.Rows, op.InputDim, GatedReluOperator.ChunkCount);
            dy.SubView(0, result.Length).CopyToCPU(result);
            return 0;
        });
        result.CopyTo(y);
    }

    public (int[] Indices, double[] Values) ThresholdStep(GatedReluOperator op, SparseWeights w, ReadOnlySpan<double> r, double mu, int s, TopRule rule)
    {
        var rs = r.ToArray();
        int cols = op.Cols;
        return provider.Run((_, buf) =>
        {
            var g = Adjoint(op, buf, rs);
            var v = buf.Get<double>("gr-v", cols);
            ScaleKernel(cols, g, v, mu);
            if (w.Count > 0) AddKernel(w.Count, buf.Upload<int>("gr-widx", w.Indices), buf.Upload<double>("gr-wval", w.Values), v);
            var keep = SelectionKernels.Keep(provider, buf, v.SubView(0, cols), s, rule);
            var kept = new byte[cols]; keep.SubView(0, cols).CopyToCPU(kept);
            var values = new double[cols]; v.SubView(0, cols).CopyToCPU(values);
            var idx = Enumerable.Range(0, cols).Where(c => kept[c] != 0).ToArray();
            return (idx, idx.Select(c => values[c]).ToArray());
        });
    }
}
