namespace PruneTheory.Pdes;

/// <summary>Thomas algorithm for tridiagonal systems, O(n), no pivoting (the Newton matrices here are diagonally dominant).</summary>
public static class TridiagonalSolver
{
    /// <summary>
    /// Solves lower[i]·x[i−1] + diag[i]·x[i] + upper[i]·x[i+1] = rhs[i] in place: the solution overwrites rhs.
    /// lower[0] and upper[n−1] are ignored; scratch needs length n. O(n).
    /// </summary>
    public static void Solve(ReadOnlySpan<double> lower, ReadOnlySpan<double> diag, ReadOnlySpan<double> upper, Span<double> rhs, Span<double> scratch)
    {
        int n = diag.Length;
        if (lower.Length < n || upper.Length < n || rhs.Length < n || scratch.Length < n)
            throw new ArgumentException("tridiagonal spans must all have the length of diag");
        double beta = diag[0];
        rhs[0] /= beta;
        for (int i = 1; i < n; i++)
        {
            scratch[i] = upper[i - 1] / beta;
            beta = diag[i] - lower[i] * scratch[i];
            rhs[i] = (rhs[i] - lower[i] * rhs[i - 1]) / beta;
        }
        for (int i = n - 2; i >= 0; i--) rhs[i] -= scratch[i + 1] * rhs[i + 1];
    }
}
