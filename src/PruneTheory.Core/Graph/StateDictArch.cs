using PruneTheory.IO;

namespace PruneTheory.Graph;

/// <summary>Options of <see cref="StateDictArch.Infer"/>.</summary>
public sealed record ArchOptions
{
    /// <summary>Activation after every hidden Linear/Conv (and BN); null: none (a linear network).</summary>
    public ActivationKind? Activation { get; init; } = ActivationKind.Relu;
    /// <summary>Per-sample input shape; null: <see cref="DataShape"/> for conv nets, else [C, 28, 28] (C = 1) or [C, 32, 32]; MLPs take [in_features].</summary>
    public int[]? InputShape { get; init; }
    /// <summary>The shape of the data's samples, a fallback for conv nets (an MLP flattens it).</summary>
    public int[]? DataShape { get; init; }
    public double BnEps { get; init; } = 1e-5;
}

/// <summary>
/// --arch auto: the network described by PyTorch state-dict names alone (docs/networks.md). Chains
/// (nn.Sequential indices "0.weight", "features.3.weight", named "ip1", "fc2"): an activation after every hidden
/// Linear/Conv (after its BN), a gap of k &gt; 1 unused indices after a conv holds k − 1 MaxPool2d(2) (after a Linear:
/// dropouts), a conv → Linear step flattens (pooling there: max-pools of 2 or a global average pool, the one that
/// gives the Linear's in_features). Convs: stride 1, padding k // 2. CIFAR ResNets ("layerX.Y.convZ"): conv1/bn1/ReLU
/// stem, BasicBlocks (stride 2 where conv2's output differs from conv1's input channels; shortcut "shortcut.0/1" or "downsample.0/1", else option A
/// padding), global average pool, "fc"/"linear". Shapes are checked against this, never used to order layers.
/// </summary>
public static class StateDictArch
{
    public static Network Infer(IReadOnlyDictionary<string, TensorData> tensors, ArchOptions? options = null)
    {
        options ??= new ArchOptions();
        var modules = StateModules.Of(tensors);
        if (modules.Count == 0) throw new ArgumentException("the file holds no tensors");
        return modules.Any(m => m.Path.Length >= 3 && m.Path[0].StartsWith("layer", StringComparison.Ordinal) && m.Index is null && int.TryParse(m.Path[1], out _))
            ? ResNet(tensors, modules, options)
            : Chain(tensors, modules, options);
    }

    private static Network Chain(IReadOnlyDictionary<string, TensorData> t, List<StateModule> mods, ArchOptions o)
    {
        var nodes = new List<Node>();
        var producers = Producers(t, mods, o);
        bool conv = producers[0].Node is Conv2d;
        int[] input;
        if (conv) input = o.InputShape ?? o.DataShape ?? DefaultImage(((Conv2d)producers[0].Node).In);
        else
        {
            int din = ((Linear)producers[0].Node).In;
            if (o.InputShape is { } given && given.Aggregate(1, (a, b) => a * b) != din)
                throw new ArgumentException($"--input-shape [{string.Join(", ", given)}] has not the {din} inputs of '{((Linear)producers[0].Node).Weight.Name}'");
            input = [din];
        }
        for (int i = 0; i < producers.Count; i++)
        {
            var (p, bn, last, _) = producers[i];
            nodes.Add(p);
            if (bn is not null) nodes.Add(bn);
            if (i == producers.Count - 1) break;
            var next = producers[i + 1];
            if (o.Activation is { } act) nodes.Add(new Activation($"{last.Prefix}+act", act));
            int? gap = last.Parent == next.First.Parent && last.Index is { } a && next.First.Index is { } b ? b - a - 1 : null;
            if (p is Conv2d && next.Node is Conv2d)
                for (int k = 1; k < (gap ?? 1); k++) nodes.Add(new Pool($"{last.Prefix}+pool{k}", PoolKind.Max, 2, 2));
            else if (p is Conv2d && next.Node is Linear lin)
            {
                if (gap is { } g) for (int k = 2; k < g; k++) nodes.Add(new Pool($"{last.Prefix}+pool{k}", PoolKind.Max, 2, 2));
                else nodes.AddRange(TransitionPools(nodes, input, lin, last.Prefix));
                nodes.Add(new Flatten($"{last.Prefix}+flatten"));
            }
            else if (p is Linear && next.Node is Conv2d) throw new ArgumentException($"'{next.First.Names["weight"]}' (Conv2d) follows a Linear layer: give --arch-file");
        }
        return new Network(nodes, input);
    }

    /// <summary>Pools at the end of a conv stack whose next Linear's in_features fixes them: none, max-pools of 2, or a global average.</summary>
    private static List<Node> TransitionPools(List<Node> nodes, int[] input, Linear lin, string at)
    {
        var s = Network.ShapeOf(nodes, input);
        for (int p = 0; (s[1] >> p) >= 1; p++)
            if (s[0] * (s[1] >> p) * (s[2] >> p) == lin.In)
                return Enumerable.Range(1, p).Select(k => (Node)new Pool($"{at}+pool{k}", PoolKind.Max, 2, 2)).ToList();
        if (s[0] == lin.In) return [new Pool($"{at}+avgpool", PoolKind.Average, 0, 1, global: true)];
        throw new ArgumentException($"'{lin.Weight.Name}' expects {lin.In} inputs, but the convs give [{string.Join(", ", s)}] and no pooling of 2 or global average fits: give --input-shape or --arch-file");
    }

    private sealed record Producer(Node Node, BatchNorm? Bn, StateModule Last, StateModule First);

    /// <summary>Each Linear/Conv with the BatchNorm that directly follows it; a BatchNorm elsewhere is refused.</summary>
    private static List<Producer> Producers(IReadOnlyDictionary<string, TensorData> t, List<StateModule> mods, ArchOptions o, Func<StateModule, (int, int)>? conv = null)
    {
        var list = new List<Producer>();
        for (int i = 0; i < mods.Count; i++)
        {
            var m = mods[i];
            if (m.IsNorm) throw new ArgumentException($"BatchNorm '{m.Names["running_mean"]}' follows no Linear/Conv2d layer: give --arch-file");
            var w = StateModules.Weight(t, m);
            Node node = w.Rank == 2 ? new Linear(m.Prefix, P(m, "weight", w), B(t, m))
                : new Conv2d(m.Prefix, P(m, "weight", w), B(t, m), conv?.Invoke(m).Item1 ?? 1, conv?.Invoke(m).Item2 ?? w.Shape[2] / 2);
            BatchNorm? bn = null;
            if (i + 1 < mods.Count && mods[i + 1].IsNorm) bn = Norm(t, mods[++i], o.BnEps);
            list.Add(new Producer(node, bn, mods[i], m));
        }
        if (list.Count == 0) throw new ArgumentException("no Linear or Conv2d weight in the file");
        return list;
    }

    internal static Param P(StateModule m, string suffix, TensorData t) =>
        new(m.Names.TryGetValue(suffix, out var n) ? n : m.Prefix + "." + suffix, (int[])t.Shape.Clone(), ToDouble(t));

    private static Param? B(IReadOnlyDictionary<string, TensorData> t, StateModule m) => StateModules.Bias(t, m) is { } b ? P(m, "bias", b) : null;

    internal static BatchNorm Norm(IReadOnlyDictionary<string, TensorData> t, StateModule m, double eps)
    {
        Param Get(string s) => P(m, s, s is "weight" or "bias" ? (s == "weight" ? StateModules.Weight(t, m) : StateModules.Bias(t, m)!) : t[m.Names[s]]);
        Param? tracked = null;
        if (m.Names.TryGetValue("num_batches_tracked", out var nb))
        {
            var c = t[nb];
            tracked = new Param(nb, (int[])c.Shape.Clone(), ToDouble(c)) { DType = c.Integers is null ? "F32" : c.DType };
        }
        return new BatchNorm(m.Prefix, Get("weight"), Get("bias"), Get("running_mean"), Get("running_var"), tracked, eps);
    }

    internal static double[] ToDouble(TensorData t) =>
        t.Integers is { } ints ? ints.Select(v => (double)v).ToArray() : t.Data.Select(v => (double)v).ToArray();

    private static int[] DefaultImage(int channels) => channels == 1 ? [1, 28, 28] : [channels, 32, 32];

    private static Network ResNet(IReadOnlyDictionary<string, TensorData> t, List<StateModule> mods, ArchOptions options)
    {
        var o = options with { Activation = options.Activation ?? ActivationKind.Relu };
        var nodes = new List<Node>();
        var stem = mods.TakeWhile(m => !m.Path[0].StartsWith("layer", StringComparison.Ordinal)).ToList();
        var blocks = mods.Where(m => m.Path[0].StartsWith("layer", StringComparison.Ordinal)).GroupBy(m => m.Path[0] + "." + m.Path[1]).ToList();
        var head = mods.Skip(stem.Count + blocks.Sum(b => b.Count())).ToList();
        if (head.Any(m => m.Path[0].StartsWith("layer", StringComparison.Ordinal)) || head.Count != 1 || StateModules.Weight(t, head[0]).Rank != 2)
            throw new ArgumentException($"ResNet names: expected conv1/bn1, layerX.Y blocks and one 'fc' Linear last, got [{string.Join(", ", head.Select(h => h.Prefix))}] after the blocks");
        foreach (var p in Producers(t, stem, o))
        {
            nodes.Add(p.Node); if (p.Bn is not null) nodes.Add(p.Bn);
            nodes.Add(new Activation($"{p.Last.Prefix}+act", o.Activation.Value));
        }
        foreach (var b in blocks)
        {
            var ms = b.ToList();
            var main = ms.Where(m => m.Path.Length == 3).ToList();
            var sc = ms.Where(m => m.Path.Length == 4 && m.Path[2] is "shortcut" or "downsample").ToList();
            var stray = ms.Except(main).Except(sc).ToList();
            if (stray.Count > 0) throw new ArgumentException($"tensor(s) the network description cannot place: {string.Join(", ", stray.SelectMany(s => s.Names.Values).Select(n => $"'{n}'"))}");
            // the block changes the channel count (conv2's output vs conv1's input; conv1's own width may be pruned)
            var convs = main.Where(m => !m.IsNorm).Select(m => StateModules.Weight(t, m)).ToList();
            int stride = convs.Count == 2 && convs.All(w => w.Rank == 4) && convs[1].Shape[0] != convs[0].Shape[1] ? 2 : 1;
            var mainProducers = Producers(t, main, o, m => (m == main[0] ? stride : 1, StateModules.Weight(t, m).Shape[2] / 2));
            if (mainProducers.Count != 2 || mainProducers.Any(p => p.Node is not Conv2d))
                throw new ArgumentException($"block '{b.Key}': expected conv1/bn1/conv2/bn2 (a BasicBlock), got [{string.Join(", ", main.Select(m => m.Prefix))}]");
            var chain = new List<Node>();
            for (int i = 0; i < 2; i++)
            {
                chain.Add(mainProducers[i].Node); if (mainProducers[i].Bn is not null) chain.Add(mainProducers[i].Bn!);
                if (i == 0) chain.Add(new Activation($"{mainProducers[i].Last.Prefix}+act", o.Activation.Value));
            }
            var shortcut = sc.Count == 0 ? [] : Producers(t, sc, o, _ => (stride, 0)).SelectMany(p => p.Bn is null ? [p.Node] : new[] { p.Node, p.Bn }).ToList();
            var kind = sc.Count > 0 ? ShortcutKind.Layers : stride == 2 ? ShortcutKind.PadChannels : ShortcutKind.Identity;
            nodes.Add(new Residual(b.Key, chain, kind, shortcut));
            nodes.Add(new Activation($"{b.Key}+act", o.Activation.Value));
        }
        nodes.Add(new Pool("+avgpool", PoolKind.Average, 0, 1, global: true));
        nodes.Add(new Flatten("+flatten"));
        var fc = head[0];
        nodes.Add(new Linear(fc.Prefix, P(fc, "weight", StateModules.Weight(t, fc)), B(t, fc)));
        int c0 = nodes.OfType<Conv2d>().First().In;
        return new Network(nodes, o.InputShape ?? o.DataShape ?? DefaultImage(c0));
    }
}
