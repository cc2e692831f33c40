namespace PruneTheory.Laws;

/// <summary>
/// Neuron removal as one coupling group (row j of W_l, b_l and BN_l, column j of W_{l+1}), by physical
/// slicing or by masking in place; the two give the same function.
/// </summary>
public static class Surgery
{
    /// <summary>Keeps units <paramref name="kept"/> (ascending) of hidden layer l; the consumer loses the other columns.</summary>
    public static LawNet SliceUnits(LawNet net, int l, int[] kept)
    {
        var cur = net.Layers[l];
        var sliced = new LawLayer(NetOps.SelectRows(cur.W, kept), kept.Select(k => cur.B[k]).ToArray(), cur.Bn?.Select(kept));
        var next = net.Layers[l + 1];
        return net.WithLayers((l, sliced), (l + 1, next with { W = NetOps.SelectColumns(next.W, kept) }));
    }

    /// <summary>
    /// Expands a sliced network back to full width: kept units take their sliced rows, pruned units output
    /// zero (zero row and bias; γ = β = 0 under BN) and their consumer columns are zero.
    /// </summary>
    public static LawNet Unslice(LawNet original, LawNet sliced, int[][] keptPerHidden)
    {
        var layers = new LawLayer[original.Layers.Count];
        for (int l = 0; l < layers.Length; l++)
        {
            var s = sliced.Layers[l];
            int outFull = l < original.HiddenLayers ? original.Layers[l].Out : s.Out;
            int inFull = original.Layers[l].In;
            int[] rows = l < original.HiddenLayers ? keptPerHidden[l] : Enumerable.Range(0, s.Out).ToArray();
            int[] cols = l > 0 ? keptPerHidden[l - 1] : Enumerable.Range(0, inFull).ToArray();
            var w = new double[outFull, inFull];
            var b = new double[outFull];
            for (int i = 0; i < rows.Length; i++)
            {
                b[rows[i]] = s.B[i];
                for (int j = 0; j < cols.Length; j++) w[rows[i], cols[j]] = s.W[i, j];
            }
            BnParams? bn = null;
            if (s.Bn is { } sb)
            {
                var full = original.Layers[l].Bn!;
                var gamma = new double[outFull]; var beta = new double[outFull];
                var mean = (double[])full.Mean.Clone(); var var = (double[])full.Var.Clone();
                for (int i = 0; i < rows.Length; i++)
                { gamma[rows[i]] = sb.Gamma[i]; beta[rows[i]] = sb.Beta[i]; mean[rows[i]] = sb.Mean[i]; var[rows[i]] = sb.Var[i]; }
                bn = new BnParams(gamma, beta, mean, var, sb.Eps);
            }
            layers[l] = new LawLayer(w, b, bn);
        }
        return new LawNet(layers);
    }
}
