using System.Numerics.Tensors;
using PruneTheory.Random;

namespace PruneTheory.Sparse;

/// <summary>
/// The gate vectors h_j of the arrangement operator, never stored densely: either random N(0, I_d)
/// regenerated from a counter key (entry (j, i) is the first Gaussian of Philox block j·d+i), or the
/// blocks of a sparse weight vector after a pattern update (h_j = w_j; a block without entries has
/// h_j = 0 and its gate is closed for good: dead neurons never revive). O(s) memory.
/// </summary>
public sealed class GateSet
{
    private SparseWeights? _explicit;

    public RngKey Key { get; }
    public int InputDim { get; }
    public bool IsRandom => _explicit is null;

    public GateSet(RngKey key, int inputDim)
    {
        if (inputDim <= 0) throw new ArgumentException("input dimension must be positive");
        Key = key; InputDim = inputDim;
    }

    /// <summary>Pattern update: h_j := w_j for every block j (the weights are copied, O(s)).</summary>
    public void SetFrom(SparseWeights w) =>
        _explicit = new SparseWeights(w.Length, (int[])w.Indices.Clone(), (double[])w.Values.Clone());

    public void ResetToRandom() => _explicit = null;

    public long Bytes => _explicit?.Bytes ?? 0;

    /// <summary>Random gate entry (j, i), identical on every call, thread and device.</summary>
    public static double RandomEntry(RngKey key, int d, int j, int i)
    {
        CounterDraws.GaussianPair(Philox4x32.Block(key, (ulong)j * (ulong)d + (ulong)i), out double g, out _);
        return g;
    }

    /// <summary>h_j as a dense d-vector.</summary>
    public void Dense(int j, Span<double> h)
    {
        if (_explicit is null) { for (int i = 0; i < InputDim; i++) h[i] = RandomEntry(Key, InputDim, j, i); return; }
        h.Clear();
        var (lo, hi) = _explicit.Range(j * InputDim, (j + 1) * InputDim);
        for (int t = lo; t < hi; t++) h[_explicit.Indices[t] - j * InputDim] = _explicit.Values[t];
    }

    /// <summary>
    /// mask = 1{X h_j &gt; 0} (strict) as 0/1 doubles. Costs n·d for a random gate, n·nnz(w_j) after an
    /// update; the products are accumulated column by column in index order (deterministic).
    /// </summary>
    public void Mask(DesignMatrix x, int j, Span<double> mask)
    {
        int n = x.Rows, d = InputDim;
        mask = mask[..n];
        mask.Clear();
        if (_explicit is null)
        {
            for (int i = 0; i < d; i++)
                TensorPrimitives.MultiplyAdd(x.Column(i), RandomEntry(Key, d, j, i), mask, mask);
        }
        else
        {
            var (lo, hi) = _explicit.Range(j * d, (j + 1) * d);
            for (int t = lo; t < hi; t++)
                TensorPrimitives.MultiplyAdd(x.Column(_explicit.Indices[t] - j * d), _explicit.Values[t], mask, mask);
        }
        for (int r = 0; r < n; r++) mask[r] = mask[r] > 0 ? 1.0 : 0.0;
    }
}
