using ILGPU;
using ILGPU.Runtime;
using PruneTheory.Gpu;

namespace PruneTheory.Sparse;

/// <summary>
/// ILGPU version of the arrangement operator's full products A w and Aᵀ r. Blocks are processed in
/// chunks of <c>b</c>: the host regenerates the chunk's gates (b×d, from <see cref="GateSet"/>, so gates
/// are identical to the SIMD path), one kernel builds the b×n masks, another the products. Device memory
/// O((n + d)·b + nd) besides X; A is never stored. Work O(n·d·m) per product. GPU use is serialised
/// through <see cref="ComputeBackend.Gate"/>.
/// </summary>
public sealed class GatedReluKernels : IDisposable
{
    private readonly ComputeBackend _backend;
    private readonly Accelerator _acc;
    private readonly GatedReluOperator _op;
    private readonly int _chunk;
    private readonly MemoryBuffer1D<double, Stride1D.Dense> _x, _h, _mask, _vec, _out;
    private readonly Action<Index2D, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int> _maskKernel;
    private readonly Action<Index2D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int> _adjointKernel;
    private readonly Action<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int, int> _forwardKernel;

    public GatedReluKernels(ComputeBackend backend, GatedReluOperator op, int blocksPerChunk = 64)
    {
        _acc = backend.Accelerator ?? throw new ArgumentException("the ILGPU kernels need an ILGPU backend (cuda or ilgpu-cpu)");
        if (blocksPerChunk <= 0) throw new ArgumentException("blocks per chunk must be positive");
        _backend = backend; _op = op; _chunk = Math.Min(blocksPerChunk, op.Blocks);
        int n = op.Rows, d = op.InputDim;
        lock (backend.Gate)
        {
            _x = _acc.Allocate1D(op.X.Data);
            _h = _acc.Allocate1D<double>((long)_chunk * d);
            _mask = _acc.Allocate1D<double>((long)_chunk * n);
            _vec = _acc.Allocate1D<double>(Math.Max(n, _chunk * d));
            _out = _acc.Allocate1D<double>(Math.Max(n, _chunk * d));
            _maskKernel = _acc.LoadAutoGroupedStreamKernel<Index2D, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int>(MaskKernel);
            _adjointKernel = _acc.LoadAutoGroupedStreamKernel<Index2D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int>(AdjointKernel);
            _forwardKernel = _acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, int, int, int>(ForwardKernel);
        }
    }

    /// <summary>mask[jj, row] = 1{Σ_i h[jj, i]·X[row, i] &gt; 0}; index = (row, jj).</summary>
    private static void MaskKernel(Index2D idx, ArrayView<double> x, ArrayView<double> h, ArrayView<double> mask, int n, int d)
    {
        int row = idx.X, jj = idx.Y;
        double z = 0;
        for (int i = 0; i < d; i++) z += h[jj * d + i] * x[i * n + row];
        mask[jj * n + row] = z > 0 ? 1.0 : 0.0;
    }

    /// <summary>g[jj, i] = Σ_row mask[jj, row]·X[row, i]·r[row]; index = (i, jj).</summary>
    private static void AdjointKernel(Index2D idx, ArrayView<double> x, ArrayView<double> mask, ArrayView<double> r, ArrayView<double> g, int n, int d)
    {
        int i = idx.X, jj = idx.Y;
        double acc = 0;
        for (int row = 0; row < n; row++) acc += mask[jj * n + row] * x[i * n + row] * r[row];
        g[jj * d + i] = acc;
    }

    /// <summary>y[row] += Σ_jj mask[jj, row]·Σ_i X[row, i]·w[jj, i] over the chunk's <paramref name="b"/> blocks.</summary>
    private static void ForwardKernel(Index1D row, ArrayView<double> x, ArrayView<double> mask, ArrayView<double> w, ArrayView<double> y, int n, int d, int b)
    {
        double acc = 0;
        for (int jj = 0; jj < b; jj++)
        {
            double z = 0;
            for (int i = 0; i < d; i++) z += x[i * n + row] * w[jj * d + i];
            acc += mask[jj * n + row] * z;
        }
        y[row] += acc;
    }

    private int UploadGatesAndMasks(int j0)
    {
        int b = Math.Min(_chunk, _op.Blocks - j0), d = _op.InputDim, n = _op.Rows;
        var h = new double[_chunk * d];
        for (int jj = 0; jj < b; jj++) _op.Gates.Dense(j0 + jj, h.AsSpan(jj * d, d));
        _h.View.CopyFromCPU(h);
        _maskKernel(new Index2D(n, b), _x.View, _h.View, _mask.View, n, d);
        return b;
    }

    /// <summary>y = A w (dense w of length md).</summary>
    public double[] Apply(ReadOnlySpan<double> w)
    {
        if (w.Length != _op.Cols) throw new ArgumentException("w has the wrong length");
        int n = _op.Rows, d = _op.InputDim;
        var ws = w.ToArray();
        lock (_backend.Gate)
        {
            _out.View.MemSetToZero();
            for (int j0 = 0; j0 < _op.Blocks; j0 += _chunk)
            {
                int b = UploadGatesAndMasks(j0);
                _vec.View.AsContiguous().SubView(0, b * d).CopyFromCPU(ws.AsSpan(j0 * d, b * d));
                _forwardKernel(n, _x.View, _mask.View, _vec.View, _out.View, n, d, b);
            }
            _acc.Synchronize();
            var y = new double[n]; _out.View.AsContiguous().SubView(0, n).CopyToCPU(y); return y;
        }
    }

    /// <summary>g = Aᵀ r (length md).</summary>
    public double[] ApplyAdjoint(ReadOnlySpan<double> r)
    {
        if (r.Length != _op.Rows) throw new ArgumentException("r has the wrong length");
        int n = _op.Rows, d = _op.InputDim;
        var g = new double[_op.Cols];
        lock (_backend.Gate)
        {
            _vec.View.AsContiguous().SubView(0, n).CopyFromCPU(r.ToArray());
            for (int j0 = 0; j0 < _op.Blocks; j0 += _chunk)
            {
                int b = UploadGatesAndMasks(j0);
                _adjointKernel(new Index2D(d, b), _x.View, _mask.View, _vec.View, _out.View, n, d);
                _acc.Synchronize();
                _out.View.AsContiguous().SubView(0, b * d).CopyToCPU(g.AsSpan(j0 * d, b * d));
            }
        }
        return g;
    }

    public void Dispose()
    {
        lock (_backend.Gate) { _x.Dispose(); _h.Dispose(); _mask.Dispose(); _vec.Dispose(); _out.Dispose(); }
    }
}
