using System.Reflection;
using PruneTheory.Sparse;
using PruneTheory.Theory.Breakpoints;
using PruneTheory.Theory.Selection;

namespace PruneTheory.Gpu;

/// <summary>Every device kernel of the suite, by name (the PTX test and the GPU bench walk this list).</summary>
public static class KernelCatalog
{
    public static IReadOnlyList<(string Name, MethodInfo Method)> All { get; } =
    [
        ("breakpoint-hits", Method(typeof(BreakpointHits), "HitKernel")),
        ("gray-walk", Method(typeof(GrayCodeKernel), nameof(GrayCodeKernel.Walk))),
        ("gated-relu-mask", Method(typeof(GatedReluKernels), nameof(GatedReluKernels.Mask))),
        ("gated-relu-adjoint-lanes", Method(typeof(GatedReluKernels), nameof(GatedReluKernels.AdjointLanes))),
        ("gated-relu-adjoint-combine", Method(typeof(GatedReluKernels), nameof(GatedReluKernels.AdjointCombine))),
        ("gated-relu-forward", Method(typeof(GatedReluKernels), nameof(GatedReluKernels.Forward))),
        ("gated-relu-scale", Method(typeof(GatedReluKernels), nameof(GatedReluKernels.ScaleCandidates))),
        ("gated-relu-add-weights", Method(typeof(GatedReluKernels), nameof(GatedReluKernels.AddWeights))),
        ("top-s-rank", Method(typeof(SelectionKernels), nameof(SelectionKernels.Rank))),
        ("gemm-f32-tile", Method(typeof(DenseKernels), nameof(DenseKernels.GemmTile))),
        ("subset-sums", Method(typeof(DenseKernels), nameof(DenseKernels.SubsetSums))),
    ];

    private static MethodInfo Method(Type t, string name) =>
        t.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static) ?? throw new MissingMethodException(t.Name, name);
}
