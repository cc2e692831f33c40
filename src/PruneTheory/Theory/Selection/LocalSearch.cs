using PruneTheory.Random;
using PruneTheory.Theory.Relu2D;

namespace PruneTheory.Theory.Selection;

/// <summary>
/// P6: upper bounds on E*_N by local search on the exact P1 objective (over all slices): greedy insertion,
/// then 1-flip and 2-flip first-improvement descent, from the greedy start and from random restarts.
/// Optional groups allow at most one chosen unit per group (weight pruning: one mask option per unit).
/// Cost per descent pass O(N²·E) for 2-flips, E = O(N·slices) per evaluation. Deterministic given the stream.
/// </summary>
public sealed class LocalSearch(SliceVerifier verifier, int[]? groups = null)
{
    private int N => verifier.N;

    public double Value(bool[] s) => verifier.Evaluate(s).Value;

    public (double Value, bool[] Subset) Run(RandomStream rng, int restarts = 2)
    {
        var best = Descend(Greedy());
        for (int r = 0; r < restarts; r++)
        {
            var s = new bool[N];
            for (int k = 0; k < N; k++) s[k] = rng.NextDouble() < 0.3;
            Repair(s);
            var cand = Descend(s);
            if (cand.Value < best.Value) best = cand;
        }
        return best;
    }

    /// <summary>Adds the unit that lowers the error most, while some unit does. O(N²·E).</summary>
    public bool[] Greedy()
    {
        var s = new bool[N];
        double cur = Value(s);
        while (true)
        {
            int pick = -1; double val = cur;
            for (int k = 0; k < N; k++)
            {
                if (s[k] || !Allowed(s, k)) continue;
                s[k] = true; double e = Value(s); s[k] = false;
                if (e < val) { val = e; pick = k; }
            }
            if (pick < 0) return s;
            s[pick] = true; cur = val;
        }
    }

    /// <summary>1-flip, then 2-flip descent until no move improves. Returns the local optimum.</summary>
    public (double Value, bool[] Subset) Descend(bool[] start)
    {
        var s = (bool[])start.Clone();
        double cur = Value(s);
        bool improved = true;
        while (improved)
        {
            improved = false;
            for (int k = 0; k < N && !improved; k++)
                improved = TryMove(s, ref cur, k, -1);
            for (int a = 0; a < N && !improved; a++)
                for (int b = a + 1; b < N && !improved; b++)
                    improved = TryMove(s, ref cur, a, b);
        }
        return (cur, s);
    }

    private bool TryMove(bool[] s, ref double cur, int a, int b)
    {
        s[a] = !s[a]; if (b >= 0) s[b] = !s[b];
        if (Feasible(s))
        {
            double e = Value(s);
            if (e < cur - 1e-15) { cur = e; return true; }
        }
        s[a] = !s[a]; if (b >= 0) s[b] = !s[b];
        return false;
    }

    private bool Allowed(bool[] s, int k)
    {
        if (groups is null) return true;
        for (int j = 0; j < N; j++) if (j != k && s[j] && groups[j] == groups[k]) return false;
        return true;
    }

    private bool Feasible(bool[] s)
    {
        if (groups is null) return true;
        var seen = new HashSet<int>();
        for (int k = 0; k < N; k++) if (s[k] && !seen.Add(groups[k])) return false;
        return true;
    }

    private void Repair(bool[] s)
    {
        for (int k = 0; k < N; k++) if (s[k] && !Allowed(s, k)) s[k] = false;
    }
}
