using PruneTheory.Random;

namespace PruneTheory.Sparse;

/// <summary>
/// The data matrix X (n×d) stored column-major, so X·h (an axpy per input) and Xᵀv (a dot per input)
/// both stream contiguous columns of length n.
/// </summary>
public sealed class DesignMatrix
{
    private readonly double[] _data;
    public int Rows { get; }
    public int Cols { get; }

    public DesignMatrix(int rows, int cols, double[] columnMajor)
    {
        if (rows <= 0 || cols <= 0) throw new ArgumentException($"X must be non-empty (got {rows}×{cols})");
        if (columnMajor.Length != (long)rows * cols) throw new ArgumentException($"X data has {columnMajor.Length} entries, expected {rows}×{cols}");
        Rows = rows; Cols = cols; _data = columnMajor;
    }

    /// <summary>Column i (length n).</summary>
    public ReadOnlySpan<double> Column(int i) => _data.AsSpan(i * Rows, Rows);

    public double this[int row, int col] => _data[col * Rows + row];

    /// <summary>The raw column-major array (read it, never write it).</summary>
    internal double[] Data => _data;

    /// <summary>X with i.i.d. N(0,1) entries drawn from <paramref name="key"/>: entry (row, col) is the first
    /// Gaussian of Philox block col·n+row, so X is a pure function of (key, n, d). O(nd).</summary>
    public static DesignMatrix Gaussian(RngKey key, int rows, int cols)
    {
        var data = new double[(long)rows * cols];
        for (long t = 0; t < data.Length; t++)
        {
            CounterDraws.GaussianPair(Philox4x32.Block(key, (ulong)t), out double g, out _);
            data[t] = g;
        }
        return new DesignMatrix(rows, cols, data);
    }

    public static DesignMatrix FromRowMajor(int rows, int cols, ReadOnlySpan<double> rowMajor)
    {
        if (rowMajor.Length != rows * cols) throw new ArgumentException("row-major data has the wrong length");
        var data = new double[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) data[c * rows + r] = rowMajor[r * cols + c];
        return new DesignMatrix(rows, cols, data);
    }
}
