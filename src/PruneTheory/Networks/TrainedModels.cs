namespace PruneTheory.Networks;

/// <summary>
/// The trained network of a replicate, shared by the trials that work on it (different method groups, ratios or
/// criteria; issue 12: finer work units; see <see cref="PruneTheory.Experiments.ReplicateCells"/>). The parameters go through a
/// <see cref="ModelCache"/> keyed by everything training reads (claim, seed, cell, training spec): a trial that finds no cached model trains it deterministically, so stored rows
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

