using MathNet.Numerics.LinearAlgebra;

namespace PruneTheory.Restoration;

/// <summary>
/// Solves the symmetric positive-definite ridge systems of LBYL by Cholesky (never an explicit inverse).
/// A factor whose smallest pivot² is below 100·m·ε·max(A_ii) is treated as singular: then either a
/// <see cref="GramNotPositiveDefiniteException"/> is thrown or, on request, the minimum-norm SVD solution is used.
/// </summary>
public static class RidgeSolver
{
    /// <summary>A X = B for SPD A (m×m) and k right-hand sides. O(m³ + m²k). Returns null when A is not numerically SPD.</summary>
    public static Matrix<double>? TryCholeskySolve(Matrix<double> a, Matrix<double> b)
    {
        int m = a.RowCount;
        double maxDiag = 0;
        for (int i = 0; i < m; i++) maxDiag = Math.Max(maxDiag, a[i, i]);
        if (!(maxDiag > 0)) return null;
        MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> chol;
        try { chol = a.Cholesky(); }
        catch (ArgumentException) { return null; }
        var l = chol.Factor;
        double tol = 100.0 * m * MachineEpsilon * maxDiag;
        for (int i = 0; i < m; i++)
            if (!(l[i, i] * l[i, i] > tol)) return null;
        var x = chol.Solve(b);
        return AllFinite(x) ? x : null;
    }

    /// <summary>Cholesky solve, or the SVD minimum-norm solution when allowed, or a typed error. O(m³ + m²k).</summary>
    public static Matrix<double> Solve(Matrix<double> a, Matrix<double> b, SolverFallback fallback, Func<Exception> notPd)
    {
        var x = TryCholeskySolve(a, b);
        if (x != null) return x;
        if (fallback == SolverFallback.None) throw notPd();
        return MinimumNormSolve(a, b);
    }

    /// <summary>Minimum-norm least-squares solution through the SVD (singular values below m·ε·s_max dropped). O(m³).</summary>
    public static Matrix<double> MinimumNormSolve(Matrix<double> a, Matrix<double> b)
    {
        var svd = a.Svd(computeVectors: true);
        var s = svd.S;
        double tol = a.RowCount * MachineEpsilon * (s.Count > 0 ? s[0] : 0);
        var utb = svd.U.TransposeThisAndMultiply(b);
        for (int i = 0; i < utb.RowCount; i++)
        {
            double f = i < s.Count && s[i] > tol ? 1.0 / s[i] : 0.0;
            utb.SetRow(i, utb.Row(i) * f);
        }
        return svd.VT.TransposeThisAndMultiply(utb);
    }

    /// <summary>Least squares min ‖M c − y‖ by Householder QR of the (tall) augmented matrix. O(rows·m²).</summary>
    public static Vector<double> QrLeastSquares(Matrix<double> augmented, Vector<double> y) => augmented.QR().Solve(y);

    /// <summary>Throws when two solutions differ by more than <paramref name="rel"/> relative to the larger norm.</summary>
    public static void RequireAgreement(Vector<double> chol, Vector<double> qr, double rel, string what)
    {
        double scale = Math.Max(Math.Max(chol.L2Norm(), qr.L2Norm()), 1e-300);
        double diff = (chol - qr).L2Norm();
        if (diff > rel * scale)
            throw new InvalidOperationException($"{what}: Cholesky and QR solutions disagree (relative difference {diff / scale:E3} > {rel:E1}); the system is too ill-conditioned");
    }

    /// <summary>Machine epsilon 2⁻⁵² (double.Epsilon is the smallest subnormal, not this).</summary>
    public const double MachineEpsilon = 2.220446049250313e-16;

    internal static bool AllFinite(Matrix<double> x)
    {
        foreach (var v in x.Enumerate()) if (!double.IsFinite(v)) return false;
        return true;
    }
}
