using PruneTheory.Graph;
using PruneTheory.Networks;
using PruneTheory.Pruning.BiasCompensation;
using PruneTheory.Random;
using EngineConv = PruneTheory.Networks.Conv2d;
using EngineFlatten = PruneTheory.Networks.Flatten;
using GraphConv = PruneTheory.Graph.Conv2d;
using GraphFlatten = PruneTheory.Graph.Flatten;
using GraphLinear = PruneTheory.Graph.Linear;

namespace PruneTheory.ProofsSim.Commands;

/// <summary>
/// prune on a folded conv network: the float32 engine model <see cref="SequentialPruning"/> scores (its statistics take
/// Dense/Conv2d with sample-independent layers between: ReLU, tanh, pools, flatten, residual blocks; no BatchNorm: hence
/// the folding), then selection and the
/// compensating bias shifts applied in float64 to the folded weights, as for dense networks.
/// </summary>
public static class ChainEngine
{
    /// <summary>The method SequentialPruning runs for <paramref name="name"/> ("biascomp" = "ec"); others are refused naming the supported ones.</summary>
    public static string Method(string name)
    {
        string m = name == "biascomp" ? "ec" : name;
        if (!SequentialPruning.Methods.Contains(m))
            throw new ArgumentException($"method '{name}' is not supported on conv networks; supported there: biascomp (= ec), {string.Join(", ", SequentialPruning.Methods.Where(x => x != "ec"))}");
        return m;
    }

    /// <summary>Scores, selects and compensates; returns the pruned folded weights and biases and the mask (true = pruned).</summary>
    public static (double[][] Weights, double[][] Biases, bool[][] Mask) Prune(NetworkChain chain, string method, CalibrationSet calib, double ratio, SelectionScope scope, RngKey key)
    {
        var x = new Tensor([calib.Count, .. chain.InputShape], EngineAdapter.ToFloat(calib.X));
        var imp = SequentialPruning.Score(method, ToSequential(chain), x, key);
        var mask = Selection.Select(imp.Scores, ratio, scope);
        var w = chain.Layers.Select(l => (double[])l.W.Clone()).ToArray();
        var b = chain.Layers.Select(l => (double[])l.B.Clone()).ToArray();
        for (int l = 0; l < w.Length; l++) Pruner.ApplyLayer(w[l], b[l], mask[l], imp.BiasShifts?[l], imp.RowOffsets?[l]);
        return (w, b, mask);
    }

    /// <summary>The folded network as an engine model (float32 copies; every weight layer gets a bias, the folded one).</summary>
    public static Sequential ToSequential(NetworkChain chain)
    {
        int li = 0;
        return Build(chain.Steps, chain, ref li);
    }

    /// <summary>The engine layers of <paramref name="nodes"/>, BatchNorms skipped (folded into the layer before them).</summary>
    private static Sequential Build(IEnumerable<Node> nodes, NetworkChain chain, ref int li)
    {
        var layers = new List<Layer>();
        foreach (var n in nodes)
        {
            if (n is PruneTheory.Graph.BatchNorm) continue;
            if (n is Residual r)
            {
                var main = Build(r.Main, chain, ref li);
                layers.Add(r.Kind switch
                {
                    ShortcutKind.Identity => new ResidualBlock(main, ResidualShortcut.Identity),
                    ShortcutKind.Layers => new ResidualBlock(main, ResidualShortcut.Layers, Build(r.Shortcut, chain, ref li)),
                    _ => new ResidualBlock(main, ResidualShortcut.PadChannels),
                });
                continue;
            }
            layers.Add(n switch
            {
                GraphLinear or GraphConv => Weighted(chain.Layers[li++]),
                Activation { Kind: ActivationKind.Relu } => new ReLU(),
                Activation => new TanhLayer(),
                Pool { Kind: PoolKind.Average } p => new AvgPool2d(p.Kernel, p.Stride, p.Global),
                Pool { Global: false } p => new MaxPool2d(p.Kernel, p.Stride),
                Pool p => throw new ArgumentException($"'{p.Name}' is a global max pool, which prune's conv path does not support"),
                GraphFlatten => new EngineFlatten(),
                _ => throw new ArgumentException($"'{n.Name}' ({n.GetType().Name}) has no place in a conv network prune can score"),
            });
        }
        return Sequential.Indexed([.. layers]);
    }

    private static Layer Weighted(FoldedLayer f)
    {
        var key = RngKey.FromSeed(0);   // the initial values are replaced at once
        Layer layer; Parameter w, b;
        switch (f.Node)
        {
            case GraphLinear l: var d = new Dense(l.In, l.Out, true, key); (layer, w, b) = (d, d.Weight, d.Bias!); break;
            case GraphConv c: var e = new EngineConv(c.In, c.Out, c.KernelH, key, c.Stride, c.Padding); (layer, w, b) = (e, e.Weight, e.Bias!); break;
            default: throw new ArgumentException($"'{f.Node.Name}' is not a weight layer");
        }
        w.Replace(new Tensor((int[])f.WeightShape.Clone(), EngineAdapter.ToFloat(f.W)));   // [out, in, kh, kw]: non-square kernels too
        b.Replace(new Tensor([f.Out], EngineAdapter.ToFloat(f.B)));
        return layer;
    }
}
