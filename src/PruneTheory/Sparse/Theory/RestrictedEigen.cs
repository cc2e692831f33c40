using MathNet.Numerics.LinearAlgebra;
using PruneTheory.Random;

namespace PruneTheory.Sparse.Theory;

/// <summary>
/// Restricted eigenvalues at sparsity level L of a unit-diagonal Gram G: α_L = min over |S| = L of λ_min(G_SS) and
/// β_L = max λ_max(G_SS) (Lemma 1's αI ⪯ A_SᵀA_S ⪯ βI). <see cref="AlphaHat"/> is the smallest λ_min over the supports
/// tried and <see cref="BetaHat"/> the largest λ_max, so by construction α̂ ≥ α and β̂ ≤ β, and κ̂ = √(β̂/α̂) ≤ κ.
/// With <see cref="Exact"/> every support was tried (enumeration) and the bracket is closed.
/// </summary>
public sealed record EigenBracket(int Level, double AlphaHat, double BetaHat, int[] AlphaSupport, int[] BetaSupport, bool Exact, long SupportsTried)
{
    /// <summary>κ̂ = √(β̂/α̂) (∞ when α̂ ≤ 0 up to round-off): a lower bound on the true condition number.</summary>
    public double KappaHat => AlphaHat <= RestrictedEigen.ZeroTolerance ? double.PositiveInfinity : Math.Sqrt(BetaHat / AlphaHat);

    /// <summary>α̂ = 0 (round-off): an explicit support with a null vector, so the true α is 0.</summary>
    public bool CertifiedSingular => AlphaHat <= RestrictedEigen.ZeroTolerance;
}

public static class RestrictedEigen
{
    /// <summary>λ_min below this (unit-diagonal Gram, float64) is a null vector up to round-off.</summary>
    public const double ZeroTolerance = 1e-10;

    /// <summary>Largest L·N (eigenproblems per swap sweep) for which <see cref="Search"/> runs the local search.</summary>
    public const long SwapBudget = 20_000;

    /// <summary>(λ_min, λ_max) of the principal submatrix G_SS. O(|S|³).</summary>
    public static (double Min, double Max) Extremes(double[,] g, IReadOnlyList<int> s)
    {
        int k = s.Count;
        if (k == 0) throw new ArgumentException("empty support");
        if (k == 1) return (g[s[0], s[0]], g[s[0], s[0]]);
        if (k == 2)
        {
            double a = g[s[0], s[0]], b = g[s[1], s[1]], c = g[s[0], s[1]];
            double mid = (a + b) / 2, rad = Math.Sqrt((a - b) * (a - b) / 4 + c * c);
            return (mid - rad, mid + rad);
        }
        var m = Matrix<double>.Build.Dense(k, k, (i, j) => g[s[i], s[j]]);
        var ev = m.Evd(Symmetricity.Symmetric).EigenValues;
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var z in ev) { lo = Math.Min(lo, z.Real); hi = Math.Max(hi, z.Real); }
        return (lo, hi);
    }

    /// <summary>C(n, k), saturating at long.MaxValue.</summary>
    public static long Binomial(int n, int k)
    {
        if (k < 0 || k > n) return 0;
        k = Math.Min(k, n - k);
        double r = 1;
        for (int i = 1; i <= k; i++) { r = r * (n - k + i) / i; if (r > 9e18) return long.MaxValue; }
        return (long)Math.Round(r);
    }

    /// <summary>Exact α_L, β_L by enumerating every support of size L (lexicographic). O(C(N, L)·L³).</summary>
    public static EigenBracket Exact(double[,] g, int level)
    {
        int n = g.GetLength(0);
        level = Math.Clamp(level, 1, n);
        var s = Enumerable.Range(0, level).ToArray();
        double alpha = double.PositiveInfinity, beta = double.NegativeInfinity;
        int[] aS = s, bS = s;
        long tried = 0;
        while (true)
        {
            var (lo, hi) = Extremes(g, s); tried++;
            if (lo < alpha) { alpha = lo; aS = (int[])s.Clone(); }
            if (hi > beta) { beta = hi; bS = (int[])s.Clone(); }
            int i = level - 1;
            while (i >= 0 && s[i] == n - level + i) i--;
            if (i < 0) break;
            s[i]++;
            for (int j = i + 1; j < level; j++) s[j] = s[j - 1] + 1;
        }
        return new EigenBracket(level, alpha, beta, aS, bS, true, tried);
    }

    /// <summary>
    /// Exact when C(N, L) ≤ <paramref name="exactLimit"/>, else <see cref="Search"/>. Either way α̂ ≥ α_L and β̂ ≤ β_L.
    /// </summary>
    public static EigenBracket Bracket(double[,] g, int level, RandomStream rng, int samples = 200, long exactLimit = 5000,
        IEnumerable<int[]>? candidates = null)
    {
        int n = g.GetLength(0);
        level = Math.Clamp(level, 1, n);
        return Binomial(n, level) <= exactLimit ? Exact(g, level) : Search(g, level, rng, samples, candidates);
    }

    /// <summary>
    /// Adversarial search: <paramref name="samples"/> uniform random supports, supports grown greedily from the most
    /// correlated pair (each step adds the column that lowers λ_min most, resp. raises λ_max most), any caller-given
    /// <paramref name="candidates"/> (structured supports), then single-swap local search from the best found until no
    /// swap improves (skipped for λ_min once a singular support is found, and when L·N exceeds <see cref="SwapBudget"/>). Every support evaluated is a valid size-L support, so the bounds' directions hold by construction.
    /// O((samples + L·N·(1 + sweeps))·L³).
    /// </summary>
    public static EigenBracket Search(double[,] g, int level, RandomStream rng, int samples = 200, IEnumerable<int[]>? candidates = null, int maxSweeps = 2)
    {
        int n = g.GetLength(0);
        level = Math.Clamp(level, 1, n);
        long tried = 0;
        double alpha = double.PositiveInfinity, beta = double.NegativeInfinity;
        int[] aS = [], bS = [];
        void Consider(int[] s)
        {
            var (lo, hi) = Extremes(g, s); tried++;
            if (lo < alpha) { alpha = lo; aS = (int[])s.Clone(); }
            if (hi > beta) { beta = hi; bS = (int[])s.Clone(); }
        }

        var perm = Enumerable.Range(0, n).ToArray();
        for (int t = 0; t < samples; t++)
        {
            for (int i = 0; i < level; i++) { int j = i + rng.NextInt(n - i); (perm[i], perm[j]) = (perm[j], perm[i]); }
            Consider(perm[..level]);
        }
        foreach (var c in candidates ?? []) if (c.Length == level && c.Distinct().Count() == level) Consider(c);
        var seed = MostCorrelatedPair(g);
        Consider(Greedy(g, level, seed, lowerMin: true, ref tried));
        Consider(Greedy(g, level, seed, lowerMin: false, ref tried));
        // a support already singular to round-off cannot be beaten: α̂ = 0 is the true α. A sweep costs L·N eigenproblems:
        // past SwapBudget (paper-size levels) the bracket rests on samples, greedy growth and candidates (still certified)
        bool swaps = (long)level * n <= SwapBudget;
        if (swaps && alpha > ZeroTolerance) Consider(LocalSearch(g, aS, lowerMin: true, maxSweeps, ref tried));
        if (swaps) Consider(LocalSearch(g, bS, lowerMin: false, maxSweeps, ref tried));
        return new EigenBracket(level, alpha, beta, aS, bS, false, tried);
    }

    private static int[] MostCorrelatedPair(double[,] g)
    {
        int n = g.GetLength(0);
        if (n < 2) return [0];
        (int, int) best = (0, 1); double bv = -1;
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) if (Math.Abs(g[i, j]) > bv) { bv = Math.Abs(g[i, j]); best = (i, j); }
        return [best.Item1, best.Item2];
    }

    /// <summary>Grow a support from <paramref name="start"/> one column at a time, each time the best for the objective.</summary>
    private static int[] Greedy(double[,] g, int level, int[] start, bool lowerMin, ref long tried)
    {
        int n = g.GetLength(0);
        var s = start.Take(level).ToList();
        while (s.Count < level)
        {
            int bestC = -1; double bestV = 0;
            var trial = new List<int>(s) { -1 };
            for (int c = 0; c < n; c++)
            {
                if (s.Contains(c)) continue;
                trial[^1] = c;
                var (lo, hi) = Extremes(g, trial); tried++;
                double v = lowerMin ? lo : -hi;
                if (bestC < 0 || v < bestV) { bestC = c; bestV = v; }
            }
            s.Add(bestC);
        }
        return s.ToArray();
    }

    /// <summary>First-improvement single swaps (out ∈ S, in ∉ S) for up to <paramref name="maxSweeps"/> passes.</summary>
    private static int[] LocalSearch(double[,] g, int[] start, bool lowerMin, int maxSweeps, ref long tried)
    {
        int n = g.GetLength(0);
        var s = (int[])start.Clone();
        if (s.Length == 0 || s.Length == n) return s;
        double Score(int[] x) { var (lo, hi) = Extremes(g, x); return lowerMin ? lo : -hi; }
        double cur = Score(s);
        for (int sweep = 0; sweep < maxSweeps; sweep++)
        {
            bool improved = false;
            for (int pos = 0; pos < s.Length; pos++)
                for (int c = 0; c < n; c++)
                {
                    if (Array.IndexOf(s, c) >= 0) continue;
                    int old = s[pos]; s[pos] = c;
                    double v = Score(s); tried++;
                    if (v < cur - 1e-14) { cur = v; improved = true; } else s[pos] = old;
                }
            if (!improved) break;
        }
        return s;
    }
}
