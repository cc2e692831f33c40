using System.Numerics.Tensors;

namespace PruneTheory.Sparse.Theory;

/// <summary>
/// The Gram matrix G = ÃᵀÃ of the column-normalised operator over a pool of columns (the theory's A has unit
/// columns, so G has a unit diagonal). Every restricted eigenvalue of a support inside the pool is an eigenvalue of a
/// principal submatrix of G. Built from <see cref="GatedReluOperator.Materialize"/> (n × |pool|, then dropped).
/// O(n·|pool|² / 2) time, |pool|² memory.
/// </summary>
public sealed class NormalizedGram
{
    public int[] Pool { get; }
    public double[,] G { get; }
    /// <summary>‖a_c‖₂ of every pool column before normalising (to express a planted w* in normalised units).</summary>
    public double[] Norms { get; }
    public int Size => Pool.Length;

    private NormalizedGram(int[] pool, double[,] g, double[] norms) { Pool = pool; G = g; Norms = norms; }

    /// <summary>Pool = all columns when <paramref name="pool"/> is null. Zero columns stay zero (a zero diagonal).</summary>
    public static NormalizedGram Of(GatedReluOperator op, int[]? pool = null)
    {
        var cols = pool ?? Enumerable.Range(0, op.Cols).ToArray();
        var a = new ColumnMatrix(op.Rows, cols.Length);
        op.Materialize(cols, a);
        return FromColumns(a, cols, op.Parallelism);
    }

    /// <summary>From explicit columns (any matrix: the property tests use random small ones).</summary>
    public static NormalizedGram FromColumns(ColumnMatrix a, int[] pool, ParallelOptions? parallelism = null)
    {
        int k = pool.Length;
        var norms = new double[k];
        for (int c = 0; c < k; c++)
        {
            var col = a.Column(c);
            norms[c] = Math.Sqrt(TensorPrimitives.Dot(col, col));
            if (norms[c] > 0) TensorPrimitives.Divide(col, norms[c], col);
        }
        var g = new double[k, k];
        Parallel.For(0, k, parallelism ?? new ParallelOptions(), i =>
        {
            var ci = a.Column(i);
            for (int j = 0; j <= i; j++) { double v = TensorPrimitives.Dot(ci, a.Column(j)); g[i, j] = v; g[j, i] = v; }
        });
        return new NormalizedGram(pool, g, norms);
    }
}
