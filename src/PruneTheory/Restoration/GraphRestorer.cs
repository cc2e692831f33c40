using MathNet.Numerics.LinearAlgebra;
using PruneTheory.Graph;

namespace PruneTheory.Restoration;

/// <summary>
/// Restoration on the network description (any Linear/Conv2d/BN/residual network read from a state dict): each
/// <see cref="UnitGroup"/> is viewed as a <see cref="PrunableLayer"/>, every (𝒦, Z) is computed from the original
/// weights first (spec §3.4), then the groups are narrowed (or masked) front to back with Z folded into each consumer.
/// Mutates the network it is given.
/// </summary>
public static class GraphRestorer
{
    /// <summary>
    /// Restores <paramref name="groups"/> at ratio r; kept-count rule defaults to Floor with BN and Round without.
    /// With <paramref name="masks"/> the shapes stay and the removed units are zeroed and masked. <paramref name="bnSpaceErrors"/>:
    /// per group the data-free <see cref="BnSpaceError"/> (null without BN).
    /// </summary>
    public static LayerRestoration[] RestoreInPlace(IReadOnlyList<UnitGroup> groups, RestoreMethod method, PruningCriterion criterion,
        double ratio, RestoreOptions options, out double?[] bnSpaceErrors, KeepCountRule? rule = null, Dictionary<string, double[]>? masks = null)
    {
        var errors = new double?[groups.Count];
        var results = groups.Select((g, i) =>
        {
            var opts = g.Norm is { } bn ? options with { BnEps = bn.Eps } : options;
            var layer = ToPrunable(g);
            var r = Restorer.Restore(layer, method, criterion, ratio, opts, rule) with { CompensationCrossesMaxPool = g.CrossesMaxPool };
            errors[i] = BnSpaceError.Relative(layer, r, opts.BnEps);
            return r;
        }).ToArray();
        bnSpaceErrors = errors;
        for (int i = 0; i < groups.Count; i++) groups[i].Apply(results[i].Kept, results[i].Z.ToArray(), masks);
        return results;
    }

    /// <summary>The producer as a <see cref="PrunableLayer"/>: weight [n, fan-in] (conv filters flattened), bias, BN statistics.</summary>
    public static PrunableLayer ToPrunable(UnitGroup g)
    {
        var w = g.ProducerWeight;
        int n = g.Units, d = g.FanIn;
        var weight = Matrix<double>.Build.Dense(n, d, (r, c) => w.Data[r * d + c]);
        var bias = g.ProducerBias is { } b ? (double[])b.Data.Clone() : null;
        BatchNormParams? bn = g.Norm is { } norm
            ? new BatchNormParams((double[])norm.Gamma.Data.Clone(), (double[])norm.Beta.Data.Clone(), (double[])norm.Mean.Data.Clone(), (double[])norm.Var.Data.Clone())
            : null;
        return new PrunableLayer(g.Name, weight, bias, bn);
    }
}
