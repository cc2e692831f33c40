namespace PruneTheory.Theory.SubsetSum;

/// <summary>
/// Single-target subset sum for large n (Schroeppel–Shamir): four quarter sumsets of 2^{n/4} sums; the
/// pairwise sums a + b are streamed in ascending order and c + d in descending order through heaps, and a
/// two-pointer sweep finds the closest total. O(2^{n/2}·n) time, O(2^{n/4}) memory, so n ≈ 60 fits in memory
/// (time ≈ 2^{n/2} heap steps). Exact: the same optimum as the plain meet in the middle.
/// </summary>
public static class SchroeppelShamir
{
    public const int MaxN = 64;

    public static (double Error, ulong Mask) SingleTarget(ReadOnlySpan<double> x, double z)
    {
        if (x.Length > MaxN) throw new ArgumentException($"Schroeppel–Shamir supports n ≤ {MaxN} (got {x.Length})");
        int n = x.Length, q1 = n / 4, q2 = n / 2, q3 = q2 + (n - q2) / 2;
        var (a, am) = Sumset.SortedWithMasks(x[..q1]);
        var (b, bm) = Sumset.SortedWithMasks(x[q1..q2], q1);
        var (c, cm) = Sumset.SortedWithMasks(x[q2..q3], q2);
        var (d, dm) = Sumset.SortedWithMasks(x[q3..], q3);
        var left = new PriorityQueue<(int I, int J), double>();   // a_i + b_j ascending
        var right = new PriorityQueue<(int I, int J), double>();  // c_i + d_j descending (negated priority)
        for (int i = 0; i < a.Length; i++) left.Enqueue((i, 0), a[i] + b[0]);
        for (int i = 0; i < c.Length; i++) right.Enqueue((i, d.Length - 1), -(c[i] + d[^1]));
        double best = double.PositiveInfinity; ulong bestMask = 0;
        while (left.TryPeek(out var l, out double ls) && right.TryPeek(out var r, out double negRs))
        {
            double s = ls - negRs, err = Math.Abs(z - s);
            if (err < best) { best = err; bestMask = am[l.I] | bm[l.J] | cm[r.I] | dm[r.J]; }
            if (s < z)
            {
                left.Dequeue();
                if (l.J + 1 < b.Length) left.Enqueue((l.I, l.J + 1), a[l.I] + b[l.J + 1]);
            }
            else
            {
                right.Dequeue();
                if (r.J > 0) right.Enqueue((r.I, r.J - 1), -(c[r.I] + d[r.J - 1]));
            }
        }
        return (best, bestMask);
    }
}
