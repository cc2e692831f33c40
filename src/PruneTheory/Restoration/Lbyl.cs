using MathNet.Numerics.LinearAlgebra;

namespace PruneTheory.Restoration;

/// <summary>
/// LBYL ("Leave Before You Leave", Lee et al.): every pruned neuron delivers a dense row of Z from a
/// closed-form ridge solve over the kept neurons (spec §5).
/// </summary>
public static class Lbyl
{
    /// <summary>
    /// FC without BN (official model type OURS = sklearn Ridge(alpha=λ2, fit_intercept=True)): coordinates of ŵ are
    /// samples, kept neurons are features; c_p = (X̄ᵀX̄ + λ2 I)⁻¹ X̄ᵀȳ_p, one Cholesky for all pruned rows. O(d·m² + m³ + d·m·|P|).
    /// </summary>
    public static Matrix<double> FcDelivery(string layer, Matrix<double> v, int[] kept, ResolvedRestoreFlags f)
    {
        int n = v.RowCount, m = kept.Length;
        var pruned = Criteria.Complement(n, kept);
        var z = Delivery.KeptIdentity(n, kept);
        if (pruned.Length == 0) return z;
        var x = FeatureColumns(v, kept, f.LbylFcCenter);   // (d+1)×m
        var y = FeatureColumns(v, pruned, f.LbylFcCenter); // (d+1)×|P|
        var a = x.TransposeThisAndMultiply(x);
        for (int j = 0; j < m; j++) a[j, j] += f.Lambda2;
        var c = RidgeSolver.Solve(a, x.TransposeThisAndMultiply(y), f.Fallback,
            () => new GramNotPositiveDefiniteException(layer, m, v.ColumnCount, 0, f.Lambda2, f.Mode)); // m×|P|
        if (f.CrossCheckQr)
        {
            var aug = x.Stack(Matrix<double>.Build.DenseIdentity(m) * Math.Sqrt(f.Lambda2));
            for (int q = 0; q < pruned.Length; q++)
            {
                var rhs = Vector<double>.Build.Dense(aug.RowCount);
                rhs.SetSubVector(0, x.RowCount, y.Column(q));
                RidgeSolver.RequireAgreement(c.Column(q), RidgeSolver.QrLeastSquares(aug, rhs), 1e-9, $"layer '{layer}', neuron {pruned[q]}");
            }
        }
        for (int q = 0; q < pruned.Length; q++) z.SetRow(pruned[q], c.Column(q));
        return Delivery.RequireFinite(layer, z);
    }

    /// <summary>
    /// Conv (or bias-free FC) + BN (official <c>ours_create_scaling</c>): per pruned p, A_p c = r_p with
    /// A_p = XᵀX + λ1 g_p² (‖t‖² I | t tᵀ) + λ2 diag(K²), r_p = Xᵀw_p + λ1 g_p² t_p t, K_j = g_p/g_kj; Z[p,:] = c or c⊙K. O(d·m² + |P|·m³).
    /// </summary>
    public static Matrix<double> ConvBnDelivery(string layer, Matrix<double> w, int[] kept, BnAffine bn, ResolvedRestoreFlags f)
    {
        int n = w.RowCount, m = kept.Length, d = w.ColumnCount;
        var z = Delivery.KeptIdentity(n, kept);
        var x = Matrix<double>.Build.Dense(d, m, (r, j) => w[kept[j], r]);
        var gram = x.TransposeThisAndMultiply(x);
        var t = Vector<double>.Build.Dense(m, j => bn.T[kept[j]]);
        double tt = t.DotProduct(t);
        foreach (int p in Criteria.Complement(n, kept))
        {
            var (a, r, k) = System(gram, x, w.Row(p), t, tt, bn, kept, p, f);
            var c = RidgeSolver.Solve(a, r.ToColumnMatrix(), f.Fallback,
                () => new GramNotPositiveDefiniteException(layer, m, d, f.Lambda1, f.Lambda2, f.Mode)).Column(0);
            if (f.CrossCheckQr)
                RidgeSolver.RequireAgreement(c, ByQr(x, w.Row(p), t, tt, bn, k, p, f), 1e-9, $"layer '{layer}', filter {p}");
            z.SetRow(p, f.LbylApplyK ? c.PointwiseMultiply(k) : c);
        }
        return Delivery.RequireFinite(layer, z);
    }

    /// <summary>The ridge system (A_p, r_p) and K for pruned filter p.</summary>
    internal static (Matrix<double> A, Vector<double> R, Vector<double> K) System(Matrix<double> gram, Matrix<double> x, Vector<double> wp,
        Vector<double> t, double tt, BnAffine bn, int[] kept, int p, ResolvedRestoreFlags f)
    {
        int m = kept.Length;
        double gp2 = bn.G[p] * bn.G[p];
        var k = Vector<double>.Build.Dense(m, j => bn.G[p] / bn.G[kept[j]]);
        var a = gram.Clone();
        if (f.LbylExactBnTerm) a += t.OuterProduct(t) * (f.Lambda1 * gp2);
        for (int j = 0; j < m; j++)
            a[j, j] += (f.LbylExactBnTerm ? 0 : f.Lambda1 * gp2 * tt) + f.Lambda2 * k[j] * k[j];
        var r = x.TransposeThisAndMultiply(wp) + t * (f.Lambda1 * gp2 * bn.T[p]);
        return (a, r, k);
    }

    /// <summary>
    /// The same system by QR of an augmented least-squares problem. CodeExact: [X; D] c ≈ [w_p; D⁻¹λ1g_p²t_p t] with
    /// D = diag(√(λ1g_p²‖t‖² + λ2K_j²)); Corrected: [X; √λ1 g_p tᵀ; √λ2 diag(K)] c ≈ [w_p; √λ1 g_p t_p; 0].
    /// </summary>
    private static Vector<double> ByQr(Matrix<double> x, Vector<double> wp, Vector<double> t, double tt, BnAffine bn,
        Vector<double> k, int p, ResolvedRestoreFlags f)
    {
        int m = x.ColumnCount, d = x.RowCount;
        double gp = bn.G[p], gp2 = gp * gp;
        if (!f.LbylExactBnTerm)
        {
            var dg = Vector<double>.Build.Dense(m, j => Math.Sqrt(f.Lambda1 * gp2 * tt + f.Lambda2 * k[j] * k[j]));
            var aug = x.Stack(Matrix<double>.Build.DenseOfDiagonalVector(dg));
            var rhs = Vector<double>.Build.Dense(d + m);
            rhs.SetSubVector(0, d, wp);
            for (int j = 0; j < m; j++) rhs[d + j] = dg[j] > 0 ? f.Lambda1 * gp2 * bn.T[p] * t[j] / dg[j] : 0;
            return RidgeSolver.QrLeastSquares(aug, rhs);
        }
        double s1 = Math.Sqrt(f.Lambda1) * gp;
        var bnRow = (t * s1).ToRowMatrix();
        var ridge = Matrix<double>.Build.DenseOfDiagonalVector(k * Math.Sqrt(f.Lambda2));
        var augC = x.Stack(bnRow).Stack(ridge);
        var rhsC = Vector<double>.Build.Dense(d + 1 + m);
        rhsC.SetSubVector(0, d, wp);
        rhsC[d] = s1 * bn.T[p];
        return RidgeSolver.QrLeastSquares(augC, rhsC);
    }

    /// <summary>Selected rows of v as columns, optionally centred (each column minus its mean over coordinates).</summary>
    private static Matrix<double> FeatureColumns(Matrix<double> v, int[] rows, bool center)
    {
        var x = Matrix<double>.Build.Dense(v.ColumnCount, rows.Length, (r, j) => v[rows[j], r]);
        if (!center) return x;
        for (int j = 0; j < rows.Length; j++)
        {
            double mean = x.Column(j).Sum() / x.RowCount;
            for (int r = 0; r < x.RowCount; r++) x[r, j] -= mean;
        }
        return x;
    }
}
