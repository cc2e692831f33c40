using PruneTheory.Networks;

namespace PruneTheory.Pruning;

/// <summary>
/// Neuron/filter removal on a <see cref="CouplingGroup"/>, either by masks (shapes unchanged; the
/// masks keep the units dead during fine-tuning) or by physical slicing (smaller layers). Both give
/// the same function. Slicing optionally folds a compensation matrix Z (n×m, LBYL/NM "delivery"
/// matrix) into the consumer: V'[o, j, s] = Σ_i Z[i, j]·V[o, i, s]. O(size of the group's tensors · m).
/// </summary>
public static class NeuronSurgery
{
    /// <summary>Masks every removed unit: producer row and bias, BN γ and β, consumer inputs.</summary>
    public static SparsityReport Mask(CouplingGroup g, IReadOnlyList<bool> keep)
    {
        CheckKeep(g, keep);
        MaskBlocks(g.ProducerWeight, 1, g.Units, g.ProducerWeight.Value.SampleSize, keep);
        if (g.ProducerBias is { } b) MaskBlocks(b, 1, g.Units, 1, keep);
        if (g.Norm is { } bn) { MaskBlocks(bn.Gamma, 1, g.Units, 1, keep); MaskBlocks(bn.Beta, 1, g.Units, 1, keep); }
        MaskBlocks(g.ConsumerWeight, g.ConsumerWeight.Value[0], g.Units, g.ConsumerInner, keep);
        int removed = keep.Count(k => !k);
        return new SparsityReport((double)removed / g.Units, [new SparsityEntry(g.ProducerName, removed, g.Units)]);
    }

    /// <summary>
    /// Physically keeps only the units with keep[j] (in increasing order). With <paramref name="z"/>
    /// (n×m, m = kept count) the consumer becomes V·Z instead of V[:, kept]. Masks of sliced tensors are
    /// sliced along; a consumer mask is dropped when Z is given (its pattern is not preserved by V·Z).
    /// </summary>
    public static void Slice(CouplingGroup g, IReadOnlyList<bool> keep, double[,]? z = null)
    {
        CheckKeep(g, keep);
        int n = g.Units; // read before the producer shrinks
        int[] kept = [.. Enumerable.Range(0, n).Where(j => keep[j])];
        if (z is not null && (z.GetLength(0) != n || z.GetLength(1) != kept.Length))
            throw new ArgumentException($"Z must be {n}×{kept.Length}, got {z.GetLength(0)}×{z.GetLength(1)}");
        SliceBlocks(g.ProducerWeight, 1, g.ProducerWeight.Value.SampleSize, kept);
        if (g.ProducerBias is { } b) SliceBlocks(b, 1, 1, kept);
        if (g.Norm is { } bn)
        {
            SliceBlocks(bn.Gamma, 1, 1, kept); SliceBlocks(bn.Beta, 1, 1, kept);
            bn.RunningMean = Take(bn.RunningMean.Data, 1, n, 1, kept, [kept.Length]);
            bn.RunningVar = Take(bn.RunningVar.Data, 1, n, 1, kept, [kept.Length]);
        }
        var v = g.ConsumerWeight;
        int outs = v.Value[0], inner = g.ConsumerInner;
        var shape = (int[])v.Value.Shape.Clone();
        shape[1] = v.Value.Rank == 2 ? kept.Length * inner : kept.Length;
        if (z is null) { SliceBlocks(v, outs, inner, kept, shape); return; }
        var w = new Tensor(shape);
        for (int o = 0; o < outs; o++)
            for (int j = 0; j < kept.Length; j++)
                for (int s = 0; s < inner; s++)
                {
                    double acc = 0;
                    for (int i = 0; i < n; i++) acc += z[i, j] * v.Value.Data[(o * n + i) * inner + s];
                    w.Data[(o * kept.Length + j) * inner + s] = (float)acc;
                }
        v.Replace(w);
    }

    private static void CheckKeep(CouplingGroup g, IReadOnlyList<bool> keep)
    {
        if (keep.Count != g.Units) throw new ArgumentException($"keep has {keep.Count} entries, {g.ProducerName} has {g.Units} units");
        if (!keep.Any(k => k)) throw new ArgumentException($"cannot remove all {g.Units} units of {g.ProducerName}");
    }

    /// <summary>Zeroes blocks [o, j, :] for removed j of a tensor viewed as [outer, units, inner], merging with an existing mask.</summary>
    private static void MaskBlocks(Parameter p, int outer, int units, int inner, IReadOnlyList<bool> keep)
    {
        var mask = p.Mask is null ? Enumerable.Repeat(1f, p.Value.Length).ToArray() : (float[])p.Mask.Clone();
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < units; j++)
                if (!keep[j]) Array.Clear(mask, (o * units + j) * inner, inner);
        p.SetMask(mask);
    }

    private static void SliceBlocks(Parameter p, int outer, int inner, int[] kept, int[]? shape = null)
    {
        int units = p.Value.Length / (outer * inner);
        if (shape is null) { shape = (int[])p.Value.Shape.Clone(); shape[0] = kept.Length; }
        var value = Take(p.Value.Data, outer, units, inner, kept, shape);
        var mask = p.Mask is null ? null : Take(p.Mask, outer, units, inner, kept, shape).Data;
        p.Replace(value, mask);
    }

    private static Tensor Take(float[] src, int outer, int units, int inner, int[] kept, int[] shape)
    {
        var dst = new Tensor(shape);
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < kept.Length; j++)
                Array.Copy(src, (o * units + kept[j]) * inner, dst.Data, (o * kept.Length + j) * inner, inner);
        return dst;
    }
}
