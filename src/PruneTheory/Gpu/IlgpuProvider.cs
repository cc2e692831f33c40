using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using PruneTheory.Random;
using PruneTheory.Sparse;
using PruneTheory.Theory.Breakpoints;
using PruneTheory.Theory.Selection;

namespace PruneTheory.Gpu;

/// <summary>
/// The ILGPU provider: CUDA when a device exists, or ILGPU's CPU accelerator (tests only). The accelerator is
/// private; every call takes <see cref="_gate"/>, so parallel trials share one stream safely. Kernels are
/// loaded once per provider; device buffers are pooled in <see cref="DeviceBuffers"/>.
/// </summary>
public sealed class IlgpuProvider : ComputeBackend
{
    private readonly Context _context;
    private readonly Accelerator _acc;
    private readonly object _gate = new();
    private readonly DeviceBuffers _buffers;
    private readonly Lazy<GatedReluDevice> _gatedRelu;
    private readonly Dictionary<string, Delegate> _kernels = [];

    public override BackendKind Kind { get; }
    public override string Name => _acc.Name;

    private IlgpuProvider(BackendKind kind, Context context, Accelerator acc)
    {
        Kind = kind; _context = context; _acc = acc;
        _buffers = new DeviceBuffers(acc);
        _gatedRelu = new(() => new GatedReluDevice(this));
    }

    internal static IlgpuProvider CreateCpuAccelerator()
    {
        // a CPU device shaped like a GPU multiprocessor (warp 32, 256 threads per group) so explicitly grouped kernels run as on CUDA
        var ctx = Context.Create(b => b.CPU(new CPUDevice(32, 8, 1)).EnableAlgorithms());
        return new IlgpuProvider(BackendKind.IlgpuCpu, ctx, ctx.CreateCPUAccelerator(0));
    }

    internal static IlgpuProvider? TryCuda()
    {
        try
        {
            var ctx = Context.Create(b => b.Cuda().EnableAlgorithms());
            var devices = ctx.GetCudaDevices();
            if (devices.Count == 0) { ctx.Dispose(); return null; }
            return new IlgpuProvider(BackendKind.Cuda, ctx, devices[0].CreateAccelerator(ctx));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null; // no driver library, no device: the caller falls back to SIMD CPU
        }
    }

    /// <summary>Runs <paramref name="body"/> alone on the accelerator.</summary>
    internal T Run<T>(Func<Accelerator, DeviceBuffers, T> body)
    {
        lock (_gate) { var r = body(_acc, _buffers); _acc.Synchronize(); return r; }
    }

    /// <summary>A kernel loaded once (auto-grouped unless <paramref name="load"/> says otherwise).</summary>
    internal TDelegate Kernel<TDelegate>(string name, Func<Accelerator, TDelegate> load) where TDelegate : Delegate
    {
        lock (_gate)
        {
            if (!_kernels.TryGetValue(name, out var k)) _kernels[name] = k = load(_acc);
            return (TDelegate)k;
        }
    }

    internal override IGatedReluDevice GatedRelu => _gatedRelu.Value;

    public override long[] BreakpointHits(RngKey key, long samples, double[] taus, double[] halfWidths, int threads) =>
        Theory.Breakpoints.BreakpointHits.CountDevice(this, key, samples, taus, halfWidths);

    public override TopK GrayCodeTop(QuantizedGrid grid, int keep, ParallelOptions? options = null) => GrayCodeKernel.Top(this, grid, keep);

    public override int[] TopS(ReadOnlySpan<double> v, int s, TopRule rule) => SelectionKernels.TopS(this, v, s, rule);

    public override void Gemm(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, ReadOnlySpan<float> b, float beta, Span<float> c) =>
        DenseKernels.Gemm(this, transA, transB, m, n, k, alpha, a, b, beta, c);

    public override double[] AllSubsetSums(ReadOnlySpan<double> values) => DenseKernels.AllSubsetSums(this, values);

    public override void Dispose()
    {
        lock (_gate) { _buffers.Dispose(); _acc.Dispose(); _context.Dispose(); }
    }
}

/// <summary>Named device buffers that grow on demand and are reused by every later call (callers hold the provider's gate).</summary>
internal sealed class DeviceBuffers(Accelerator acc) : IDisposable
{
    private readonly Dictionary<string, MemoryBuffer> _byName = [];

    public ArrayView<T> Get<T>(string name, long length) where T : unmanaged
    {
        length = Math.Max(length, 1);
        if (_byName.TryGetValue(name, out var b) && b is MemoryBuffer1D<T, Stride1D.Dense> typed && typed.Length >= length)
            return typed.View.AsContiguous().SubView(0, length);
        b?.Dispose();
        var fresh = acc.Allocate1D<T>(length);
        _byName[name] = fresh;
        return fresh.View.AsContiguous();
    }

    /// <summary>A buffer holding a copy of <paramref name="data"/>.</summary>
    public ArrayView<T> Upload<T>(string name, ReadOnlySpan<T> data) where T : unmanaged
    {
        var v = Get<T>(name, data.Length);
        if (data.Length > 0) v.SubView(0, data.Length).CopyFromCPU(data);
        return v.SubView(0, Math.Max(data.Length, 1));
    }

    public void Dispose() { foreach (var b in _byName.Values) b.Dispose(); _byName.Clear(); }
}
