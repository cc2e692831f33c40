namespace PruneTheory.Graph;

/// <summary>
/// Float64 inference of a <see cref="Network"/> (BatchNorm in eval mode), one sample at a time, samples in
/// parallel. Cost O(rows · multiply-adds of the network).
/// </summary>
public static class Forward
{
    /// <summary>Outputs [rows, Classes] for inputs [rows, InputSize] (row-major).</summary>
    public static double[] Run(Network net, double[] x, int rows)
    {
        int din = net.InputSize, dout = net.Classes;
        if (x.Length != rows * din) throw new ArgumentException($"input needs {rows}×{din} values, got {x.Length}");
        var y = new double[rows * dout];
        Parallel.For(0, rows, r =>
        {
            var o = Chain(net.Nodes, x.AsSpan(r * din, din).ToArray(), net.InputShape, out _);
            Array.Copy(o, 0, y, r * dout, dout);
        });
        return y;
    }

    private static double[] Chain(List<Node> nodes, double[] v, int[] shape, out int[] outShape)
    {
        foreach (var n in nodes) v = Step(n, v, ref shape);
        outShape = shape;
        return v;
    }

    private static double[] Step(Node node, double[] v, ref int[] s)
    {
        switch (node)
        {
            case Linear l:
            {
                var w = l.Weight.Data; int nin = l.In, nout = l.Out;
                var y = new double[nout];
                for (int o = 0; o < nout; o++)
                {
                    double acc = l.Bias?.Data[o] ?? 0;
                    int row = o * nin;
                    for (int i = 0; i < nin; i++) acc += w[row + i] * v[i];
                    y[o] = acc;
                }
                s = [nout];
                return y;
            }
            case Conv2d c: return Conv(c, v, ref s);
            case BatchNorm b:
            {
                int ch = s[0], inner = v.Length / ch;
                var y = new double[v.Length];
                for (int k = 0; k < ch; k++)
                {
                    double g = b.Gamma.Data[k] / Math.Sqrt(b.Var.Data[k] + b.Eps), mu = b.Mean.Data[k], beta = b.Beta.Data[k];
                    for (int q = k * inner; q < (k + 1) * inner; q++) y[q] = (v[q] - mu) * g + beta;
                }
                return y;
            }
            case Activation a:
                return a.Kind == ActivationKind.Relu ? v.Select(z => z > 0 ? z : 0).ToArray() : v.Select(Math.Tanh).ToArray();
            case Pool p: return PoolStep(p, v, ref s);
            case Flatten: s = [v.Length]; return v;
            case Residual r:
            {
                var start = s;
                var main = Chain(r.Main, v, start, out var ms);
                double[] sc = r.Kind switch
                {
                    ShortcutKind.Identity => v,
                    ShortcutKind.Layers => Chain(r.Shortcut, v, start, out _),
                    _ => PadChannels(v, start, ms[0]),
                };
                var y = new double[main.Length];
                for (int q = 0; q < y.Length; q++) y[q] = main[q] + sc[q];
                s = ms;
                return y;
            }
            default: throw new ArgumentException($"unknown node {node.GetType().Name}");
        }
    }

    private static double[] Conv(Conv2d c, double[] v, ref int[] s)
    {
        int cin = s[0], h = s[1], w = s[2], kh = c.KernelH, kw = c.KernelW, st = c.Stride, pad = c.Padding, cout = c.Out;
        int oh = (h + 2 * pad - kh) / st + 1, ow = (w + 2 * pad - kw) / st + 1;
        var y = new double[cout * oh * ow];
        var wt = c.Weight.Data;
        for (int o = 0; o < cout; o++)
        {
            double b = c.Bias?.Data[o] ?? 0;
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                {
                    double acc = b;
                    for (int ci = 0; ci < cin; ci++)
                        for (int u = 0; u < kh; u++)
                        {
                            int yy = i * st - pad + u;
                            if (yy < 0 || yy >= h) continue;
                            int wrow = ((o * cin + ci) * kh + u) * kw, xrow = (ci * h + yy) * w;
                            for (int t = 0; t < kw; t++)
                            {
                                int xx = j * st - pad + t;
                                if (xx >= 0 && xx < w) acc += wt[wrow + t] * v[xrow + xx];
                            }
                        }
                    y[(o * oh + i) * ow + j] = acc;
                }
        }
        s = [cout, oh, ow];
        return y;
    }

    private static double[] PoolStep(Pool p, double[] v, ref int[] s)
    {
        int ch = s[0], h = s[1], w = s[2];
        int k = p.Global ? 0 : p.Kernel, st = p.Global ? 1 : p.Stride;
        int oh = p.Global ? 1 : (h - k) / st + 1, ow = p.Global ? 1 : (w - k) / st + 1;
        int kh = p.Global ? h : k, kw = p.Global ? w : k;
        var y = new double[ch * oh * ow];
        for (int c = 0; c < ch; c++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                {
                    double acc = p.Kind == PoolKind.Max ? double.NegativeInfinity : 0;
                    for (int u = 0; u < kh; u++)
                        for (int t = 0; t < kw; t++)
                        {
                            double x = v[(c * h + i * st + u) * w + j * st + t];
                            acc = p.Kind == PoolKind.Max ? Math.Max(acc, x) : acc + x;
                        }
                    y[(c * oh + i) * ow + j] = p.Kind == PoolKind.Max ? acc : acc / (kh * kw);
                }
        s = [ch, oh, ow];
        return y;
    }

    /// <summary>Option-A shortcut: every second row and column, channels zero-padded equally before and after.</summary>
    private static double[] PadChannels(double[] v, int[] s, int outChannels)
    {
        int ch = s[0], h = s[1], w = s[2], oh = (h + 1) / 2, ow = (w + 1) / 2, before = (outChannels - ch) / 2;
        var y = new double[outChannels * oh * ow];
        for (int c = 0; c < ch; c++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++)
                    y[((c + before) * oh + i) * ow + j] = v[(c * h + 2 * i) * w + 2 * j];
        return y;
    }
}
