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

    /// <summary>
    /// A smaller network for shrinking: hidden layer l removed, its consumer reading the layer's inputs
    /// (columns taken cyclically from the consumer's old columns). Not the same function; just a smaller case.
    /// </summary>
    public static LawNet DropHiddenLayer(LawNet net, int l)
    {
        var dropped = net.Layers[l];
        var next = net.Layers[l + 1];
        var cols = Enumerable.Range(0, dropped.In).Select(j => j % next.In).ToArray();
        var layers = net.Layers.Where((_, k) => k != l).ToArray();
        layers[l] = next with { W = NetOps.SelectColumns(next.W, cols) };
        return new LawNet(layers);
    }

    /// <summary>Input j removed (column j of the first layer); calibration rows must lose the same column.</summary>
    public static LawNet DropInput(LawNet net, int j) =>
        net.WithLayer(0, net.Layers[0] with { W = NetOps.SelectColumns(net.Layers[0].W, Enumerable.Range(0, net.InputSize).Where(k => k != j).ToArray()) });

    /// <summary>Output i removed (row i and bias i of the read-out layer).</summary>
    public static LawNet DropOutput(LawNet net, int i)
    {
        var last = net.Layers[^1];
        var rows = Enumerable.Range(0, last.Out).Where(k => k != i).ToArray();
        return net.WithLayer(net.Layers.Count - 1, last with { W = NetOps.SelectRows(last.W, rows), B = rows.Select(k => last.B[k]).ToArray() });
    }
}
