using PruneTheory.Networks;

namespace PruneTheory.ProofsSim.Claims.BiasCompensation;

/// <summary>
/// The trained network of a replicate, shared by the trials that score different method groups on it (issue 12:
/// finer work units). The parameters go through a <see cref="ModelCache"/> keyed by everything training reads
/// (claim, seed, cell, training spec): a trial that finds no cached model trains it deterministically, so stored rows
/// are the same with or without the cache and for any shard split. Tests scope another cache (or none) with
/// <see cref="Scoped{T}"/>; the scope flows into parallel trials (AsyncLocal).
/// </summary>
public static class TrainedModels
{
    private static readonly AsyncLocal<Scope?> Current = new();
    private sealed record Scope(ModelCache? Cache);

    /// <summary>Runs <paramref name="body"/> with <paramref name="cache"/> (null: no cache, every trial trains its network).</summary>
    public static T Scoped<T>(ModelCache? cache, Func<T> body)
    {
        var previous = Current.Value;
        Current.Value = new Scope(cache);
        try { return body(); }
        finally { Current.Value = previous; }
    }

    /// <summary>The model of (<paramref name="kind"/>, <paramref name="key"/>): from the cache, else built and trained (then stored).</summary>
    public static Sequential GetOrTrain(string kind, object key, Func<Sequential> build, Action<Sequential> train)
    {
        var cache = Current.Value is { } s ? s.Cache : ModelCache.Default();
        if (cache is not null) return cache.GetOrTrain(kind, key, build, train);
        var model = build();
        train(model);
        return model;
    }
}

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
