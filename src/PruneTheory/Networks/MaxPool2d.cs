using PruneTheory.Numerics;

namespace PruneTheory.Networks;

/// <summary>
/// Max pooling over NCHW windows (no padding; stride defaults to the kernel, as PyTorch).
/// Ties go to the first maximum in row-major window order; the gradient flows to it only. O(N·C·H·W).
/// </summary>
public sealed class MaxPool2d : Layer
{
    private int[]? _inputShape;
    private int[]? _argmax;

    public int Kernel { get; }
    public int Stride { get; }

    public MaxPool2d(int kernel, int stride = 0)
    {
        if (kernel <= 0 || stride < 0) throw new ArgumentException($"invalid MaxPool2d(kernel={kernel}, stride={stride})");
        Kernel = kernel; Stride = stride == 0 ? kernel : stride;
    }

    public override Tensor Forward(Tensor input, bool training)
    {
        input.RequireRank(4, "MaxPool2d");
        var g = new ConvGeometry(input[0], input[1], input[2], input[3], Kernel, Kernel, Stride, 0);
        g.Validate();
        int planes = g.Batch * g.Channels, hw = g.Height * g.Width, p = g.Positions;
        var y = Tensor.Uninitialized(g.Batch, g.Channels, g.OutH, g.OutW);
        var arg = new int[planes * p];
        var x = input.Data;
        Parallelism.For(0, planes, pl =>
        {
            int baseIn = pl * hw;
            for (int r = 0; r < g.OutH; r++)
                for (int s = 0; s < g.OutW; s++)
                {
                    int best = baseIn + r * Stride * g.Width + s * Stride;
                    for (int i = 0; i < Kernel; i++)
                        for (int j = 0; j < Kernel; j++)
                        {
                            int idx = baseIn + (r * Stride + i) * g.Width + s * Stride + j;
                            if (x[idx] > x[best] || float.IsNaN(x[idx]) && !float.IsNaN(x[best])) best = idx;
                        }
                    int o = pl * p + r * g.OutW + s;
                    arg[o] = best; y.Data[o] = x[best];
                }
        });
        _inputShape = (int[])input.Shape.Clone(); _argmax = arg;
        return y;
    }

    public override Tensor? Backward(Tensor gradOutput)
    {
        var arg = _argmax ?? throw new InvalidOperationException("MaxPool2d.Backward called before Forward");
        if (!ComputeInputGradient) return null;
        var dx = new Tensor((int[])_inputShape!.Clone());
        // windows may overlap when stride < kernel: accumulate serially in output order
        for (int o = 0; o < arg.Length; o++) dx.Data[arg[o]] += gradOutput.Data[o];
        return dx;
    }
}
