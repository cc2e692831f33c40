using PruneTheory.Theory.Relu2D;
using PruneTheory.Theory.SubsetSum;

namespace PruneTheory.Theory.Construction;

/// <summary>
/// Weight pruning in model A (no output ReLU) for the axis target w* = e₁ (spec §2.8, C4: the restricted target for which
/// model A escapes the kink bound). Mask every kept unit with w_k1 &gt; 0 to x₁: σ(w_k1 x₁) = w_k1 σ(x₁), so the pruned network
/// is C·σ(x₁) with C = Σ_S α_k w_k1 and its exact sup error on the unit ball is |1 − C| (attained at x = e₁). Choosing S is one
/// single-target subset sum (target 1) over the values α_k w_k1 of the positive-w₁ units among the first N. A construction:
/// its width is an upper bound on the optimal weight-pruning width of the same network.
/// </summary>
public static class AxisTargetConstruction
{
    /// <summary>Subset sums above this many values are not attempted (cost O(2^{n/2})); the path keeps its last error.</summary>
    public const int MaxValues = 40;

    /// <summary>The subset-sum values α_k w_k1 of the positive-w₁ units among the first n, and their unit indices.</summary>
    public static (double[] Values, int[] Units) Values(NestedNetwork net, int n)
    {
        var units = Enumerable.Range(0, n).Where(k => net.W[k][0] > 0).ToArray();
        return (units.Select(k => net.Alpha[k] * net.W[k][0]).ToArray(), units);
    }

    /// <summary>Exact error and kept units (indices into the network) at width n. O(2^{m/2}), m = positive-w₁ units.</summary>
    public static (double Error, int[] Kept) Solve(NestedNetwork net, int n)
    {
        var (values, units) = Values(net, n);
        if (values.Length == 0) return (1, []);
        var (err, mask) = SubsetSumError.SingleTarget(values, 1);
        return (Math.Min(1, err), err >= 1 ? [] : units.Where((_, i) => (mask >> i & 1) == 1).ToArray());
    }

    /// <summary>
    /// Error at every width N = 1..net.N (non-increasing: the path is nested). Stops solving once the error is at most
    /// <paramref name="floor"/> (or beyond <see cref="MaxValues"/> values) and carries the last error forward, an upper bound.
    /// </summary>
    public static double[] ErrorPath(NestedNetwork net, double floor = 0)
    {
        var path = new double[net.N];
        double last = 1; int solved = 0;
        for (int n = 1; n <= net.N; n++)
        {
            bool added = net.W[n - 1][0] > 0;
            if (added && last > floor && ++solved <= MaxValues) last = Math.Min(last, Solve(net, n).Error);
            path[n - 1] = last;
        }
        return path;
    }

    /// <summary>The kept units as a model-A masked problem (x₁-only options of <see cref="MaskedUnits"/>), for exact verification.</summary>
    public static bool[] AsMaskedSubset(int n, IEnumerable<int> kept)
    {
        var s = new bool[3 * n];
        foreach (int k in kept) s[3 * k + 1] = true;
        return s;
    }
}
