using PruneTheory.Gpu;
using PruneTheory.Random;
using PruneTheory.Theory.Breakpoints;
using Xunit;

namespace PruneTheory.Tests.Experiments;

/// <summary>ILGPU kernels run on ILGPU's CPU accelerator (tiny inputs) and must equal the SIMD path exactly.</summary>
public class IlgpuAgreementTests
{
    [Fact]
    public void Breakpoint_kernel_counts_equal_the_cpu_counts()
    {
        var key = RngKey.FromSeed(3).FoldIn("kernel-test");
        double[] taus = [-1, 0, 0.5, 3], hs = [0.1, 0.5, 1, 2];
        using var ilgpu = ComputeBackend.Create(BackendKind.IlgpuCpu);
        var cpu = BreakpointHits.Count(key, 3000, taus, hs, ComputeBackend.Cpu, threads: 2);
        var gpu = BreakpointHits.Count(key, 3000, taus, hs, ilgpu);
        Assert.Equal(cpu, gpu);
        Assert.True(cpu.Sum() > 0);
    }

    [Fact]
    public void Auto_backend_falls_back_to_simd_cpu_without_cuda()
    {
        using var backend = ComputeBackend.Create(BackendKind.Auto);
        Assert.True(backend.Kind is BackendKind.Cpu or BackendKind.Cuda);
    }
}
