using MathNet.Numerics.LinearAlgebra;
using PruneTheory.Networks;
using PruneTheory.Pruning;

namespace PruneTheory.Restoration;

/// <summary>
/// Restoration on the network engine's coupling groups (producer Dense/Conv2d, optional BN, consumer; spec §3.3–§3.4):
/// every (𝒦, Z) is computed from the original weights first, then the groups are sliced front to back with Z folded
/// into each consumer by <see cref="NeuronSurgery.Slice"/>. Mutates the model it is given.
/// </summary>
public static class GroupRestorer
{
    /// <summary>
    /// Restores the groups selected by <paramref name="include"/> (default: all) at ratio r. Kept-count rule defaults to
    /// Floor for producers with BN and Round otherwise. Returns one result per restored group, front to back.
    /// </summary>
    public static LayerRestoration[] RestoreInPlace(Sequential model, RestoreMethod method, PruningCriterion criterion, double ratio,
        RestoreOptions options, KeepCountRule? rule = null, Func<CouplingGroup, bool>? include = null)
    {
        var leaves = model.Leaves("").Select(l => l.Name).ToList();
        var leafLayers = model.Leaves("").Select(l => l.Layer).ToList();
        var groups = CouplingGroup.Find(model).Where(include ?? (_ => true)).ToList();
        var results = groups.Select(g =>
        {
            var layer = ToPrunable(g);
            var opts = g.Norm is { } bn ? options with { BnEps = bn.Eps } : options;
            int from = leaves.IndexOf(g.ProducerName), to = leaves.IndexOf(g.ConsumerName);
            bool crossesMaxPool = leafLayers.Skip(from + 1).Take(to - from - 1).Any(l => l is MaxPool2d);
            return Restorer.Restore(layer, method, criterion, ratio, opts, rule) with { CompensationCrossesMaxPool = crossesMaxPool };
        }).ToArray();
        for (int i = 0; i < groups.Count; i++)
        {
            var keep = new bool[groups[i].Units];
            foreach (int k in results[i].Kept) keep[k] = true;
            NeuronSurgery.Slice(groups[i], keep, results[i].Z.ToArray());
        }
        return results;
    }

    /// <summary>The producer as a <see cref="PrunableLayer"/>: weight [n, fan-in] (conv filters flattened), bias, BN statistics.</summary>
    public static PrunableLayer ToPrunable(CouplingGroup g)
    {
        var w = g.ProducerWeight.Value;
        int n = w[0], d = w.SampleSize;
        var weight = Matrix<double>.Build.Dense(n, d, (r, c) => w.Data[r * d + c]);
        var bias = g.ProducerBias?.Value.Data.Select(x => (double)x).ToArray();
        BatchNormParams? bn = g.Norm is { } norm
            ? new BatchNormParams(D(norm.Gamma.Value.Data), D(norm.Beta.Value.Data), D(norm.RunningMean.Data), D(norm.RunningVar.Data))
            : null;
        return new PrunableLayer(g.ProducerName, weight, bias, bn);
    }

    private static double[] D(float[] a) => a.Select(x => (double)x).ToArray();
}
