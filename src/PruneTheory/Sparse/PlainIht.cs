using System.Numerics.Tensors;
using PruneTheory.Random;

namespace PruneTheory.Sparse;

/// <summary>Settings of textbook IHT (spec §3.1).</summary>
public sealed record PlainIhtOptions
{
    /// <summary>Kept entries s̃ (the theory asks s̃ ≥ 32(β/α)²·s; the runs use s, 2s, 4s).</summary>
    public required int Sparsity { get; init; }
    public int Steps { get; init; } = 1000;

    /// <summary>Fixed step η; null = 2/(3‖A‖₂²) with ‖A‖₂ from power iteration (Theorem 1 with β = ‖A‖₂²).</summary>
    public double? StepSize { get; init; }

    /// <summary>Stop once ‖Aw − y‖/‖y‖ ≤ this (0 = run all steps).</summary>
    public double RelResidualTolerance { get; init; }
    public double DivergenceFactor { get; init; } = 1e6;

    /// <summary>Called after every thresholding step with the step index and the dense iterate (read only), for rate measurements.</summary>
    public Action<int, double[]>? OnIterate { get; init; }
}

public sealed record PlainIhtResult(SparseWeights Weights, int StepsRun, double RelResidual, double StepSize, bool Diverged, string? DivergenceReason);

/// <summary>
/// Textbook IHT w ← H_s̃(w − η Aᵀ(A w − y)) from w = 0 on any fixed linear operator (an enumerated,
/// column-normalised arrangement operator in the theory; a Gaussian matrix for the CS sanity check).
/// Per step one A and one Aᵀ product plus O(N log s̃) thresholding; memory O(N + n).
/// </summary>
public static class PlainIht
{
    public static PlainIhtResult Solve(ILinearOperator a, ReadOnlySpan<double> labels, PlainIhtOptions o)
    {
        if (o.Sparsity <= 0 || o.Steps < 0) throw new ArgumentException("sparsity must be positive and steps >= 0");
        if (labels.Length != a.Rows) throw new ArgumentException("labels length differs from the operator's rows");
        var y = labels.ToArray();
        double yNorm = Math.Sqrt(TensorPrimitives.Dot(y, y));
        if (yNorm == 0) throw new ArgumentException("all labels are zero");
        double eta = o.StepSize ?? 2.0 / (3.0 * OperatorNorm.SquaredSpectralNorm(a, RngKey.FromSeed(0).FoldIn("power-iteration")));
        if (!(eta > 0)) throw new ArgumentException($"step size must be positive (got {eta})");

        var w = new double[a.Cols]; var r = new double[a.Rows]; var g = new double[a.Cols];
        var kept = SparseWeights.Empty(a.Cols);
        double rel = 1;
        int t = 0;
        for (; t < o.Steps; t++)
        {
            a.Apply(w, r);
            TensorPrimitives.Subtract(r, y, r);
            rel = Math.Sqrt(TensorPrimitives.Dot(r, r)) / yNorm;
            if (!double.IsFinite(rel)) return new(kept, t, rel, eta, true, $"step {t}: residual is not finite");
            if (rel > Math.Sqrt(o.DivergenceFactor)) return new(kept, t, rel, eta, true, $"step {t}: relative residual {rel:G4} exploded");
            if (o.RelResidualTolerance > 0 && rel <= o.RelResidualTolerance) break;
            a.ApplyAdjoint(r, g);
            TensorPrimitives.MultiplyAdd(g, -eta, w, g);
            kept = TopSelector.HardThreshold(g, o.Sparsity);
            Array.Clear(w);
            for (int k = 0; k < kept.Count; k++) w[kept.Indices[k]] = kept.Values[k];
            o.OnIterate?.Invoke(t + 1, w);
        }
        if (t == o.Steps)
        {
            a.Apply(w, r); TensorPrimitives.Subtract(r, y, r);
            rel = Math.Sqrt(TensorPrimitives.Dot(r, r)) / yNorm;
        }
        return new(kept, t, rel, eta, !double.IsFinite(rel), double.IsFinite(rel) ? null : "final residual is not finite");
    }
}

/// <summary>Largest singular value by power iteration on AᵀA. O(iterations · cost of A and Aᵀ).</summary>
public static class OperatorNorm
{
    public static double SquaredSpectralNorm(ILinearOperator a, RngKey key, int iterations = 200)
    {
        var v = new double[a.Cols]; var av = new double[a.Rows];
        key.Stream().FillGaussian(v);
        double lambda = 0;
        for (int it = 0; it < iterations; it++)
        {
            double norm = Math.Sqrt(TensorPrimitives.Dot(v, v));
            if (norm == 0) return 0;
            TensorPrimitives.Divide(v, norm, v);
            a.Apply(v, av);
            a.ApplyAdjoint(av, v);
            lambda = TensorPrimitives.Dot(av, av);
        }
        return lambda;
    }
}

/// <summary>A·diag(1/‖a_c‖) (zero columns stay zero): the column-normalised operator of the theory.</summary>
public sealed class ColumnNormalizedOperator(ILinearOperator inner, double[] columnNorms) : ILinearOperator
{
    private readonly double[] _scale = columnNorms.Select(v => v > 0 ? 1 / v : 0).ToArray();
    public int Rows => inner.Rows;
    public int Cols => inner.Cols;
    public double Scale(int c) => _scale[c];

    public void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        var xs = new double[Cols];
        TensorPrimitives.Multiply(x, _scale, xs);
        inner.Apply(xs, y);
    }

    public void ApplyAdjoint(ReadOnlySpan<double> r, Span<double> g)
    {
        inner.ApplyAdjoint(r, g);
        TensorPrimitives.Multiply(g, _scale, g);
    }
}
