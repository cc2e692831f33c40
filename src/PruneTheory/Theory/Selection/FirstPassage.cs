using PruneTheory.Theory.Relu2D;

namespace PruneTheory.Theory.Selection;

/// <summary>
/// Certified bracket of a nested path's first passage N*(ε) = min{N : E*_N ≤ ε} over a width grid: Lower ≤ N*(ε) (every
/// grid width below Lower is certified infeasible), and a verified subset reaches ε at Upper (−1: at no solved width).
/// </summary>
public readonly record struct PassageBracket(int Lower, int Upper);

/// <summary>
/// First passages in either architecture from fixed-ε decisions: exact Gray-code brackets for widths ≤ grayMax, the
/// fixed-ε MILP (<see cref="FeasibilityMilp"/>, linear in s in model B too) above, by bisection over the width grid per ε.
/// Nesting makes every certificate travel: a verified subset of width N is one of every larger width, an infeasible
/// ε at width N is infeasible at every smaller width, and an infeasible ε' is infeasible for every ε ≤ ε'.
/// Cost O(|ε|·log|widths|) decisions, each worst-case exponential (MILP).
/// </summary>
public sealed class FirstPassage
{
    private readonly CircleProblem _full;
    private readonly int[] _widths;
    private readonly Arch _arch;
    private readonly TimeSpan _budget;
    private readonly double[] _upper, _lower, _infeasible;   // per width: best verified value, certified lower bound, largest infeasible ε
    private readonly bool[] _gray;                          // width solved by Gray code (no MILP can do better)

    public int Decisions { get; private set; }
    public int Undecided { get; private set; }

    public FirstPassage(CircleProblem full, int[] widths, Arch arch, int grayMax, TimeSpan milpBudget)
    {
        if (widths.Length == 0 || widths[^1] > full.N) throw new ArgumentException("widths must be non-empty and within the network");
        _full = full; _widths = widths; _arch = arch; _budget = milpBudget;
        _upper = Enumerable.Repeat(double.PositiveInfinity, widths.Length).ToArray();
        _lower = new double[widths.Length];
        _infeasible = Enumerable.Repeat(double.NegativeInfinity, widths.Length).ToArray();
        _gray = new bool[widths.Length];
        var one = new ParallelOptions { MaxDegreeOfParallelism = 1 };
        for (int i = 0; i < widths.Length && widths[i] <= grayMax; i++)
        {
            var g = GrayCodeSearch.Solve(full.Prefix(widths[i]), arch: arch, options: one);
            _upper[i] = g.Upper; _lower[i] = g.Lower; _gray[i] = true;
        }
    }

    /// <summary>Brackets for each ε; widths above <paramref name="maxWidth"/> are not attempted (the bracket's Lower stays certified).</summary>
    public PassageBracket[] Solve(double[] epsilons, int maxWidth = int.MaxValue) =>
        epsilons.Select(eps => Solve(eps, maxWidth)).ToArray();

    private PassageBracket Solve(double eps, int maxWidth)
    {
        int lo = 0, hi = _widths.Length;            // invariant: widths below index lo are certified infeasible
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (Decide(mid, eps, maxWidth) == Decision.Infeasible) lo = mid + 1; else hi = mid;
        }
        int up = Enumerable.Range(0, _widths.Length).FirstOrDefault(i => Upper(i) <= eps, -1);
        return new PassageBracket(lo == 0 ? 1 : _widths[lo - 1] + 1, up < 0 ? -1 : _widths[up]);
    }

    /// <summary>Best verified value at width index i (a smaller width's subset is a subset here).</summary>
    public double Upper(int i) => _upper.Take(i + 1).Min();

    private Decision Decide(int i, double eps, int maxWidth)
    {
        if (Upper(i) <= eps) return Decision.Feasible;
        for (int j = i; j < _widths.Length; j++)
            if (_lower[j] > eps || _infeasible[j] >= eps) return Decision.Infeasible;
        if (_widths[i] > maxWidth) return Decision.Undecided;                 // not attempted
        if (_gray[i]) { Undecided++; return Decision.Undecided; }              // the Gray bracket straddles ε
        Decisions++;
        var (d, subset) = FeasibilityMilp.Decide(_full.Prefix(_widths[i]), eps, _arch, _budget);
        if (d == Decision.Feasible) _upper[i] = Math.Min(_upper[i], new ArcVerifier(_full.Prefix(_widths[i]), _arch).Evaluate(subset!).Value);
        else if (d == Decision.Infeasible) _infeasible[i] = Math.Max(_infeasible[i], eps);
        else Undecided++;
        return d;
    }
}
