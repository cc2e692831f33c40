using PruneTheory.Random;
using PruneTheory.Sparse;
using PruneTheory.Theory.Selection;

namespace PruneTheory.Gpu;

public enum BackendKind { Auto, Cpu, Cuda, IlgpuCpu }

/// <summary>
/// The compute provider of a run, chosen once (as MathNet's ILinearAlgebraProvider): every kernel a claim
/// needs is a method here, so no claim touches an accelerator. <see cref="SimdCpuProvider"/> is today's SIMD
/// code; <see cref="IlgpuProvider"/> runs the same arithmetic as ILGPU kernels on CUDA (or on ILGPU's CPU
/// accelerator, ~1000× slower than SIMD, for tests). Integer kernels and fixed-order float kernels give
/// bit-identical results on both; the float32 GEMM agrees within a stated tolerance (see <see cref="Gemm"/>).
/// MILP solving stays on the CPU whatever the provider.
/// </summary>
public abstract class ComputeBackend : IDisposable
{
    public abstract BackendKind Kind { get; }

    /// <summary>Device name as the run header and summary.json show it.</summary>
    public abstract string Name { get; }

    /// <summary>True when the kernels run through ILGPU (CUDA or its CPU accelerator).</summary>
    public bool UsesIlgpu => Kind != BackendKind.Cpu;

    public static ComputeBackend Cpu => SimdCpuProvider.Instance;

    private static readonly AsyncLocal<ComputeBackend?> CurrentSlot = new();

    /// <summary>The provider of the code running now (the networks engine's GEMMs): the runner sets it around each
    /// trial to the run's provider (flows into Parallel.For); SIMD CPU elsewhere.</summary>
    public static ComputeBackend Current => CurrentSlot.Value ?? Cpu;

    /// <summary>Makes <paramref name="provider"/> <see cref="Current"/> until the returned scope is disposed.</summary>
    public static IDisposable Use(ComputeBackend provider)
    {
        var previous = CurrentSlot.Value;
        CurrentSlot.Value = provider;
        return new Scope(() => CurrentSlot.Value = previous);
    }

    private sealed class Scope(Action restore) : IDisposable { public void Dispose() => restore(); }

    /// <summary>Auto picks CUDA when a device exists, else the SIMD CPU provider.</summary>
    public static ComputeBackend Create(BackendKind requested) => requested switch
    {
        BackendKind.Cpu => Cpu,
        BackendKind.IlgpuCpu => IlgpuProvider.CreateCpuAccelerator(),
        BackendKind.Cuda => IlgpuProvider.TryCuda() ?? throw new InvalidOperationException("--backend cuda: no CUDA device was found (use auto or cpu)"),
        _ => IlgpuProvider.TryCuda() ?? Cpu,
    };

    /// <summary>Breakpoint hit counts, window-major (see <see cref="Theory.Breakpoints.BreakpointHits"/>). Integer: exact.</summary>
    public abstract long[] BreakpointHits(RngKey key, long samples, double[] taus, double[] halfWidths, int threads);

    /// <summary>The <paramref name="keep"/> best (score, mask) pairs over all 2^N subsets of the grid, in (score, mask)
    /// order (a total order, so the set is unique). Integer: exact.</summary>
    public abstract TopK GrayCodeTop(QuantizedGrid grid, int keep, ParallelOptions? options = null);

    /// <summary>Indices of the s best entries of v by <paramref name="rule"/> (ascending index). Comparisons only: exact.</summary>
    public abstract int[] TopS(ReadOnlySpan<double> v, int s, TopRule rule);

    /// <summary>C = α·op(A)·op(B) + β·C, float32 row-major (as <see cref="Numerics.Gemm.Multiply(bool, bool, int, int, int, float, ReadOnlySpan{float}, ReadOnlySpan{float}, float, Span{float}, int)"/>);
    /// the device kernel repeats the SIMD GEMM's per-element FMA sequence, so results are bit-identical.</summary>
    public abstract void Gemm(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, ReadOnlySpan<float> b, float beta, Span<float> c);

    /// <summary>All 2^n subset sums indexed by mask (bit i = values[i]), each summed from 0 in index order, so
    /// both providers give the same doubles as <see cref="Theory.SubsetSum.Sumset"/>'s merges. n ≤ 30.</summary>
    public abstract double[] AllSubsetSums(ReadOnlySpan<double> values);

    /// <summary>The device half of the gated-ReLU operator (null: the operator runs its own SIMD code).</summary>
    internal virtual IGatedReluDevice? GatedRelu => null;

    public override string ToString() => Kind == BackendKind.Cpu ? "cpu (SIMD)" : $"{KindName(Kind)} ({Name})";

    public static string KindName(BackendKind kind) => kind switch
    {
        BackendKind.IlgpuCpu => "ilgpu-cpu",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public virtual void Dispose() { }
}

/// <summary>Device forms of the gated-ReLU operator's heavy products; each equals the SIMD code bit for bit.</summary>
internal interface IGatedReluDevice
{
    void Apply(GatedReluOperator op, ReadOnlySpan<double> w, Span<double> y);
    void ApplyAdjoint(GatedReluOperator op, ReadOnlySpan<double> r, Span<double> g);
    /// <summary>H_s(w − μAᵀr) as (index, value) pairs, index ascending.</summary>
    (int[] Indices, double[] Values) ThresholdStep(GatedReluOperator op, SparseWeights w, ReadOnlySpan<double> r, double mu, int s, TopRule rule);
}
