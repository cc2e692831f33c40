using PruneTheory.Graph;
using PruneTheory.Pruning.BiasCompensation;

namespace PruneTheory.ProofsSim.Commands;

/// <summary>
/// The bias-compensation <see cref="Mlp"/> as a view of a dense network description: Linear layers, each optionally
/// followed by a BatchNorm1d (folded: W' = g·W, b' = g·(b − μ) + β with g = γ/√(ν + ε), the same function), one hidden
/// activation kind, a linear read-out. <see cref="WriteBack"/> maps the pruned view onto the network: weights divided by
/// g again (zeros stay zeros), compensated biases into β where a BN follows (the state-dict keys stay those of the model).
/// </summary>
public sealed class NetworkMlp
{
    public Mlp Mlp { get; }
    public Linear[] Layers { get; }
    private readonly BatchNorm?[] _norms;
    private readonly double[][] _g;

    private NetworkMlp(Mlp mlp, Linear[] layers, BatchNorm?[] norms, double[][] g) { Mlp = mlp; Layers = layers; _norms = norms; _g = g; }

    public static NetworkMlp From(Network net)
    {
        var layers = new List<Linear>(); var norms = new List<BatchNorm?>(); var acts = new List<ActivationKind>();
        foreach (var n in net.Nodes)
            switch (n)
            {
                case Flatten when layers.Count == 0: break;
                case Linear l: layers.Add(l); norms.Add(null); break;
                case BatchNorm norm when layers.Count > 0 && norms[^1] is null: norms[^1] = norm; break;
                case Activation a when layers.Count > 0: acts.Add(a.Kind); break;
                default: throw new ArgumentException($"prune works on Linear/BatchNorm1d/ReLU|Tanh chains; '{n.Name}' ({n.GetType().Name}) is not one (restore prunes conv and residual networks)");
            }
        if (acts.Distinct().Count() > 1) throw new ArgumentException("prune needs one hidden activation kind (the network mixes ReLU and Tanh)");
        if (norms[^1] is not null) throw new ArgumentException($"BatchNorm '{norms[^1]!.Name}' after the read-out layer is not supported by prune");
        var act = acts.Count == 0 ? HiddenActivation.Identity : acts[0] == ActivationKind.Relu ? HiddenActivation.Relu : HiddenActivation.Tanh;
        var g = new double[layers.Count][];
        var w = new double[layers.Count][]; var b = new double[layers.Count][];
        for (int l = 0; l < layers.Count; l++)
        {
            var lin = layers[l]; int outs = lin.Out, ins = lin.In;
            g[l] = new double[outs];
            w[l] = new double[outs * ins]; b[l] = new double[outs];
            for (int o = 0; o < outs; o++)
            {
                double bias = lin.Bias?.Data[o] ?? 0, go = 1, shift = 0;
                if (norms[l] is { } bn)
                {
                    go = bn.Gamma.Data[o] / Math.Sqrt(bn.Var.Data[o] + bn.Eps);
                    if (!(go != 0 && double.IsFinite(go))) throw new ArgumentException($"'{bn.Gamma.Name}'[{o}] = {bn.Gamma.Data[o]}: a BatchNorm scale of 0 cannot be folded for pruning");
                    shift = bn.Beta.Data[o] - go * bn.Mean.Data[o];
                }
                g[l][o] = go;
                for (int i = 0; i < ins; i++) w[l][o * ins + i] = go * lin.Weight.Data[o * ins + i];
                b[l][o] = go * bias + shift;
            }
        }
        var sizes = new[] { layers[0].In }.Concat(layers.Select(x => x.Out)).ToArray();
        return new NetworkMlp(new Mlp(sizes, w, b, act), [.. layers], [.. norms], g);
    }

    /// <summary>
    /// Writes the pruned view into <paramref name="net"/> (a clone of the network this view came from) and records the
    /// weight masks (1 kept, 0 pruned) under the weight names. Returns the names of biases that had to be added.
    /// </summary>
    public List<string> WriteBack(Network net, Mlp pruned, bool[][] prunedMask, Dictionary<string, double[]> masks)
    {
        var added = new List<string>();
        var targets = net.Nodes.OfType<Linear>().ToArray();
        var norms = new BatchNorm?[targets.Length];
        int li = -1;
        foreach (var n in net.Nodes) { if (n is Linear) li++; else if (n is BatchNorm b && li >= 0) norms[li] = b; }
        for (int l = 0; l < targets.Length; l++)
        {
            var lin = targets[l]; int outs = lin.Out, ins = lin.In;
            for (int o = 0; o < outs; o++)
                for (int i = 0; i < ins; i++) lin.Weight.Data[o * ins + i] = prunedMask[l][o * ins + i] ? 0 : pruned.Weights[l][o * ins + i] / _g[l][o];
            masks[lin.Weight.Name] = prunedMask[l].Select(p => p ? 0.0 : 1.0).ToArray();
            var bp = pruned.Biases[l];
            if (norms[l] is { } bn)
                for (int o = 0; o < outs; o++) bn.Beta.Data[o] = bp[o] - _g[l][o] * ((lin.Bias?.Data[o] ?? 0) - bn.Mean.Data[o]);
            else if (lin.Bias is { } bias) Array.Copy(bp, bias.Data, outs);
            else if (bp.Any(v => v != 0))
            {
                lin.Bias = new Param($"{lin.Name}.bias", [outs], (double[])bp.Clone());
                added.Add(lin.Bias.Name);
            }
        }
        return added;
    }
}
