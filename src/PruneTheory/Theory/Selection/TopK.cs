namespace PruneTheory.Theory.Selection;

/// <summary>The K smallest (score, mask) pairs seen, ties broken by mask: deterministic for a fixed visiting order.</summary>
public sealed class TopK(int capacity)
{
    private readonly List<(int Score, ulong Mask)> _items = new(capacity + 1);
    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentException("capacity must be > 0");
    public IReadOnlyList<(int Score, ulong Mask)> Items => _items;
    /// <summary>Scores below this enter; int.MaxValue while not full.</summary>
    public int Threshold { get; private set; } = int.MaxValue;

    public void Offer(int score, ulong mask)
    {
        if (score > Threshold || (_items.Count == Capacity && score == Threshold && mask > _items[^1].Mask)) return;
        int i = _items.Count;
        while (i > 0 && Compare(_items[i - 1], (score, mask)) > 0) i--;
        _items.Insert(i, (score, mask));
        if (_items.Count > Capacity) _items.RemoveAt(_items.Count - 1);
        if (_items.Count == Capacity) Threshold = _items[^1].Score;
    }

    public static TopK Merge(IEnumerable<TopK> parts, int capacity)
    {
        var all = new TopK(capacity);
        foreach (var p in parts) foreach (var (s, m) in p.Items) all.Offer(s, m);
        return all;
    }

    private static int Compare((int S, ulong M) a, (int S, ulong M) b) => a.S != b.S ? a.S.CompareTo(b.S) : a.M.CompareTo(b.M);
}
