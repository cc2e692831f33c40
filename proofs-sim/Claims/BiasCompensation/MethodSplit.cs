using PruneTheory.Networks;

namespace PruneTheory.ProofsSim.Claims.BiasCompensation;

/// <summary>
/// Splits a spec's methods into <c>groups</c> trials per trained network (round-robin in the order EC first, then the
/// spec's order, so EC's group also holds rivals and the costly methods spread out) and merges them back per replicate.
/// </summary>
public static class MethodSplit
{
    /// <summary>The methods of group <paramref name="g"/> of <paramref name="groups"/> (spec order kept inside a group).</summary>
    public static string[] Of(IReadOnlyList<string> methods, int groups, int g)
    {
        var order = new[] { "ec" }.Concat(methods.Where(m => m != "ec")).ToList();
        var mine = order.Where((_, i) => i % groups == g).ToHashSet();
        return methods.Where(mine.Contains).ToArray();
    }

    /// <summary>
    /// One record per replicate: the trials of a replicate (same <paramref name="replicate"/> key) with their curves
    /// concatenated in group order. Other fields come from the first trial (they depend only on the trained network).
    /// </summary>
    public static List<T> Merge<T>(IEnumerable<T> trials, Func<T, string> replicate, Func<T, int> group, Func<T, MethodCurve[]> curves,
        Func<T, MethodCurve[], T> with) =>
        trials.GroupBy(replicate).Select(g =>
        {
            var parts = g.OrderBy(group).ToList();
            return parts.Count == 1 ? parts[0] : with(parts[0], parts.SelectMany(curves).ToArray());
        }).ToList();

    public static IEnumerable<string> Check(int groups, int methods) =>
        groups < 1 || groups > methods ? [$"method_groups must lie in [1, {methods}] (one trial per network and group), got {groups}"] : [];
}
