namespace PruneTheory.Sparse;

/// <summary>A linear map ℝ^Cols → ℝ^Rows with its adjoint (dense vectors).</summary>
public interface ILinearOperator
{
    int Rows { get; }
    int Cols { get; }
    void Apply(ReadOnlySpan<double> x, Span<double> y);
    void ApplyAdjoint(ReadOnlySpan<double> r, Span<double> g);
}
