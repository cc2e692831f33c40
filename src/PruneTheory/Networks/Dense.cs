using PruneTheory.Gpu;
using System.Numerics.Tensors;
using PruneTheory.Numerics;
using PruneTheory.Random;

namespace PruneTheory.Networks;

/// <summary>
/// Fully connected layer y = x·Wᵀ + b (PyTorch nn.Linear: weight [out, in], bias [out]).
/// Forward and each backward product cost O(N·in·out) through <see cref="Gemm"/>.
/// </summary>
public sealed class Dense : Layer
{
    private Tensor? _input;

    public Parameter Weight { get; }
    public Parameter? Bias { get; }
    public int InFeatures => Weight.Value[1];
    public int OutFeatures => Weight.Value[0];

    public Dense(int inFeatures, int outFeatures, bool bias, RngKey key, InitScheme init = InitScheme.PyTorchDefault)
    {
        if (inFeatures <= 0 || outFeatures <= 0) throw new ArgumentException($"Dense needs positive sizes, got {inFeatures}→{outFeatures}");
        Weight = new Parameter("weight", new Tensor(outFeatures, inFeatures));
        Bias = bias ? new Parameter("bias", new Tensor(outFeatures)) : null;
        Init.WeightAndBias(init, Weight.Value, Bias?.Value, inFeatures, key);
    }

    public override IReadOnlyList<Parameter> Parameters => Bias is null ? [Weight] : [Weight, Bias];

    public override Tensor Forward(Tensor input, bool training)
    {
        input.RequireRank(2, "Dense");
        if (input[1] != InFeatures) throw new ArgumentException($"Dense expects {InFeatures} features, got {input[1]}");
        int n = input[0], o = OutFeatures;
        var y = Tensor.Uninitialized(n, o);
        ComputeBackend.Current.Gemm(false, true, n, o, InFeatures, 1f, input.Data, Weight.Value.Data, 0f, y.Data);
        if (Bias is not null)
            for (int i = 0; i < n; i++)
            {
                var row = y.Data.AsSpan(i * o, o);
                TensorPrimitives.Add(row, Bias.Value.Data, row);
            }
        _input = input;
        return y;
    }

    public override Tensor? Backward(Tensor gradOutput)
    {
        var x = Cached(_input, "input");
        int n = x[0], o = OutFeatures, f = InFeatures;
        // dW = dYᵀ·X  (out×in, summed over the batch in fixed order inside the GEMM)
        ComputeBackend.Current.Gemm(true, false, o, f, n, 1f, gradOutput.Data, x.Data, 0f, Weight.Grad.Data);
        if (Bias is not null) ColumnSums(gradOutput.Data, n, o, Bias.Grad.Data);
        if (!ComputeInputGradient) return null;
        var dx = Tensor.Uninitialized(n, f);
        ComputeBackend.Current.Gemm(false, false, n, f, o, 1f, gradOutput.Data, Weight.Value.Data, 0f, dx.Data);
        return dx;
    }

    /// <summary>dst[j] = Σ_i src[i, j], accumulated in double in row order. O(rows·cols).</summary>
    internal static void ColumnSums(float[] src, int rows, int cols, float[] dst)
    {
        var acc = new double[cols];
        for (int i = 0; i < rows; i++)
        {
            int off = i * cols;
            for (int j = 0; j < cols; j++) acc[j] += src[off + j];
        }
        for (int j = 0; j < cols; j++) dst[j] = (float)acc[j];
    }
}
