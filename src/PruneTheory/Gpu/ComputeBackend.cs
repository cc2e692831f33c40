using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace PruneTheory.Gpu;

public enum BackendKind { Auto, Cpu, Cuda, IlgpuCpu }

/// <summary>
/// The compute backend of a run. SIMD CPU code is the default; ILGPU on CUDA is chosen by Auto when a
/// CUDA device exists; ILGPU's CPU accelerator is ~1000× slower than SIMD and exists to test kernels.
/// GPU work is serialised through <see cref="Gate"/> (one accelerator stream shared by parallel trials).
/// </summary>
public sealed class ComputeBackend : IDisposable
{
    private readonly Context? _context;
    public BackendKind Kind { get; }
    public Accelerator? Accelerator { get; }
    public object Gate { get; } = new();

    public static ComputeBackend Cpu { get; } = new(BackendKind.Cpu, null, null);

    private ComputeBackend(BackendKind kind, Context? context, Accelerator? accelerator)
    {
        Kind = kind; _context = context; Accelerator = accelerator;
    }

    public bool UsesIlgpu => Accelerator is not null;

    public static ComputeBackend Create(BackendKind requested)
    {
        switch (requested)
        {
            case BackendKind.Cpu: return Cpu;
            case BackendKind.IlgpuCpu:
            {
                var ctx = Context.Create(b => b.CPU().EnableAlgorithms());
                return new ComputeBackend(BackendKind.IlgpuCpu, ctx, ctx.CreateCPUAccelerator(0));
            }
            case BackendKind.Cuda:
                return TryCuda() ?? throw new InvalidOperationException("--backend cuda: no CUDA device was found (use auto or cpu)");
            default:
                return TryCuda() ?? Cpu;
        }
    }

    private static ComputeBackend? TryCuda()
    {
        try
        {
            var ctx = Context.Create(b => b.Cuda().EnableAlgorithms());
            var devices = ctx.GetCudaDevices();
            if (devices.Count == 0) { ctx.Dispose(); return null; }
            return new ComputeBackend(BackendKind.Cuda, ctx, devices[0].CreateAccelerator(ctx));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null; // no driver library, no device: fall back to SIMD CPU
        }
    }

    public override string ToString() => Kind switch
    {
        BackendKind.Cpu => "cpu (SIMD)",
        _ => $"{Kind.ToString().ToLowerInvariant()} ({Accelerator?.Name})",
    };

    public void Dispose()
    {
        if (ReferenceEquals(this, Cpu)) return;
        Accelerator?.Dispose();
        _context?.Dispose();
    }
}
