namespace PruneTheory.Sparse;

/// <summary>
/// The official code's running sparse vector during a vector-output step (<c>sparse_vector.py</c>, <c>update_block</c>):
/// it starts as the current weights; each update of a contiguous index range (1) overwrites the entries already
/// held there (even with zero), (2) adds the other candidates (zeros dropped under <see cref="TopRule.DropZeros"/>),
/// (3) trims to the s best by |v| with the rule's tie order when it holds more than s (held zeros rank last but are
/// not dropped). At most s + range entries at any time: O(s + d) memory, O(s + d) work per update plus the trim.
/// </summary>
internal sealed class StreamedSupport
{
    private int[] _idx;
    private double[] _val;
    private readonly int _s, _length;
    private readonly TopRule _rule;
    private readonly TopSelector _trim;

    public StreamedSupport(SparseWeights start, int s, TopRule rule)
    {
        _idx = (int[])start.Indices.Clone(); _val = (double[])start.Values.Clone();
        _s = s; _length = start.Length; _rule = rule;
        _trim = new TopSelector(s, rule with { DropZeros = false });
    }

    public int Count => _idx.Length;

    public void Update(int start, ReadOnlySpan<double> values)
    {
        int lo = LowerBound(start), hi = LowerBound(start + values.Length);
        var idx = new List<int>(_idx.Length + values.Length);
        var val = new List<double>(_idx.Length + values.Length);
        for (int t = 0; t < lo; t++) { idx.Add(_idx[t]); val.Add(_val[t]); }
        int held = lo;
        for (int p = 0; p < values.Length; p++)
        {
            bool isHeld = held < hi && _idx[held] == start + p;
            if (isHeld) held++;
            if (isHeld || !_rule.DropZeros || values[p] != 0) { idx.Add(start + p); val.Add(values[p]); }
        }
        for (int t = hi; t < _idx.Length; t++) { idx.Add(_idx[t]); val.Add(_val[t]); }
        _idx = [.. idx]; _val = [.. val];
        if (_idx.Length <= _s) return;
        _trim.Clear();
        for (int t = 0; t < _idx.Length; t++) _trim.Offer(_idx[t], _val[t]);
        var kept = _trim.ToSparse(_length);
        _idx = kept.Indices; _val = kept.Values;
    }

    public SparseWeights ToSparse() => new(_length, (int[])_idx.Clone(), (double[])_val.Clone());

    private int LowerBound(int key)
    {
        int lo = 0, hi = _idx.Length;
        while (lo < hi) { int mid = (lo + hi) >>> 1; if (_idx[mid] < key) lo = mid + 1; else hi = mid; }
        return lo;
    }
}
