namespace PruneTheory.Sparse;

/// <summary>
/// How top-s breaks exact ties in |v| and whether zero-valued candidates may take a slot.
/// <see cref="Official"/> is what the official code does (<c>sparse_vector.py</c>, <c>update_block</c>: new
/// zero values are filtered out, then a stable ascending argsort of |v| over index-sorted entries keeps the
/// last s, so on an exact tie the LARGER index stays). <see cref="Legacy"/> is the suite's earlier rule
/// (ties to the smaller index, zeros offered like any value), kept selectable for comparison.
/// </summary>
public sealed record TopRule(bool TiesToLargerIndex, bool DropZeros)
{
    public static TopRule Official { get; } = new(true, true);
    public static TopRule Legacy { get; } = new(false, false);
}

/// <summary>
/// Keeps the s best (index, value) pairs seen so far in the strict total order "larger |v| first, exact
/// ties by index as <see cref="TopRule"/> says" (default: <see cref="TopRule.Official"/>), so the kept set is
/// unique whatever the order or chunking of the offers (NaN counts as the largest, so divergence propagates
/// instead of being dropped). Bounded min-heap: O(log s) per offer, 12·s bytes.
/// </summary>
public sealed class TopSelector
{
    private readonly int[] _idx;
    private readonly double[] _val;
    public int Capacity { get; }
    public int Count { get; private set; }
    public TopRule Rule { get; }

    public TopSelector(int capacity, TopRule? rule = null)
    {
        if (capacity < 0) throw new ArgumentException("capacity must be >= 0");
        Capacity = capacity; _idx = new int[capacity]; _val = new double[capacity];
        Rule = rule ?? TopRule.Official;
    }

    public long Bytes => 12L * Capacity;

    public void Clear() => Count = 0;

    /// <summary>True iff (ia, va) comes before (ib, vb) in the selection order of <paramref name="rule"/> (default official).</summary>
    public static bool Better(int ia, double va, int ib, double vb, TopRule? rule = null)
    {
        double a = double.IsNaN(va) ? double.PositiveInfinity : Math.Abs(va);
        double b = double.IsNaN(vb) ? double.PositiveInfinity : Math.Abs(vb);
        return a > b || (a == b && ((rule ?? TopRule.Official).TiesToLargerIndex ? ia > ib : ia < ib));
    }

    public void Offer(int index, double value)
    {
        if (Capacity == 0 || (Rule.DropZeros && value == 0)) return;
        if (Count < Capacity)
        {
            int c = Count++;
            _idx[c] = index; _val[c] = value;
            SiftUp(c);
        }
        else if (Better(index, value, _idx[0], _val[0], Rule))
        {
            _idx[0] = index; _val[0] = value;
            SiftDown(0);
        }
    }

    /// <summary>Offers everything another selector holds (used to merge per-chunk selectors).</summary>
    public void Merge(TopSelector other)
    {
        for (int t = 0; t < other.Count; t++) Offer(other._idx[t], other._val[t]);
    }

    /// <summary>The kept pairs sorted by index.</summary>
    public SparseWeights ToSparse(int length)
    {
        var order = Enumerable.Range(0, Count).OrderBy(t => _idx[t]).ToArray();
        return new SparseWeights(length, order.Select(t => _idx[t]).ToArray(), order.Select(t => _val[t]).ToArray());
    }

    /// <summary>The worst pair kept so far (the heap root); requires Count &gt; 0.</summary>
    public (int Index, double Value) WorstKept =>
        Count > 0 ? (_idx[0], _val[0]) : throw new InvalidOperationException("the selector is empty");

    // Heap root = the worst kept pair.
    private bool Worse(int a, int b) => Better(_idx[b], _val[b], _idx[a], _val[a], Rule);

    private void SiftUp(int c)
    {
        while (c > 0)
        {
            int p = (c - 1) / 2;
            if (!Worse(c, p)) break;
            Swap(c, p); c = p;
        }
    }

    private void SiftDown(int p)
    {
        while (true)
        {
            int l = 2 * p + 1, r = l + 1, w = p;
            if (l < Count && Worse(l, w)) w = l;
            if (r < Count && Worse(r, w)) w = r;
            if (w == p) break;
            Swap(p, w); p = w;
        }
    }

    private void Swap(int a, int b)
    {
        (_idx[a], _idx[b]) = (_idx[b], _idx[a]);
        (_val[a], _val[b]) = (_val[b], _val[a]);
    }

    /// <summary>H_s of a dense vector: keep the s best entries by <paramref name="rule"/> (zeros elsewhere). O(N log s).</summary>
    public static SparseWeights HardThreshold(ReadOnlySpan<double> x, int s, TopRule? rule = null)
    {
        var sel = new TopSelector(Math.Min(s, x.Length), rule);
        for (int i = 0; i < x.Length; i++) sel.Offer(i, x[i]);
        return sel.ToSparse(x.Length);
    }
}
