namespace PruneTheory.Sparse;

/// <summary>
/// An s-sparse vector of length N as sorted unique column indices with values (zeros may be stored:
/// the support has exactly min(s, N) slots, as in the official code). 12 bytes per slot.
/// </summary>
public sealed class SparseWeights
{
    public int Length { get; }
    public int[] Indices { get; }
    public double[] Values { get; }
    public int Count => Indices.Length;

    public SparseWeights(int length, int[] indices, double[] values)
    {
        if (indices.Length != values.Length) throw new ArgumentException("indices and values differ in length");
        for (int t = 0; t < indices.Length; t++)
        {
            if (indices[t] < 0 || indices[t] >= length) throw new ArgumentException($"index {indices[t]} outside [0, {length})");
            if (t > 0 && indices[t] <= indices[t - 1]) throw new ArgumentException("indices must be strictly increasing");
        }
        Length = length; Indices = indices; Values = values;
    }

    public static SparseWeights Empty(int length) => new(length, [], []);

    /// <summary>Bytes held by the index and value arrays.</summary>
    public long Bytes => 12L * Count;

    /// <summary>Slots [lo, hi) of the entries whose index lies in [start, stop): block j is [jd, jd+d). O(log s).</summary>
    public (int Lo, int Hi) Range(int start, int stop) => (LowerBound(start), LowerBound(stop));

    private int LowerBound(int key)
    {
        int lo = 0, hi = Indices.Length;
        while (lo < hi) { int mid = (lo + hi) >>> 1; if (Indices[mid] < key) lo = mid + 1; else hi = mid; }
        return lo;
    }

    public double[] ToDense()
    {
        var x = new double[Length];
        for (int t = 0; t < Count; t++) x[Indices[t]] = Values[t];
        return x;
    }

    public static SparseWeights FromDense(ReadOnlySpan<double> x)
    {
        var idx = new List<int>(); var val = new List<double>();
        for (int i = 0; i < x.Length; i++) if (x[i] != 0) { idx.Add(i); val.Add(x[i]); }
        return new SparseWeights(x.Length, [.. idx], [.. val]);
    }

    public int NonZeros => Values.Count(v => v != 0);

    public SparseWeights WithValues(double[] values) => new(Length, Indices, values);
}
