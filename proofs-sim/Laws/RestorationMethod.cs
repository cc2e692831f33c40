using MathNet.Numerics.LinearAlgebra;
using PruneTheory.Restoration;

namespace PruneTheory.Laws.Adapters;

/// <summary>
/// Prune-only, Neuron Merging or LBYL (either mode) as a kit method. Every hidden layer is pruned at the
/// ratio with (𝒦, Z) computed from its original weights, Z folded into the next layer (spec §3.4). Plain
/// MLPs use the FC formulas (bias appended); with <c>batchNorm</c> the hidden layers are bias-free dense+BN
/// (a 1×1 conv+BN) and the conv+BN formulas apply. Own objective: LBYL's ridge objective (LBYL), the
/// reconstruction error of the pruned pre-activation (NM); plain pruning is Z_p = 0.
/// </summary>
public sealed class RestorationMethod(RestoreMethod method, PruningCriterion criterion, RestoreOptions options, bool batchNorm = false) : IPruningMethod
{
    public string Name => $"{method} {criterion} {options.Mode}{(batchNorm ? " +BN" : "")}";
    public Granularity Granularity => Granularity.Neurons;
    public bool? NeedsBatchNorm => batchNorm;

    public PruneOutcome Prune(LawCase c)
    {
        var net = c.Net;
        if (net.Layers.Take(net.HiddenLayers).Any(l => (l.Bn is not null) != batchNorm))
            throw new ArgumentException(batchNorm ? "this method needs batch norm after every hidden layer" : "this method takes plain MLPs (no batch norm)");
        var rule = KeepCount.DefaultRule(batchNorm);
        var results = new LayerRestoration[net.HiddenLayers];
        double own = 0, plain = 0;
        for (int l = 0; l < results.Length; l++)
        {
            var layer = Prunable(net, l);
            results[l] = Restorer.Restore(layer, method, criterion, c.Ratio, options, rule);
            var (o, p) = Objectives(layer, results[l]);
            own += o; plain += p;
        }
        var pruned = Apply(net, results);
        long removed = results.Sum(r => (long)r.Pruned.Length);
        var outcome = new PruneOutcome(pruned, removed, removed) { KeptUnits = results.Select(r => r.Kept).ToArray() };
        return method == RestoreMethod.Prune ? outcome : outcome with { OwnObjective = own, PlainObjective = plain };
    }

    private PrunableLayer Prunable(LawNet net, int l)
    {
        var layer = net.Layers[l];
        var w = Matrix<double>.Build.DenseOfArray(layer.W);
        if (layer.Bn is not { } bn) return new PrunableLayer($"layer{l}", w, layer.B);
        return new PrunableLayer($"layer{l}", w, null, new BatchNormParams(bn.Gamma, bn.Beta, bn.Mean, bn.Var));
    }

    private (double Own, double Plain) Objectives(PrunableLayer layer, LayerRestoration r)
    {
        // NM has no objective of its own: score it on the reconstruction error of the pruned pre-activation
        // (weight residual plus the exact BN term, coefficients c = Z_p ⊘ K), which a merge is meant to shrink.
        var flags = method == RestoreMethod.Lbyl ? r.Flags
            : r.Flags with { Lambda1 = 1, Lambda2 = 0, LbylExactBnTerm = true, LbylApplyK = true, LbylFcCenter = false };
        var zero = Vector<double>.Build.Dense(r.Kept.Length);
        double own = 0, plain = 0;
        foreach (int p in r.Pruned)
        {
            own += Objective.Evaluate(layer, r.Kept, p, r.Z.Row(p), flags);
            plain += Objective.Evaluate(layer, r.Kept, p, zero, flags);
        }
        return (own, plain);
    }

    /// <summary>Slices each hidden layer (rows, bias, BN) to its kept units after folding the previous Z into its inputs.</summary>
    private static LawNet Apply(LawNet net, LayerRestoration[] results)
    {
        var layers = new LawLayer[net.Layers.Count];
        for (int l = 0; l < layers.Length; l++)
        {
            var src = net.Layers[l];
            var w = Matrix<double>.Build.DenseOfArray(src.W);
            if (l > 0) w = Delivery.ApplyToConsumer(w, results[l - 1].Z);
            double[] b = src.B;
            BnParams? bn = src.Bn;
            if (l < results.Length)
            {
                var kept = results[l].Kept;
                w = Delivery.SliceRows(w, kept);
                b = kept.Select(k => src.B[k]).ToArray();
                bn = src.Bn?.Select(kept);
            }
            layers[l] = new LawLayer(w.ToArray(), b, bn);
        }
        return new LawNet(layers);
    }
}
