using PruneTheory.IO;
using PruneTheory.Networks;
using PruneTheory.Random;

namespace PruneTheory.Pruning.BiasCompensation;

/// <summary>Converts between the float32 training engine / state dicts and the float64 <see cref="Mlp"/> used for pruning.</summary>
public static class EngineAdapter
{
    /// <summary>Dense layers (with biases) separated by one activation kind (ReLU or tanh), linear read-out.</summary>
    public static Sequential BuildSequential(int[] sizes, HiddenActivation act, RngKey key, InitScheme init = InitScheme.HeNormal)
    {
        if (sizes is null || sizes.Length < 2) throw new ArgumentException("need at least two layer sizes");
        var layers = new List<Layer>();
        for (int l = 0; l + 1 < sizes.Length; l++)
        {
            if (l > 0 && act != HiddenActivation.Identity) layers.Add(act == HiddenActivation.Relu ? new ReLU() : new TanhLayer());
            layers.Add(new Dense(sizes[l], sizes[l + 1], true, key.FoldIn(layers.Count.ToString()), init));
        }
        return Sequential.Indexed([.. layers]);
    }

    /// <summary>Reads the Dense chain of a sequential model (float32 → float64 copies).</summary>
    public static Mlp ToMlp(Sequential model)
    {
        var dense = model.Leaves("").Select(t => t.Layer).OfType<Dense>().ToList();
        var leaves = model.Leaves("").Select(t => t.Layer).ToList();
        var act = leaves.Any(l => l is TanhLayer) ? HiddenActivation.Tanh : leaves.Any(l => l is ReLU) ? HiddenActivation.Relu : HiddenActivation.Identity;
        if (dense.Count == 0) throw new ArgumentException("model has no Dense layers");
        var sizes = new[] { dense[0].InFeatures }.Concat(dense.Select(d => d.OutFeatures)).ToArray();
        return new Mlp(sizes, dense.Select(d => ToDouble(d.Weight.Value.Data)).ToArray(),
            dense.Select(d => d.Bias is null ? new double[d.OutFeatures] : ToDouble(d.Bias.Value.Data)).ToArray(), act);
    }

    /// <summary>Writes weights and biases back into the model's Dense layers (float64 → float32).</summary>
    public static void CopyInto(Mlp net, Sequential model)
    {
        var dense = model.Leaves("").Select(t => t.Layer).OfType<Dense>().ToList();
        if (dense.Count != net.Layers) throw new ArgumentException($"model has {dense.Count} Dense layers, network {net.Layers}");
        for (int l = 0; l < dense.Count; l++)
        {
            if (dense[l].Bias is null) throw new ArgumentException("bias compensation needs Dense layers with biases");
            ToFloat(net.Weights[l], dense[l].Weight.Value.Data);
            ToFloat(net.Biases[l], dense[l].Bias!.Value.Data);
        }
    }

    /// <summary>
    /// An MLP from a state dict: rank-2 "*.weight" tensors chained by shape (out_l = in_{l+1}) with their "*.bias"
    /// (zeros if absent); returns the names used so the pruned tensors can be written back under them.
    /// </summary>
    public static (Mlp Net, string[] WeightNames, string[] BiasNames) FromStateDict(IReadOnlyDictionary<string, TensorData> state, HiddenActivation act)
    {
        var weights = state.Where(kv => kv.Key.EndsWith("weight", StringComparison.Ordinal) && kv.Value.Rank == 2).ToList();
        if (weights.Count == 0) throw new ArgumentException("no rank-2 '*weight' tensors: not a dense MLP");
        var firsts = weights.Where(w => !weights.Any(o => o.Value.Shape[0] == w.Value.Shape[1] && o.Key != w.Key)).ToList();
        if (firsts.Count != 1) throw new ArgumentException("cannot order the weight matrices into one chain (ambiguous or cyclic shapes)");
        var chain = new List<KeyValuePair<string, TensorData>> { firsts[0] };
        while (true)
        {
            var next = weights.Where(w => w.Value.Shape[1] == chain[^1].Value.Shape[0] && !chain.Contains(w)).ToList();
            if (next.Count == 0) break;
            if (next.Count > 1) throw new ArgumentException("cannot order the weight matrices into one chain (ambiguous shapes)");
            chain.Add(next[0]);
        }
        if (chain.Count != weights.Count) throw new ArgumentException($"only {chain.Count} of {weights.Count} weight matrices form a chain");
        var biasNames = chain.Select(w => w.Key[..^"weight".Length] + "bias").ToArray();
        var sizes = new[] { chain[0].Value.Shape[1] }.Concat(chain.Select(w => w.Value.Shape[0])).ToArray();
        var b = biasNames.Select((n, l) => state.TryGetValue(n, out var t)
            ? (t.Rank == 1 && t.Shape[0] == sizes[l + 1] ? ToDouble(t.Data) : throw new ArgumentException($"bias '{n}' has shape [{string.Join(",", t.Shape)}], expected [{sizes[l + 1]}]"))
            : new double[sizes[l + 1]]).ToArray();
        return (new Mlp(sizes, chain.Select(w => ToDouble(w.Value.Data)).ToArray(), b, act), chain.Select(w => w.Key).ToArray(), biasNames);
    }

    private static double[] ToDouble(float[] x) { var d = new double[x.Length]; for (int i = 0; i < x.Length; i++) d[i] = x[i]; return d; }
    private static void ToFloat(double[] x, float[] dst) { for (int i = 0; i < x.Length; i++) dst[i] = (float)x[i]; }

    public static float[] ToFloat(double[] x) { var f = new float[x.Length]; ToFloat(x, f); return f; }
}
