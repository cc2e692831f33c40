using System.Runtime.Intrinsics;

namespace PruneTheory.Networks;

/// <summary>max(0, x) elementwise; the gradient at 0 is 0 as in PyTorch. O(size).</summary>
public sealed class ReLU : Layer
{
    private Tensor? _output;

    public override Tensor Forward(Tensor input, bool training)
    {
        var y = Tensor.Uninitialized((int[])input.Shape.Clone());
        System.Numerics.Tensors.TensorPrimitives.Max(input.Data, 0f, y.Data);
        _output = y;
        return y;
    }

    public override Tensor? Backward(Tensor gradOutput)
    {
        var y = Cached(_output, "output");
        if (!ComputeInputGradient) return null;
        var dx = Tensor.Uninitialized((int[])y.Shape.Clone());
        var g = gradOutput.Data.AsSpan(); var o = y.Data.AsSpan(); var d = dx.Data.AsSpan();
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i <= d.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var positive = Vector256.GreaterThan(Vector256.Create(o.Slice(i, Vector256<float>.Count)), Vector256<float>.Zero);
                (positive & Vector256.Create(g.Slice(i, Vector256<float>.Count))).CopyTo(d.Slice(i));
            }
        for (; i < d.Length; i++) d[i] = o[i] > 0f ? g[i] : 0f;
        return dx;
    }
}

/// <summary>[N, C, H, W] → [N, C·H·W] in channel-major order (PyTorch x.view(N, -1)). O(1), no copy.</summary>
public sealed class Flatten : Layer
{
    private int[]? _shape;

    public override Tensor Forward(Tensor input, bool training)
    {
        if (input.Rank < 2) throw new ArgumentException($"Flatten expects a batch dimension, got shape {input.ShapeText}");
        _shape = (int[])input.Shape.Clone();
        return input.Reshape(input[0], input.SampleSize);
    }

    public override Tensor? Backward(Tensor gradOutput)
    {
        var shape = _shape ?? throw new InvalidOperationException("Flatten.Backward called before Forward");
        return ComputeInputGradient ? gradOutput.Reshape((int[])shape.Clone()) : null;
    }
}
