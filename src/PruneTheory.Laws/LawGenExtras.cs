using FsCheck;
using FsCheck.Fluent;

namespace PruneTheory.Laws;

/// <summary>A pruning spec as users write it: criterion name, ratio and granularity.</summary>
public sealed record PruningSpec(string Criterion, double Ratio, Granularity Granularity);

/// <summary>Further generators: pruning specs, coupling groups and planted sparse two-layer networks.</summary>
public static class LawGenExtras
{
    public static Gen<PruningSpec> Spec(params string[] criteria) =>
        from c in Gen.Elements(criteria.Length > 0 ? criteria : ["l1-norm", "l2-norm", "l2-gm", "magnitude", "ec"])
        from r in LawGen.Ratio
        from g in Gen.Elements(Granularity.Neurons, Granularity.Weights)
        select new PruningSpec(c, r, g);

    /// <summary>A coupling group of a network: (hidden layer, unit), i.e. row u of W_l, b_l, BN_l and column u of W_{l+1}.</summary>
    public static Gen<(int Layer, int Unit)> CouplingGroup(LawNet net) =>
        from l in Gen.Choose(0, net.HiddenLayers - 1)
        from u in Gen.Choose(0, net.Layers[l].Out - 1)
        select (l, u);

    /// <summary>
    /// A planted bias-free network y = Σ_j (Xw_j)₊ with exactly s nonzero first-layer weights placed uniformly
    /// over the d×m entries and output weights +1 (the IHT recovery setting).
    /// </summary>
    public static Gen<LawNet> PlantedSparse(int d, int m, int s) =>
        from positions in Gen.Shuffle(Enumerable.Range(0, d * m).ToArray())
        from values in Gen.ArrayOf(Gen.Choose(-1000, 1000).Where(v => v != 0).Select(v => v / 500.0), Math.Min(s, d * m))
        select Planted(d, m, positions.Take(values.Length).ToArray(), values);

    private static LawNet Planted(int d, int m, int[] positions, double[] values)
    {
        var w = new double[m, d];
        for (int k = 0; k < positions.Length; k++) w[positions[k] % m, positions[k] / m] = values[k];
        var v = new double[1, m];
        for (int j = 0; j < m; j++) v[0, j] = 1;
        return new LawNet([new LawLayer(w, new double[m]), new LawLayer(v, [0.0])]);
    }
}
