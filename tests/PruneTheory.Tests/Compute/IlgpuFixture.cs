using PruneTheory.Gpu;

namespace PruneTheory.Tests.Compute;

/// <summary>One ILGPU CPU-accelerator provider shared by a test class (creating one costs ~1 s).</summary>
public sealed class IlgpuFixture : IDisposable
{
    public ComputeBackend Provider { get; } = ComputeBackend.Create(BackendKind.IlgpuCpu);
    public void Dispose() => Provider.Dispose();
}
