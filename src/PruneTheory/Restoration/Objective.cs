using MathNet.Numerics.LinearAlgebra;

namespace PruneTheory.Restoration;

/// <summary>
/// LBYL's reconstruction objective for one pruned neuron p at a delivered row z (spec §5, §10.4), with the same
/// flags as the solver, so any Z row (LBYL, NM, prune = 0) can be scored on LBYL's own loss. O(d·m).
/// </summary>
public static class Objective
{
    /// <summary>
    /// FC: ‖ȳ − X̄z‖² + λ2‖z‖² (centred per flag). Conv+BN with c = z⊘K when K is applied, else c = z:
    /// ‖w_p − Xc‖² + λ1g_p²·BE(c) + λ2Σ K_j²c_j², BE = (t_p − tᵀc)² (exact term) or t_p² − 2t_p tᵀc + ‖t‖²‖c‖² (bound).
    /// </summary>
    public static double Evaluate(PrunableLayer layer, int[] kept, int p, Vector<double> z, ResolvedRestoreFlags f)
    {
        var v = layer.CriterionVectors();
        int m = kept.Length;
        if (z.Count != m) throw new ArgumentException($"row has {z.Count} entries for {m} kept neurons");
        if (layer.Bn == null)
        {
            var y = Center(v.Row(p), f.LbylFcCenter);
            var fit = Vector<double>.Build.Dense(v.ColumnCount);
            for (int j = 0; j < m; j++) fit += Center(v.Row(kept[j]), f.LbylFcCenter) * z[j];
            return (y - fit).DotProduct(y - fit) + f.Lambda2 * z.DotProduct(z);
        }
        var bn = new BnAffine(layer.Name, layer.Bn, layer.Bias, f.Sigma, f.BnEps);
        var k = Vector<double>.Build.Dense(m, j => bn.G[p] / bn.G[kept[j]]);
        var c = f.LbylApplyK ? z.PointwiseDivide(k) : z;
        var residual = v.Row(p).Clone();
        for (int j = 0; j < m; j++) residual -= v.Row(kept[j]) * c[j];
        var t = Vector<double>.Build.Dense(m, j => bn.T[kept[j]]);
        double tp = bn.T[p], tc = t.DotProduct(c);
        double be = f.LbylExactBnTerm ? (tp - tc) * (tp - tc) : tp * tp - 2 * tp * tc + t.DotProduct(t) * c.DotProduct(c);
        double ae = 0;
        for (int j = 0; j < m; j++) ae += k[j] * k[j] * c[j] * c[j];
        return residual.DotProduct(residual) + f.Lambda1 * bn.G[p] * bn.G[p] * be + f.Lambda2 * ae;
    }

    private static Vector<double> Center(Vector<double> x, bool center) => center ? x - x.Sum() / x.Count : x;
}
