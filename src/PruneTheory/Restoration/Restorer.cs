using MathNet.Numerics.LinearAlgebra;

namespace PruneTheory.Restoration;

/// <summary>Outcome of restoring one layer: kept set, delivery matrix, the flags actually used and warnings.</summary>
public sealed record LayerRestoration(
    string Layer,
    RestoreMethod Method,
    PruningCriterion Criterion,
    int[] Kept,
    int[] Pruned,
    Matrix<double> Z,
    ResolvedRestoreFlags Flags,
    int MergedCount,
    IReadOnlyList<string> Warnings)
{
    /// <summary>Q5: Z was folded across a max-pool (exact only for NM with S &gt; 0); set by the caller that knows the architecture.</summary>
    public bool CompensationCrossesMaxPool { get; init; }
}

/// <summary>
/// Computes (𝒦, Z) for one prunable layer from its original weights (spec §3.4: every layer independently).
/// FC without BN uses ŵ = [w; b]; a layer with BN uses the conv+BN formulas.
/// </summary>
public static class Restorer
{
    /// <summary>Kept set by criterion at ratio r (rule defaults to Round without BN, Floor with BN), then Z by method.</summary>
    public static LayerRestoration Restore(PrunableLayer layer, RestoreMethod method, PruningCriterion criterion, double ratio,
        RestoreOptions options, KeepCountRule? rule = null)
    {
        int m = KeepCount.Kept(layer.Count, ratio, rule ?? KeepCount.DefaultRule(layer.HasBatchNorm));
        return RestoreWithCount(layer, method, criterion, m, options);
    }

    /// <summary>As <see cref="Restore"/> with an explicit kept count m. Cost dominated by the method (see NM/LBYL).</summary>
    public static LayerRestoration RestoreWithCount(PrunableLayer layer, RestoreMethod method, PruningCriterion criterion, int m, RestoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(options);
        var flags = options.Resolve(layer.HasBatchNorm);
        var warnings = new List<string>();
        var v = layer.CriterionVectors();
        var kept = Criteria.SelectKept(Criteria.Scores(v, criterion), m, warnings, layer.Name);
        return WithKept(layer, method, criterion, kept, flags, warnings);
    }

    /// <summary>Z for a given kept set (used by tests for permutation checks and by callers with their own selection).</summary>
    public static LayerRestoration WithKept(PrunableLayer layer, RestoreMethod method, PruningCriterion criterion, int[] kept,
        ResolvedRestoreFlags flags, List<string>? warnings = null)
    {
        warnings ??= [];
        if (kept.Length == 0 || kept.Distinct().Count() != kept.Length || kept.Any(k => k < 0 || k >= layer.Count) || !IsAscending(kept))
            throw new ArgumentException($"layer '{layer.Name}': kept indices must be distinct, ascending and in [0, {layer.Count})");
        var v = layer.CriterionVectors();
        int merged = 0;
        Matrix<double> z;
        if (method == RestoreMethod.Prune) z = Delivery.KeptIdentity(layer.Count, kept);
        else if (layer.Bn == null)
            z = method == RestoreMethod.NeuronMerging
                ? NeuronMerging.FcDelivery(layer.Name, v, kept, flags.NmThreshold, out merged)
                : Lbyl.FcDelivery(layer.Name, v, kept, flags);
        else
        {
            var bn = new BnAffine(layer.Name, layer.Bn, layer.Bias, flags.Sigma, flags.BnEps);
            z = method == RestoreMethod.NeuronMerging
                ? NeuronMerging.ConvBnDelivery(layer.Name, layer.Weight, kept, bn, flags, out merged)
                : Lbyl.ConvBnDelivery(layer.Name, layer.Weight, kept, bn, flags);
        }
        if (method == RestoreMethod.Lbyl) merged = layer.Count - kept.Length;
        return new LayerRestoration(layer.Name, method, criterion, kept, Criteria.Complement(layer.Count, kept),
            Delivery.RequireFinite(layer.Name, z), flags, merged, warnings);
    }

    private static bool IsAscending(int[] a)
    {
        for (int i = 1; i < a.Length; i++) if (a[i] <= a[i - 1]) return false;
        return true;
    }
}
