namespace PruneTheory.Pruning.BiasCompensation;

/// <summary>Applies a mask and the compensating bias updates (spec §4.3 step 5).</summary>
public static class Pruner
{
    /// <summary>
    /// A copy of <paramref name="net"/> with masked weights zeroed; each row's b_i gains Σ ΔB_ij over entries newly
    /// pruned (not in <paramref name="alreadyPruned"/>) plus its row offset if any entry was newly pruned. With an empty mask
    /// the copy is bit-identical. O(#weights).
    /// </summary>
    public static Mlp Apply(Mlp net, bool[][] mask, Importance importance, bool[][]? alreadyPruned = null)
    {
        ArgumentNullException.ThrowIfNull(net); ArgumentNullException.ThrowIfNull(mask); ArgumentNullException.ThrowIfNull(importance);
        var result = net.Clone();
        for (int li = 0; li < net.Layers; li++)
        {
            int nOut = net.Sizes[li + 1], nIn = net.Sizes[li];
            if (mask[li].Length != nOut * nIn) throw new ArgumentException($"mask {li} has {mask[li].Length} entries, W has {nOut * nIn}");
            ApplyLayer(result.Weights[li], result.Biases[li], mask[li], importance.BiasShifts?[li], importance.RowOffsets?[li], alreadyPruned?[li]);
        }
        return result;
    }

    /// <summary>
    /// <see cref="Apply"/> on one layer in place: <paramref name="w"/> as b.Length rows of fan-in entries (a Linear's
    /// [out, in] or a conv's [out, in·kh·kw]), so conv layers share the rule. O(w.Length).
    /// </summary>
    public static void ApplyLayer(double[] w, double[] b, bool[] mask, double[]? shifts, double[]? offsets, bool[]? alreadyPruned = null)
    {
        int nOut = b.Length, nIn = w.Length / nOut;
        if (mask.Length != w.Length || nOut * nIn != w.Length) throw new ArgumentException($"mask has {mask.Length} entries, W {w.Length} = {nOut} rows × {nIn}");
        for (int i = 0; i < nOut; i++)
        {
            double shift = 0; bool any = false;
            for (int j = 0; j < nIn; j++)
            {
                int q = i * nIn + j;
                if (!mask[q]) continue;
                bool isNew = alreadyPruned == null || !alreadyPruned[q];
                if (isNew && shifts != null) shift += shifts[q];
                any |= isNew;
                w[q] = 0;
            }
            if (any && offsets != null) shift += offsets[i];
            if (shift != 0) b[i] += shift;
        }
    }

    /// <summary>Number of pruned entries of a mask.</summary>
    public static long Count(bool[][] mask) => mask.Sum(m => (long)m.Count(x => x));
}
