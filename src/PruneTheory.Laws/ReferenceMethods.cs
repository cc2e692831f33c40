namespace PruneTheory.Laws;

/// <summary>
/// Two plain baselines written directly against the kit (no compensation): structured l2-norm neuron
/// pruning and global weight-magnitude pruning. They show the shape of an adapter and anchor the kit's own tests.
/// </summary>
public static class ReferenceMethods
{
    /// <summary>Keeps round-half-even(n(1−r)) units per hidden layer with the largest ‖[w_i; b_i]‖₂, slices the rest.</summary>
    public static IPruningMethod PruneOnlyL2 { get; } = new DelegateMethod("prune-only l2 (kit reference)", Granularity.Neurons, c =>
    {
        RequireFinite(c.Net);
        var net = c.Net;
        var kept = new int[c.Net.HiddenLayers][];
        long removed = 0;
        for (int l = 0; l < c.Net.HiddenLayers; l++)
        {
            var layer = c.Net.Layers[l];
            int m = Math.Max(1, (int)Math.Round(layer.Out * (1 - c.Ratio)));
            kept[l] = Enumerable.Range(0, layer.Out)
                .OrderByDescending(i => Enumerable.Range(0, layer.In).Sum(j => layer.W[i, j] * layer.W[i, j]) + layer.B[i] * layer.B[i])
                .ThenBy(i => i).Take(m).Order().ToArray();
            removed += layer.Out - m;
        }
        for (int l = c.Net.HiddenLayers - 1; l >= 0; l--) net = Surgery.SliceUnits(net, l, kept[l]);
        return new PruneOutcome(net, removed, removed) { KeptUnits = kept };
    });

    /// <summary>Prunes the ⌊ρn + ½⌋ smallest |w| over all layers (ties by layer, row, column); biases untouched.</summary>
    public static IPruningMethod GlobalMagnitude { get; } = new DelegateMethod("global magnitude (kit reference)", Granularity.Weights, c =>
    {
        RequireFinite(c.Net);
        var all = c.Net.Layers.SelectMany((layer, l) => Enumerable.Range(0, layer.W.Length)
            .Select(idx => (l, i: idx / layer.In, j: idx % layer.In, score: Math.Abs(layer.W[idx / layer.In, idx % layer.In])))).ToList();
        long k = (long)Math.Floor(c.Ratio * all.Count + 0.5);
        var masks = c.Net.Layers.Select(layer => new bool[layer.Out, layer.In]).ToArray();
        foreach (var w in all.OrderBy(w => w.score).ThenBy(w => w.l).ThenBy(w => w.i).ThenBy(w => w.j).Take((int)k)) masks[w.l][w.i, w.j] = true;
        return new PruneOutcome(ApplyMask(c.Net, masks), k, k) { PrunedWeights = masks };
    });

    /// <summary>Zeroes masked weights (a copy).</summary>
    public static LawNet ApplyMask(LawNet net, bool[][,] masks) => new(net.Layers.Select((layer, l) =>
    {
        var w = (double[,])layer.W.Clone();
        for (int i = 0; i < layer.Out; i++) for (int j = 0; j < layer.In; j++) if (masks[l][i, j]) w[i, j] = 0;
        return layer with { W = w };
    }).ToArray());

    /// <summary>The kit's own refusal of NaN/∞, for adapters whose method does not check.</summary>
    public static void RequireFinite(LawNet net)
    {
        for (int l = 0; l < net.Layers.Count; l++)
        {
            var layer = net.Layers[l];
            foreach (double x in layer.W) if (!double.IsFinite(x)) throw new ArgumentException($"layer {l} has a non-finite weight ({x})");
            foreach (double x in layer.B) if (!double.IsFinite(x)) throw new ArgumentException($"layer {l} has a non-finite bias ({x})");
        }
    }
}
