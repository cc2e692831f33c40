using PruneTheory.Gpu;
using PruneTheory.Numerics;
using PruneTheory.Random;

namespace PruneTheory.Networks;

/// <summary>
/// 2-D convolution over NCHW (PyTorch nn.Conv2d: weight [out, in, kh, kw], optional bias [out]),
/// as im2col + one GEMM for the whole batch. Forward and each backward product cost
/// O(N·OH·OW·out·in·kh·kw); the column buffer takes in·kh·kw·N·OH·OW floats.
/// </summary>
public sealed class Conv2d : Layer
{
    private Tensor? _input;
    private float[]? _col;

    public Parameter Weight { get; }
    public Parameter? Bias { get; }
    public int Stride { get; }
    public int Padding { get; }
    public int OutChannels => Weight.Value[0];
    public int InChannels => Weight.Value[1];
    public int KernelH => Weight.Value[2];
    public int KernelW => Weight.Value[3];

    public Conv2d(int inChannels, int outChannels, int kernel, RngKey key, int stride = 1, int padding = 0, bool bias = true,
        InitScheme init = InitScheme.PyTorchDefault)
    {
        if (inChannels <= 0 || outChannels <= 0 || kernel <= 0 || stride <= 0 || padding < 0)
            throw new ArgumentException($"invalid Conv2d({inChannels}, {outChannels}, k={kernel}, s={stride}, p={padding})");
        Weight = new Parameter("weight", new Tensor(outChannels, inChannels, kernel, kernel));
        Bias = bias ? new Parameter("bias", new Tensor(outChannels)) : null;
        Stride = stride; Padding = padding;
        Init.WeightAndBias(init, Weight.Value, Bias?.Value, inChannels * kernel * kernel, key);
    }

    public override IReadOnlyList<Parameter> Parameters => Bias is null ? [Weight] : [Weight, Bias];

    private ConvGeometry Geometry(Tensor x) => new(x[0], x[1], x[2], x[3], KernelH, KernelW, Stride, Padding);

    public override Tensor Forward(Tensor input, bool training)
    {
        input.RequireRank(4, "Conv2d");
        if (input[1] != InChannels) throw new ArgumentException($"Conv2d expects {InChannels} channels, got {input[1]}");
        var g = Geometry(input);
        int n = g.Batch, p = g.Positions, o = OutChannels, cols = n * p;
        var col = GC.AllocateUninitializedArray<float>(g.PatchSize * cols);
        Im2Col.Forward(input.Data, g, col);
        var yp = GC.AllocateUninitializedArray<float>(o * cols);
        ComputeBackend.Current.Gemm(false, false, o, cols, g.PatchSize, 1f, Weight.Value.Data, col, 0f, yp);
        var y = Tensor.Uninitialized(n, o, g.OutH, g.OutW);
        var b = Bias?.Value.Data;
        Parallelism.For(0, n * o, no =>
        {
            int s = no / o, c = no % o;
            var src = yp.AsSpan(c * cols + s * p, p);
            var dst = y.Data.AsSpan(no * p, p);
            if (b is null) src.CopyTo(dst);
            else System.Numerics.Tensors.TensorPrimitives.Add(src, b[c], dst);
        });
        _input = input; _col = col;
        return y;
    }

    public override Tensor? Backward(Tensor gradOutput)
    {
        var x = Cached(_input, "input");
        var col = _col ?? throw new InvalidOperationException("Conv2d.Backward called before Forward");
        var g = Geometry(x);
        int n = g.Batch, p = g.Positions, o = OutChannels, cols = n * p;
        var dyp = GC.AllocateUninitializedArray<float>(o * cols);
        var dy = gradOutput.Data;
        Parallelism.For(0, n * o, no =>
        {
            int s = no / o, c = no % o;
            dy.AsSpan(no * p, p).CopyTo(dyp.AsSpan(c * cols + s * p, p));
        });
        ComputeBackend.Current.Gemm(false, true, o, g.PatchSize, cols, 1f, dyp, col, 0f, Weight.Grad.Data);
        if (Bias is not null)
            for (int c = 0; c < o; c++)
            {
                double acc = 0;
                foreach (float v in dyp.AsSpan(c * cols, cols)) acc += v;
                Bias.Grad.Data[c] = (float)acc;
            }
        if (!ComputeInputGradient) return null;
        var dcol = GC.AllocateUninitializedArray<float>(col.Length); // keep col: Backward may be called again (e.g. one pass per output)
        ComputeBackend.Current.Gemm(true, false, g.PatchSize, cols, o, 1f, Weight.Value.Data, dyp, 0f, dcol);
        var dx = Tensor.Uninitialized((int[])x.Shape.Clone()); // col2im clears each plane
        Im2Col.Backward(dcol, g, dx.Data);
        return dx;
    }
}
