using PruneTheory.Networks;

namespace PruneTheory.Pruning.BiasCompensation;

/// <summary>tanh elementwise (the engine has ReLU only; used by the PDE regressors). O(size).</summary>
public sealed class TanhLayer : Layer
{
    private Tensor? _output;

    public override Tensor Forward(Tensor input, bool training)
    {
        var y = new Tensor((int[])input.Shape.Clone());
        System.Numerics.Tensors.TensorPrimitives.Tanh(input.Data, y.Data);
        _output = y;
        return y;
    }

    public override Tensor? Backward(Tensor gradOutput)
    {
        var y = Cached(_output, "output");
        if (!ComputeInputGradient) return null;
        var dx = new Tensor((int[])y.Shape.Clone());
        var g = gradOutput.Data; var o = y.Data; var d = dx.Data;
        for (int i = 0; i < d.Length; i++) d[i] = g[i] * (1f - o[i] * o[i]);
        return dx;
    }
}
