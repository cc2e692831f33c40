using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace PruneTheory.Gpu;

/// <summary>
/// Compiles a kernel to PTX with ILGPU's PTX backend, with no CUDA device or driver needed. Tests call it
/// on every kernel of <see cref="KernelCatalog"/> so the CUDA path cannot rot on machines without a GPU.
/// </summary>
public static class PtxCompiler
{
    public static string Compile(MethodInfo kernel)
    {
        using var context = Context.Create(b => b.Default().EnableAlgorithms());
        var architecture = CudaArchitecture.SM_70;
        using var backend = new PTXBackend(context, new CudaCapabilityContext(architecture), architecture, CudaInstructionSet.ISA_70, null);
        // an explicitly grouped kernel takes no index parameter: its first parameter is an ArrayView
        bool implicitIndex = kernel.GetParameters() is [var first, ..] && first.ParameterType.Name.StartsWith("Index", StringComparison.Ordinal);
        var entry = implicitIndex ? EntryPointDescription.FromImplicitlyGroupedKernel(kernel) : EntryPointDescription.FromExplicitlyGroupedKernel(kernel);
        var compiled = (PTXCompiledKernel)backend.Compile(entry, new KernelSpecialization());
        return compiled.PTXAssembly;
    }
}
