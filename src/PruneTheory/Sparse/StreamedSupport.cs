namespace PruneTheory.Sparse;

/// <summary>
/// The official code's running sparse vector during a vector-output step (<c>sparse_vector.py</c>, <c>update_block</c>):
/// it starts as the current weights; each update of a contiguous index range (1) overwrites the entries already
/// held there (even with zero), (2) adds the other candidates (zeros dropped under <see cref="TopRule.DropZeros"/>),
/// (3) trims to the s best by |v| with the rule's tie order when it holds more than s (held zeros rank last but are
/// not dropped). Two buffers of at most s + range entries, reused: O(s + d) memory, O(s + d) work per update plus the trim.
/// </summary>
internal sealed class StreamedSupport
{
    private int[] _idx, _nextIdx = [];
    private double[] _val, _nextVal = [];
    private int _count;
    private readonly int _s, _length;
    private readonly TopRule _rule;
    private readonly TopSelector _trim;

    public StreamedSupport(SparseWeights start, int s, TopRule rule)
    {
        _idx = (int[])start.Indices.Clone(); _val = (double[])start.Values.Clone(); _count = start.Count;
        _s = s; _length = start.Length; _rule = rule;
        _trim = new TopSelector(s, rule with { DropZeros = false });
    }

    public int Count => _count;

    public void Update(int start, ReadOnlySpan<double> values)
    {
        int lo = LowerBound(start), hi = LowerBound(start + values.Length), count = _count;
        int need = count - (hi - lo) + values.Length;
        if (_nextIdx.Length < need) { _nextIdx = new int[need]; _nextVal = new double[need]; }
        int k = 0, held = lo;
        for (int t = 0; t < lo; t++, k++) { _nextIdx[k] = _idx[t]; _nextVal[k] = _val[t]; }
        for (int p = 0; p < values.Length; p++)
        {
            bool isHeld = held < hi && _idx[held] == start + p;
            if (isHeld) held++;
            if (isHeld || !_rule.DropZeros || values[p] != 0) { _nextIdx[k] = start + p; _nextVal[k] = values[p]; k++; }
        }
        for (int t = hi; t < count; t++, k++) { _nextIdx[k] = _idx[t]; _nextVal[k] = _val[t]; }
        (_idx, _nextIdx) = (_nextIdx, _idx); (_val, _nextVal) = (_nextVal, _val);
        _count = k;
        if (_count <= _s) return;
        // The s best are the worst kept pair and every pair before it in the (strict, total) order: compact in place.
        _trim.Clear();
        for (int t = 0; t < _count; t++) _trim.Offer(_idx[t], _val[t]);
        var (wi, wv) = _trim.WorstKept;
        var order = _trim.Rule;
        k = 0;
        for (int t = 0; t < _count; t++)
            if (_idx[t] == wi || TopSelector.Better(_idx[t], _val[t], wi, wv, order)) { _idx[k] = _idx[t]; _val[k] = _val[t]; k++; }
        _count = k;
    }

    public SparseWeights ToSparse() => new(_length, _idx[.._count], _val[.._count]);

    private int LowerBound(int key)
    {
        int lo = 0, hi = _count;
        while (lo < hi) { int mid = (lo + hi) >>> 1; if (_idx[mid] < key) lo = mid + 1; else hi = mid; }
        return lo;
    }
}
