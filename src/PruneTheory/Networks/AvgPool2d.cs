using PruneTheory.Numerics;

namespace PruneTheory.Networks;

/// <summary>
/// Average pooling over NCHW windows (no padding, floor mode, as PyTorch's AvgPool2d; stride defaults to the kernel);
/// <see cref="Global"/>: AdaptiveAvgPool2d(1), one window over the whole map. Linear, so the backward pass spreads each
/// output gradient evenly over its window. O(N·C·OH·OW·window).
/// </summary>
public sealed class AvgPool2d : Layer
{
    private int[]? _inputShape;

    public int Kernel { get; }
    public int Stride { get; }
    public bool Global { get; }

    public AvgPool2d(int kernel, int stride = 0, bool global = false)
    {
        if (!global && (kernel <= 0 || stride < 0)) throw new ArgumentException($"invalid AvgPool2d(kernel={kernel}, stride={stride})");
        Kernel = kernel; Stride = stride == 0 ? kernel : stride; Global = global;
    }

    /// <summary>Window height, width, stride and output size on an h × w map.</summary>
    private (int Kh, int Kw, int S, int Oh, int Ow) Window(int h, int w)
    {
        if (Global) return (h, w, 1, 1, 1);
        if (h < Kernel || w < Kernel) throw new ArgumentException($"AvgPool2d with kernel {Kernel} on a {h}×{w} map");
        return (Kernel, Kernel, Stride, (h - Kernel) / Stride + 1, (w - Kernel) / Stride + 1);
    }

    public override Tensor Forward(Tensor input, bool training)
    {
        input.RequireRank(4, "AvgPool2d");
        int h = input[2], w = input[3];
        var (kh, kw, s, oh, ow) = Window(h, w);
        var y = new Tensor(input[0], input[1], oh, ow);
        var x = input.Data;
        Parallelism.For(0, input[0] * input[1], pl =>
        {
            for (int r = 0; r < oh; r++)
                for (int c = 0; c < ow; c++)
                {
                    double sum = 0;
                    for (int i = 0; i < kh; i++)
                        for (int j = 0; j < kw; j++) sum += x[(pl * h + r * s + i) * w + c * s + j];
                    y.Data[(pl * oh + r) * ow + c] = (float)(sum / (kh * kw));
                }
        });
        _inputShape = (int[])input.Shape.Clone();
        return y;
    }

    public override Tensor? Backward(Tensor gradOutput)
    {
        var shape = _inputShape ?? throw new InvalidOperationException("AvgPool2d.Backward called before Forward");
        if (!ComputeInputGradient) return null;
        int h = shape[2], w = shape[3];
        var (kh, kw, s, oh, ow) = Window(h, w);
        var dx = new Tensor((int[])shape.Clone());
        float scale = 1f / (kh * kw);
        // windows of one plane may overlap (stride < kernel): each plane accumulates serially
        Parallelism.For(0, shape[0] * shape[1], pl =>
        {
            for (int r = 0; r < oh; r++)
                for (int c = 0; c < ow; c++)
                {
                    float g = gradOutput.Data[(pl * oh + r) * ow + c] * scale;
                    for (int i = 0; i < kh; i++)
                        for (int j = 0; j < kw; j++) dx.Data[(pl * h + r * s + i) * w + c * s + j] += g;
                }
        });
        return dx;
    }
}
