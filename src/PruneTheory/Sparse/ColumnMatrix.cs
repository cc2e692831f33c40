using System.Numerics.Tensors;

namespace PruneTheory.Sparse;

/// <summary>
/// A dense n×k column-major matrix with SIMD products: A_S materialised for the step size and the
/// acceleration steps (8·n·k bytes), or a whole Gaussian sensing matrix. Products split rows (Av) or
/// columns (Aᵀr) into fixed chunks, so results do not depend on the thread count.
/// </summary>
public sealed class ColumnMatrix : ILinearOperator
{
    private const int RowChunk = 1024;
    private readonly double[] _data;
    public int Rows { get; }
    public int Cols { get; private set; }

    public ColumnMatrix(int rows, int capacityCols)
    {
        Rows = rows; _data = new double[(long)rows * Math.Max(capacityCols, 0)]; Cols = capacityCols;
    }

    public ColumnMatrix(int rows, int cols, double[] columnMajor)
    {
        if (columnMajor.Length != (long)rows * cols) throw new ArgumentException("data length must be rows × cols");
        Rows = rows; Cols = cols; _data = columnMajor;
    }

    public ParallelOptions Parallelism { get; set; } = new();
    public long Bytes => 8L * _data.Length;
    public int CapacityCols => _data.Length / Math.Max(Rows, 1);

    /// <summary>Uses the first <paramref name="cols"/> columns of the buffer (no reallocation).</summary>
    public void Resize(int cols)
    {
        if (cols < 0 || (long)cols * Rows > _data.Length) throw new ArgumentException($"{cols} columns exceed the capacity");
        Cols = cols;
    }

    public Span<double> Column(int c) => _data.AsSpan(c * Rows, Rows);

    /// <summary>y = A x. O(nk), rows split into fixed chunks, columns summed in index order.</summary>
    public void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        if (x.Length != Cols || y.Length != Rows) throw new ArgumentException("dimension mismatch in A x");
        var xs = x.ToArray();
        var ys = new double[Rows];
        int chunks = (Rows + RowChunk - 1) / RowChunk;
        Parallel.For(0, chunks, Parallelism, ch =>
        {
            int lo = ch * RowChunk, len = Math.Min(RowChunk, Rows - lo);
            var dst = ys.AsSpan(lo, len);
            for (int c = 0; c < xs.Length; c++)
                if (xs[c] != 0) TensorPrimitives.MultiplyAdd(_data.AsSpan(c * Rows + lo, len), xs[c], dst, dst);
        });
        ys.CopyTo(y);
    }

    /// <summary>g = Aᵀ r: one SIMD dot per column. O(nk).</summary>
    public void ApplyAdjoint(ReadOnlySpan<double> r, Span<double> g)
    {
        if (r.Length != Rows || g.Length != Cols) throw new ArgumentException("dimension mismatch in Aᵀ r");
        var rs = r.ToArray();
        var gs = new double[Cols];
        Parallel.For(0, Cols, Parallelism, c => gs[c] = TensorPrimitives.Dot(_data.AsSpan(c * Rows, Rows), rs));
        gs.CopyTo(g);
    }
}
