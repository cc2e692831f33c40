namespace PruneTheory.Graph;

/// <summary>
/// The tensors that change together when output unit j of a Linear/Conv2d (the producer) is removed: row j of its
/// weight and bias, entry j of the BatchNorm right after it, and input block j of the next Linear/Conv2d (the consumer),
/// reached through activations, pools and a flatten in the same chain (a residual addition ends the search: units
/// feeding a sum are coupled across the block and are not removed). After a flatten the block is H·W inputs.
/// The float64 counterpart of the engine's <c>Pruning.CouplingGroup</c>, on the network description.
/// </summary>
public sealed record UnitGroup(Node Producer, BatchNorm? Norm, Node Consumer, int ConsumerInner, bool CrossesMaxPool)
{
    public string Name => Producer.Name;
    public Param ProducerWeight => WeightOf(Producer);
    public Param? ProducerBias => Producer is Linear l ? l.Bias : ((Conv2d)Producer).Bias;
    public Param ConsumerWeight => WeightOf(Consumer);
    public int Units => ProducerWeight[0];
    /// <summary>Fan-in of one producer unit (conv: in·kh·kw).</summary>
    public int FanIn => ProducerWeight.Data.Length / Units;

    internal static Param WeightOf(Node n) => n switch { Linear l => l.Weight, Conv2d c => c.Weight, _ => throw new ArgumentException($"{n.Name} has no units") };

    /// <summary>All groups of a network, front to back (residual main branches searched too). O(#nodes²).</summary>
    public static List<UnitGroup> Find(Network net)
    {
        var groups = new List<UnitGroup>();
        Search(net.Nodes, groups);
        return groups;
    }

    private static void Search(List<Node> chain, List<UnitGroup> groups)
    {
        for (int i = 0; i < chain.Count; i++)
        {
            if (chain[i] is Residual r) { Search(r.Main, groups); continue; }
            if (chain[i] is not (Linear or Conv2d)) continue;
            int units = WeightOf(chain[i])[0];
            BatchNorm? norm = null; bool flattened = false, maxPool = false;
            for (int j = i + 1; j < chain.Count; j++)
            {
                var n = chain[j];
                if (n is BatchNorm bn && j == i + 1) { norm = bn; continue; }
                if (n is Activation) continue;
                if (n is Pool p) { maxPool |= p.Kind == PoolKind.Max; continue; }
                if (n is Flatten) { flattened = true; continue; }
                if (n is Linear or Conv2d)
                {
                    int inputs = n is Linear l ? l.In : ((Conv2d)n).In;
                    int inner = n is Conv2d c ? c.KernelH * c.KernelW : chain[i] is Conv2d && flattened ? inputs / units : 1;
                    int blocks = n is Conv2d ? inputs : inputs / inner;
                    if (blocks != units || (n is Linear && inner * units != inputs))
                        throw new ArgumentException($"'{WeightOf(n).Name}' has {inputs} inputs, not {(inner > 1 ? "a multiple of " : "")}the {units} units of '{WeightOf(chain[i]).Name}'");
                    groups.Add(new UnitGroup(chain[i], norm, n, inner, maxPool));
                }
                break;
            }
        }
    }

    /// <summary>
    /// Keeps the units <paramref name="kept"/> (ascending). With <paramref name="z"/> (n×m) the consumer's input
    /// blocks become V'[o, j, s] = Σ_i Z[i, j]·V[o, i, s] (LBYL/NM delivery), else the kept blocks. Narrowed: the
    /// tensors shrink. Masked (<paramref name="masks"/> given): shapes stay, removed rows/entries/blocks are zeroed
    /// and their mask entries set to 0. O(size of the group's tensors · m).
    /// </summary>
    public void Apply(int[] kept, double[,]? z, Dictionary<string, double[]>? masks = null)
    {
        int n = Units, m = kept.Length;
        if (m < 1 || kept.Any(k => k < 0 || k >= n) || kept.Zip(kept.Skip(1)).Any(p => p.First >= p.Second))
            throw new ArgumentException($"'{Name}': kept indices must be ascending, distinct and in [0, {n})");
        if (z is not null && (z.GetLength(0) != n || z.GetLength(1) != m)) throw new ArgumentException($"Z must be {n}×{m}, got {z.GetLength(0)}×{z.GetLength(1)}");
        var v = ConsumerWeight;
        int outs = v[0], inner = ConsumerInner;
        var folded = new double[outs * m * inner];
        for (int o = 0; o < outs; o++)
            for (int j = 0; j < m; j++)
                for (int s = 0; s < inner; s++)
                {
                    double acc;
                    if (z is null) acc = v.Data[(o * n + kept[j]) * inner + s];
                    else { acc = 0; for (int i = 0; i < n; i++) if (z[i, j] != 0) acc += z[i, j] * v.Data[(o * n + i) * inner + s]; }
                    folded[(o * m + j) * inner + s] = acc;
                }
        var rowParams = new List<Param> { ProducerWeight };
        if (ProducerBias is { } b) rowParams.Add(b);
        if (Norm is { } bn) rowParams.AddRange([bn.Gamma, bn.Beta, bn.Mean, bn.Var]);
        if (masks is null)
        {
            foreach (var p in rowParams) Take(p, 1, n, p.Data.Length / n, kept);
            v.Data = folded;
            v.Shape = v.Shape.Length == 2 ? [outs, m * inner] : [outs, m, v[2], v[3]];
            return;
        }
        var keep = new bool[n];
        foreach (int k in kept) keep[k] = true;
        foreach (var p in rowParams.Take(Norm is null ? rowParams.Count : rowParams.Count - 2)) // running statistics stay
            Zero(p, 1, n, p.Data.Length / n, keep, masks);
        var full = new double[v.Data.Length];
        for (int o = 0; o < outs; o++)
            for (int j = 0; j < m; j++)
                Array.Copy(folded, (o * m + j) * inner, full, (o * n + kept[j]) * inner, inner);
        v.Data = full;
        Zero(v, outs, n, inner, keep, masks);
    }

    private static void Take(Param p, int outer, int units, int inner, int[] kept)
    {
        var dst = new double[outer * kept.Length * inner];
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < kept.Length; j++)
                Array.Copy(p.Data, (o * units + kept[j]) * inner, dst, (o * kept.Length + j) * inner, inner);
        var shape = (int[])p.Shape.Clone(); shape[0] = kept.Length;
        p.Data = dst; p.Shape = shape;
    }

    private static void Zero(Param p, int outer, int units, int inner, bool[] keep, Dictionary<string, double[]> masks)
    {
        if (!masks.TryGetValue(p.Name, out var mask)) masks[p.Name] = mask = Enumerable.Repeat(1.0, p.Data.Length).ToArray();
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < units; j++)
                if (!keep[j]) { Array.Clear(p.Data, (o * units + j) * inner, inner); Array.Clear(mask, (o * units + j) * inner, inner); }
    }
}
