namespace PruneTheory.Restoration;

/// <summary>
/// Data-free reconstruction error of a restoration in BN space: unit i after its BN is the affine map
/// x ↦ g_i(w_i·x − t_i), i.e. the vector â_i = [g_i·w_i; −g_i·t_i] (g = γ/√(ν + ε), the network's true σ, whatever σ
/// the method used). The delivery approximates â_i by Σ_j Z[i, j]·â_{k_j}; the error is Σ_i ‖â_i − Σ_j Z[i, j]·â_{k_j}‖²
/// over the pruned units, relative to Σ_i ‖â_i‖² (prune-only, Z = 0 on pruned rows, scores 1). O(n·m·d).
/// </summary>
public static class BnSpaceError
{
    /// <summary>Relative error, or null when the layer has no BN.</summary>
    public static double? Relative(PrunableLayer layer, LayerRestoration r, double eps)
    {
        if (layer.Bn is null) return null;
        var bn = new BnAffine(layer.Name, layer.Bn, layer.Bias, SigmaMode.SqrtVarPlusEps, eps);
        int d = layer.Weight.ColumnCount;
        double[] A(int i)
        {
            var a = new double[d + 1];
            for (int c = 0; c < d; c++) a[c] = bn.G[i] * layer.Weight[i, c];
            a[d] = -bn.G[i] * bn.T[i];
            return a;
        }
        double err = 0, norm = 0;
        var kept = r.Kept.Select(A).ToArray();
        foreach (int i in r.Pruned)
        {
            var a = A(i);
            var e = (double[])a.Clone();
            for (int j = 0; j < kept.Length; j++)
            {
                double z = r.Z[i, j];
                if (z != 0) for (int c = 0; c <= d; c++) e[c] -= z * kept[j][c];
            }
            err += e.Sum(v => v * v);
            norm += a.Sum(v => v * v);
        }
        return norm > 0 ? err / norm : 0;
    }
}
