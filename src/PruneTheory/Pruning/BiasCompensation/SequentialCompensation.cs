using PruneTheory.Networks;

namespace PruneTheory.Pruning.BiasCompensation;

/// <summary>
/// EC statistics for an engine <see cref="Sequential"/> of Dense / Conv2d layers with sample-independent layers in between
/// (ReLU, tanh, max/average pools, flatten, <see cref="ResidualBlock"/>s of such layers; no BatchNorm). Conv layers use the position-diagonal form of spec §7 (extension beyond the
/// paper): every (sample, output position) is a calibration row, M1 = GᵀÃ and M2 = Gᵀ(Ã∘Ã) with Ã the im2col matrix, N = samples.
/// Sensitivities are exact for Q = I (one forward + backward per output; the engine is float32, sums are float64).
/// Cost per batch: d_out × (forward + backward) + 2 GEMMs per layer.
/// </summary>
public sealed class SequentialCompensation
{
    /// <summary>The Dense/Conv2d layers in forward order; weights are viewed as n_out × (fan-in) row-major matrices.</summary>
    public IReadOnlyList<Layer> Layers { get; }
    public double[][] M0 { get; }
    public double[][] M1 { get; }
    public double[][] M2 { get; }
    public long Samples { get; private set; }

    private readonly Sequential _model;
    private bool _exactConv;

    private SequentialCompensation(Sequential model)
    {
        _model = model;
        var leaves = model.Leaves("").Select(t => t.Layer).ToList();
        if (leaves.Any(l => l is BatchNorm1d or BatchNorm2d)) throw new ArgumentException("BatchNorm couples samples: per-sample sensitivities are undefined");
        Layers = leaves.Where(l => l is Dense or Conv2d).ToList();
        if (Layers.Count == 0) throw new ArgumentException("model has no Dense or Conv2d layers");
        M0 = Layers.Select(l => new double[OutSize(l)]).ToArray();
        M1 = Layers.Select(l => new double[Weight(l).Length]).ToArray();
        M2 = Layers.Select(l => new double[Weight(l).Length]).ToArray();
    }

    public static float[] Weight(Layer l) => l switch { Dense d => d.Weight.Value.Data, Conv2d c => c.Weight.Value.Data, _ => throw new ArgumentException("not a weight layer") };
    public static float[]? Bias(Layer l) => l switch { Dense d => d.Bias?.Value.Data, Conv2d c => c.Bias?.Value.Data, _ => null };
    private static int OutSize(Layer l) => l switch { Dense d => d.OutFeatures, Conv2d c => c.OutChannels, _ => 0 };

    /// <summary>Accumulates over <paramref name="inputs"/> ([N, ...] as the model expects) in batches.</summary>
    /// <remarks>
    /// <paramref name="exactConvBlock"/>: conv layers use the exact block of §7 instead (per-sample gradients ∂f/∂b_o = Σ_p J_{o,p},
    /// ∂f/∂w = Σ_p J_{o,p}ã: M0 = Σ‖∂f/∂b‖², M1 = Σ⟨∂f/∂w, ∂f/∂b⟩, M2 = Σ‖∂f/∂w‖²), at d_out per-sample GEMMs per batch.
    /// </remarks>
    public static SequentialCompensation Accumulate(Sequential model, Tensor inputs, int batchSize = 250, bool exactConvBlock = false)
    {
        ArgumentNullException.ThrowIfNull(model); ArgumentNullException.ThrowIfNull(inputs);
        var st = new SequentialCompensation(model) { _exactConv = exactConvBlock };
        int n = inputs[0], per = inputs.SampleSize;
        for (int start = 0; start < n; start += batchSize)
        {
            int rows = Math.Min(batchSize, n - start);
            var shape = (int[])inputs.Shape.Clone(); shape[0] = rows;
            st.AddBatch(new Tensor(shape, inputs.Data.AsSpan(start * per, rows * per).ToArray()));
        }
        return st;
    }

    public CompensationScores Scores() =>
        CompensationScores.FromSums(Layers.Select(l => Weight(l).Select(v => (double)v).ToArray()).ToArray(), M0, M1, M2, Samples);

    private void AddBatch(Tensor x)
    {
        int rows = x[0];
        var pass = new Pass(this, new Tensor[Layers.Count], new double[Layers.Count][], new (double[] Columns, int Rows, int FanIn)?[Layers.Count], rows);
        for (int k = 0, dOut = 1; k < dOut; k++)
        {
            int li = 0;   // forward again for every pass: the engine's layers release their caches in Backward
            var h = pass.Forward(_model, x, ref li);
            dOut = h.SampleSize;
            var grad = new Tensor((int[])h.Shape.Clone());
            for (int r = 0; r < rows; r++) grad.Data[r * dOut + k] = 1;
            li = Layers.Count - 1;
            pass.Backward(_model, grad, ref li, first: true);
        }
        var (layerInputs, g) = (pass.Inputs, pass.G);
        for (int li = 0; li < Layers.Count; li++)
        {
            if (g[li] is not { } gl) continue;   // exact conv block: already accumulated
            var (a, aRows, fanIn) = Layers[li] is Conv2d conv ? ConvColumns.Im2Col(layerInputs[li], conv) : (ToDouble(layerInputs[li].Data), rows, layerInputs[li].SampleSize);
            int nOut = M0[li].Length;
            var aa = new double[a.Length];
            System.Numerics.Tensors.TensorPrimitives.Multiply(a, a, aa);
            DoubleGemm.TN(gl, a, M1[li], nOut, aRows, fanIn, accumulate: true);
            DoubleGemm.TN(gl, aa, M2[li], nOut, aRows, fanIn, accumulate: true);
            for (int r = 0; r < aRows; r++) for (int i = 0; i < nOut; i++) M0[li][i] += gl[r * nOut + i];
        }
        Samples += rows;
    }

    /// <summary>
    /// One forward and one backward pass through the layer tree (Sequential children in order; a
    /// <see cref="ResidualBlock"/>'s main branch then its shortcut), recording each Dense/Conv2d's input on the way forward
    /// and the output gradient ∂f_k/∂z on the way back, in <see cref="Leaves"/> order. The first leaf's own input
    /// gradient is never needed, so its Backward is skipped.
    /// </summary>
    private sealed record Pass(SequentialCompensation Owner, Tensor[] Inputs, double[]?[] G, (double[] Columns, int Rows, int FanIn)?[] Cols, int Rows)
    {
        public Tensor Forward(Layer layer, Tensor h, ref int li)
        {
            switch (layer)
            {
                case Sequential s:
                    foreach (var (_, child) in s.Children) h = Forward(child, h, ref li);
                    return h;
                case ResidualBlock r:
                    var main = Forward(r.Main, h, ref li);
                    var sc = r.Shortcut is { } layers ? Forward(layers, h, ref li) : r.ShortcutForward(h, training: false);
                    return ResidualBlock.Add(main, sc);
                case Dense or Conv2d:
                    Inputs[li++] = h;
                    return layer.Forward(h, training: false);
                default:
                    return layer.Forward(h, training: false);
            }
        }

        /// <returns>The input gradient, or null for the first leaf of the model (<paramref name="first"/>).</returns>
        public Tensor? Backward(Layer layer, Tensor grad, ref int li, bool first)
        {
            switch (layer)
            {
                case Sequential s:
                    Tensor? g = grad;
                    for (int i = s.Children.Count - 1; i >= 0; i--) g = Backward(s.Children[i].Layer, g!, ref li, first && i == 0);
                    return g;
                case ResidualBlock r:
                    // reverse of the forward order: the shortcut's layers come after the main branch's
                    var gs = r.Shortcut is { } layers ? Backward(layers, grad, ref li, first: false) : r.ShortcutBackward(grad);
                    var gm = Backward(r.Main, grad, ref li, first: false);
                    return ResidualBlock.Add(gm!, gs!);
                case Dense or Conv2d:
                    var rowsOfG = PositionRows(grad);
                    if (Owner._exactConv && layer is Conv2d conv)
                    {
                        Cols[li] ??= ConvColumns.Im2Col(Inputs[li], conv);
                        Owner.AddExactBlock(li, rowsOfG, Cols[li]!.Value, Rows);
                    }
                    else
                    {
                        var gl = G[li] ??= new double[rowsOfG.Length];
                        for (int q = 0; q < rowsOfG.Length; q++) gl[q] += rowsOfG[q] * rowsOfG[q];
                    }
                    li--;
                    break;
            }
            if (first) return null;
            return layer.Backward(grad) ?? throw new InvalidOperationException("layer returned no input gradient");
        }
    }

    /// <summary>Adds one output's per-sample conv gradients (exact block): gb = Σ_p J, gw = J_nᵀÃ_n per sample.</summary>
    private void AddExactBlock(int li, double[] j, (double[] Columns, int Rows, int FanIn) col, int samples)
    {
        int nOut = M0[li].Length, p = col.Rows / samples, fan = col.FanIn;
        var jn = new double[p * nOut]; var an = new double[p * fan]; var gw = new double[nOut * fan]; var gb = new double[nOut];
        for (int n = 0; n < samples; n++)
        {
            Array.Copy(j, n * p * nOut, jn, 0, jn.Length);
            Array.Copy(col.Columns, (long)n * p * fan, an, 0, an.Length);
            DoubleGemm.TN(jn, an, gw, nOut, p, fan, maxThreads: 1);
            Array.Clear(gb);
            for (int q = 0; q < p; q++) for (int o = 0; o < nOut; o++) gb[o] += jn[q * nOut + o];
            for (int o = 0; o < nOut; o++)
            {
                M0[li][o] += gb[o] * gb[o];
                for (int c = 0; c < fan; c++) { double w = gw[o * fan + c]; M1[li][o * fan + c] += w * gb[o]; M2[li][o * fan + c] += w * w; }
            }
        }
    }

    /// <summary>∂f_k/∂z as (sample, position) rows × channels: [N, F] stays, [N, C, H, W] becomes (N·H·W) × C.</summary>
    private static double[] PositionRows(Tensor grad)
    {
        if (grad.Rank == 2) return ToDouble(grad.Data);
        int n = grad[0], c = grad[1], p = grad[2] * grad[3];
        var r = new double[grad.Length];
        for (int s = 0; s < n; s++) for (int ch = 0; ch < c; ch++) for (int q = 0; q < p; q++) r[(s * p + q) * c + ch] = grad.Data[(s * c + ch) * p + q];
        return r;
    }

    private static double[] ToDouble(float[] x) { var d = new double[x.Length]; for (int i = 0; i < x.Length; i++) d[i] = x[i]; return d; }
}

/// <summary>im2col in float64 for the conv statistics: rows (sample, oh, ow), columns (c, u, v) as in the weight layout; zeros in padding.</summary>
public static class ConvColumns
{
    public static (double[] Columns, int Rows, int FanIn) Im2Col(Tensor x, Conv2d conv)
    {
        int n = x[0], c = x[1], hgt = x[2], wid = x[3], kh = conv.KernelH, kw = conv.KernelW, s = conv.Stride, pad = conv.Padding;
        int oh = (hgt + 2 * pad - kh) / s + 1, ow = (wid + 2 * pad - kw) / s + 1, fan = c * kh * kw, rows = n * oh * ow;
        var col = new double[(long)rows * fan];
        for (int b = 0; b < n; b++)
            for (int y = 0; y < oh; y++)
                for (int xo = 0; xo < ow; xo++)
                {
                    long row = ((long)(b * oh + y) * ow + xo) * fan;
                    for (int ch = 0; ch < c; ch++)
                        for (int u = 0; u < kh; u++)
                        {
                            int iy = y * s - pad + u;
                            if (iy < 0 || iy >= hgt) continue;
                            for (int v = 0; v < kw; v++)
                            {
                                int ix = xo * s - pad + v;
                                if (ix >= 0 && ix < wid) col[row + (ch * kh + u) * kw + v] = x.Data[((b * c + ch) * hgt + iy) * wid + ix];
                            }
                        }
                }
        return (col, rows, fan);
    }
}
