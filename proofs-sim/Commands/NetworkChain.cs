using PruneTheory.Graph;
using PruneTheory.Pruning.BiasCompensation;

namespace PruneTheory.ProofsSim.Commands;

/// <summary>
/// A Linear or Conv2d of a chain with the BatchNorm right after it folded in: W' = g·W, b' = g·(b − μ) + β per output
/// unit or channel, g = γ/√(ν + ε) (the same function); W' as <see cref="Out"/> rows of <see cref="FanIn"/> entries, PyTorch's layout.
/// </summary>
public sealed record FoldedLayer(Node Node, BatchNorm? Norm, double[] G, double[] W, double[] B, int[] WeightShape)
{
    public int Out => B.Length;
    public int FanIn => W.Length / B.Length;
}

/// <summary>
/// The folded view prune works on: Linear/Conv2d layers, each optionally followed by a BatchNorm, with ReLU/Tanh, pools,
/// Flatten and residual blocks between. A dense chain becomes the float64 <see cref="Mlp"/> (<see cref="ToMlp"/>),
/// a conv network (chains and residual blocks) the float32 engine model of <see cref="ChainEngine"/>. <see cref="WriteBack"/>
/// maps pruned folded weights and biases onto a clone of the network: weights divided by g again (zeros stay zeros),
/// compensated biases into β where a BN follows (the state-dict keys stay those of the model).
/// </summary>
public sealed class NetworkChain
{
    public IReadOnlyList<FoldedLayer> Layers { get; }
    /// <summary>The network's top-level nodes without the folded BatchNorms (those inside residual blocks are skipped by
    /// <see cref="ChainEngine"/>): what the folded function runs through.</summary>
    public IReadOnlyList<Node> Steps { get; }
    public int[] InputShape { get; }
    public bool IsConv => Steps.Any(n => n is Conv2d or Pool or Residual);
    public long WeightCount => Layers.Sum(l => (long)l.W.Length);

    private NetworkChain(List<FoldedLayer> layers, List<Node> steps, int[] inputShape) { Layers = layers; Steps = steps; InputShape = inputShape; }

    public static NetworkChain From(Network net)
    {
        var layers = WeightLayers(net).Select(p => Fold(p.Layer, p.Norm)).ToList();
        if (layers[^1].Norm is { } last) throw new ArgumentException($"BatchNorm '{last.Name}' after the read-out layer is not supported by prune");
        return new NetworkChain(layers, net.Nodes.Where(n => n is not BatchNorm).ToList(), net.InputShape);
    }

    /// <summary>"784-300-100-10" for a dense chain; conv layers as "c8" after the input shape, e.g. "1x28x28-c8-c12-32-10".</summary>
    public string Describe() => string.Join("-", new[] { string.Join("x", InputShape) }.Concat(Layers.Select(l => (l.Node is Conv2d ? "c" : "") + l.Out)));

    /// <summary>The dense chain as an <see cref="Mlp"/>: [Flatten] Linear (act Linear)* with one activation kind in every gap, or none in any.</summary>
    public Mlp ToMlp()
    {
        var acts = new List<ActivationKind?>();
        for (int i = 0; i < Steps.Count; i++)
            switch (Steps[i])
            {
                case Flatten when i == 0: break;
                case Linear when i > 0 && Steps[i - 1] is Linear: acts.Add(null); break;
                case Linear: break;
                case Activation a when i > 0 && Steps[i - 1] is Linear && i + 1 < Steps.Count && Steps[i + 1] is Linear: acts.Add(a.Kind); break;
                default: throw new ArgumentException($"'{Steps[i].Name}' ({Steps[i].GetType().Name}) has no place in a dense chain [Flatten] Linear (ReLU|Tanh Linear)*");
            }
        if (acts.Distinct().Count() > 1) throw new ArgumentException("prune needs one hidden activation kind in a dense network (this one mixes ReLU, Tanh or none)");
        var act = acts.Count == 0 || acts[0] is null ? HiddenActivation.Identity : acts[0] == ActivationKind.Relu ? HiddenActivation.Relu : HiddenActivation.Tanh;
        var sizes = new[] { Layers[0].FanIn }.Concat(Layers.Select(l => l.Out)).ToArray();
        return new Mlp(sizes, Layers.Select(l => (double[])l.W.Clone()).ToArray(), Layers.Select(l => (double[])l.B.Clone()).ToArray(), act);
    }

    /// <summary>
    /// Writes pruned folded weights and biases into <paramref name="net"/> (a clone of the network this view came from) and
    /// records the weight masks (1 kept, 0 pruned) under the weight names. Returns the names of biases that had to be added.
    /// </summary>
    public List<string> WriteBack(Network net, double[][] weights, double[][] biases, bool[][] pruned, Dictionary<string, double[]> masks)
    {
        var added = new List<string>();
        var targets = WeightLayers(net);
        for (int l = 0; l < targets.Count; l++)
        {
            var (node, bn) = targets[l];
            var f = Layers[l];
            var (w, bias) = Tensors(node);
            for (int q = 0; q < w.Data.Length; q++) w.Data[q] = pruned[l][q] ? 0 : weights[l][q] / f.G[q / f.FanIn];
            masks[w.Name] = pruned[l].Select(p => p ? 0.0 : 1.0).ToArray();
            var bp = biases[l];
            if (bn is not null)
                for (int o = 0; o < f.Out; o++) bn.Beta.Data[o] = bp[o] - f.G[o] * ((bias?.Data[o] ?? 0) - bn.Mean.Data[o]);
            else if (bias is not null) Array.Copy(bp, bias.Data, f.Out);
            else if (bp.Any(v => v != 0))
            {
                var b = new Param($"{node.Name}.bias", [f.Out], (double[])bp.Clone());
                if (node is Linear lin) lin.Bias = b; else ((Conv2d)node).Bias = b;
                added.Add(b.Name);
            }
        }
        return added;
    }

    /// <summary>
    /// Each Linear/Conv2d with the BatchNorm directly after it, in forward order (inside a residual block: its main
    /// branch, then its shortcut layers); refuses a BN after anything else.
    /// </summary>
    private static List<(Node Layer, BatchNorm? Norm)> WeightLayers(Network net)
    {
        var list = new List<(Node Layer, BatchNorm? Norm)>();
        Collect(net.Nodes, list);
        if (list.Count == 0) throw new ArgumentException("the network has no Linear or Conv2d layer to prune");
        return list;
    }

    private static void Collect(List<Node> nodes, List<(Node Layer, BatchNorm? Norm)> list)
    {
        Node? prev = null;
        foreach (var n in nodes)
        {
            switch (n)
            {
                case Residual r:
                    Collect(r.Main, list);
                    if (r.Kind == ShortcutKind.Layers) Collect(r.Shortcut, list);
                    break;
                case Linear or Conv2d: list.Add((n, null)); break;
                case BatchNorm bn when prev is Linear or Conv2d: list[^1] = (prev, bn); break;
                case BatchNorm bn: throw new ArgumentException($"BatchNorm '{bn.Name}' does not follow a Linear/Conv2d directly: prune folds each BatchNorm into the layer before it");
            }
            prev = n;
        }
    }

    private static (Param Weight, Param? Bias) Tensors(Node n) => n switch
    {
        Linear l => (l.Weight, l.Bias),
        Conv2d c => (c.Weight, c.Bias),
        _ => throw new ArgumentException($"'{n.Name}' is not a weight layer"),
    };

    private static FoldedLayer Fold(Node layer, BatchNorm? bn)
    {
        var (w, bias) = Tensors(layer);
        int outs = w[0], fan = w.Data.Length / outs;
        var g = new double[outs]; var fw = new double[w.Data.Length]; var fb = new double[outs];
        for (int o = 0; o < outs; o++)
        {
            double go = 1, shift = 0;
            if (bn is not null)
            {
                go = bn.Gamma.Data[o] / Math.Sqrt(bn.Var.Data[o] + bn.Eps);
                if (!(go != 0 && double.IsFinite(go))) throw new ArgumentException($"'{bn.Gamma.Name}'[{o}] = {bn.Gamma.Data[o]}: a BatchNorm scale of 0 cannot be folded for pruning");
                shift = bn.Beta.Data[o] - go * bn.Mean.Data[o];
            }
            g[o] = go;
            for (int i = 0; i < fan; i++) fw[o * fan + i] = go * w.Data[o * fan + i];
            fb[o] = go * (bias?.Data[o] ?? 0) + shift;
        }
        return new FoldedLayer(layer, bn, g, fw, fb, (int[])w.Shape.Clone());
    }
}
