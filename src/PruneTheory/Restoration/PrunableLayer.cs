using MathNet.Numerics.LinearAlgebra;

namespace PruneTheory.Restoration;

/// <summary>
/// A layer ℓ whose output neurons/filters are pruned: weight n×d (conv filters flattened (c_in, kh, kw)
/// row-major), optional bias, optional following BN. Without BN the FC formulas apply with the bias
/// appended (ŵ = [w; b]); with BN the conv+BN formulas apply (bias, if any, folded into t).
/// </summary>
public sealed class PrunableLayer
{
    public string Name { get; }
    public Matrix<double> Weight { get; }
    public double[]? Bias { get; }
    public BatchNormParams? Bn { get; }

    public PrunableLayer(string name, Matrix<double> weight, double[]? bias = null, BatchNormParams? bn = null)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Weight = weight ?? throw new ArgumentNullException(nameof(weight));
        Bias = bias; Bn = bn;
        int n = weight.RowCount;
        if (n == 0 || weight.ColumnCount == 0) throw new RestorationInputException(name, -1, "weight", $"is empty ({n}×{weight.ColumnCount})");
        if (bias != null && bias.Length != n) throw new RestorationInputException(name, -1, "bias", $"has {bias.Length} entries for {n} neurons");
        for (int i = 0; i < n; i++)
            for (int j = 0; j < weight.ColumnCount; j++)
                if (!double.IsFinite(weight[i, j])) throw new RestorationInputException(name, i, $"weight[{i},{j}]", $"is not finite ({weight[i, j]})");
        CheckFinite(bias, "bias");
        if (bn != null)
        {
            foreach (var (a, q) in new[] { (bn.Gamma, "BN γ"), (bn.Beta, "BN β"), (bn.RunningMean, "BN running_mean"), (bn.RunningVar, "BN running_var") })
            {
                if (a.Length != n) throw new RestorationInputException(name, -1, q, $"has {a.Length} entries for {n} neurons");
                CheckFinite(a, q);
            }
        }
    }

    public int Count => Weight.RowCount;
    public bool HasBatchNorm => Bn != null;

    /// <summary>What the criterion, cosines and the FC ridge see: ŵ = [w; b] without BN, w with BN. O(n·d).</summary>
    public Matrix<double> CriterionVectors()
    {
        if (Bn != null || Bias == null) return Weight;
        return Weight.Append(Matrix<double>.Build.DenseOfColumnArrays(Bias));
    }

    private void CheckFinite(double[]? a, string quantity)
    {
        if (a == null) return;
        for (int i = 0; i < a.Length; i++)
            if (!double.IsFinite(a[i])) throw new RestorationInputException(Name, i, quantity, $"is not finite ({a[i]})");
    }
}
