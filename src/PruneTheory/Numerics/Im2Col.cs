namespace PruneTheory.Numerics;

/// <summary>Geometry of a 2-D convolution or pooling window over an NCHW batch.</summary>
public readonly record struct ConvGeometry(int Batch, int Channels, int Height, int Width, int KernelH, int KernelW, int Stride, int Padding)
{
    public int OutH => (Height + 2 * Padding - KernelH) / Stride + 1;
    public int OutW => (Width + 2 * Padding - KernelW) / Stride + 1;
    /// <summary>Output positions per sample.</summary>
    public int Positions => OutH * OutW;
    /// <summary>Rows of the column matrix: C·kh·kw.</summary>
    public int PatchSize => Channels * KernelH * KernelW;

    public void Validate()
    {
        if (Batch < 0 || Channels <= 0 || Height <= 0 || Width <= 0 || KernelH <= 0 || KernelW <= 0 || Stride <= 0 || Padding < 0)
            throw new ArgumentException($"invalid convolution geometry {this}");
        if (Height + 2 * Padding < KernelH || Width + 2 * Padding < KernelW)
            throw new ArgumentException($"kernel {KernelH}×{KernelW} does not fit the padded {Height}×{Width} input");
    }
}

/// <summary>
/// im2col / col2im for a whole batch: column matrix [C·kh·kw, N·OH·OW] whose column n·P + p holds
/// the receptive field of output position p of sample n, so conv = one GEMM. O(C·kh·kw·N·P) each.
/// Both are parallel over disjoint outputs with a fixed summation order (thread-count invariant).
/// </summary>
public static class Im2Col
{
    public static void Forward(ReadOnlySpan<float> x, ConvGeometry g, Span<float> col)
    {
        g.Validate();
        int cols = g.Batch * g.Positions;
        if (x.Length != g.Batch * g.Channels * g.Height * g.Width || col.Length != g.PatchSize * cols)
            throw new ArgumentException($"im2col buffer sizes do not match {g}");
        unsafe
        {
            fixed (float* px = x) fixed (float* pc = col)
            {
                nint ix = (nint)px, ic = (nint)pc;
                Parallelism.For(0, g.PatchSize, row => FillRow((float*)ix, g, row, (float*)ic + (long)row * cols));
            }
        }
    }

    private static unsafe void FillRow(float* x, ConvGeometry g, int row, float* dst)
    {
        int kw = row % g.KernelW, kh = row / g.KernelW % g.KernelH, c = row / (g.KernelW * g.KernelH);
        int oh = g.OutH, ow = g.OutW, plane = g.Height * g.Width;
        ValidRange(ow, g.Stride, g.Padding, kw, g.Width, out int s0, out int s1);
        for (int n = 0; n < g.Batch; n++)
        {
            float* src = x + ((long)n * g.Channels + c) * plane;
            for (int r = 0; r < oh; r++, dst += ow)
            {
                int ih = r * g.Stride - g.Padding + kh;
                var line = new Span<float>(dst, ow);
                if ((uint)ih >= (uint)g.Height || s0 >= s1) { line.Clear(); continue; }
                line[..s0].Clear();
                line[s1..].Clear();
                float* srcRow = src + ih * g.Width - g.Padding + kw;
                if (g.Stride == 1) new ReadOnlySpan<float>(srcRow + s0, s1 - s0).CopyTo(line[s0..s1]);
                else for (int s = s0; s < s1; s++) dst[s] = srcRow[s * g.Stride];
            }
        }
    }

    /// <summary>Output columns s in [s0, s1) read an in-bounds input column s·stride − pad + k.</summary>
    private static void ValidRange(int outW, int stride, int pad, int k, int width, out int s0, out int s1)
    {
        int lo = pad - k, hi = width - 1 + pad - k; // need lo ≤ s·stride ≤ hi
        s0 = lo <= 0 ? 0 : (lo + stride - 1) / stride;
        s1 = hi < 0 ? 0 : Math.Min(outW, hi / stride + 1);
        if (s0 > s1) s0 = s1;
    }

    /// <summary>x = Σ over patches of col (the adjoint of <see cref="Forward"/>); overwrites x.</summary>
    public static void Backward(ReadOnlySpan<float> col, ConvGeometry g, Span<float> x)
    {
        g.Validate();
        int cols = g.Batch * g.Positions;
        if (x.Length != g.Batch * g.Channels * g.Height * g.Width || col.Length != g.PatchSize * cols)
            throw new ArgumentException($"col2im buffer sizes do not match {g}");
        unsafe
        {
            fixed (float* px = x) fixed (float* pc = col)
            {
                nint ix = (nint)px, ic = (nint)pc;
                Parallelism.For(0, g.Batch * g.Channels, nc => AccumulatePlane((float*)ic, g, nc, (float*)ix));
            }
        }
    }

    private static unsafe void AccumulatePlane(float* col, ConvGeometry g, int nc, float* x)
    {
        int n = nc / g.Channels, c = nc % g.Channels, plane = g.Height * g.Width, cols = g.Batch * g.Positions;
        float* dst = x + (long)nc * plane;
        new Span<float>(dst, plane).Clear();
        for (int kh = 0; kh < g.KernelH; kh++)
            for (int kw = 0; kw < g.KernelW; kw++)
            {
                ValidRange(g.OutW, g.Stride, g.Padding, kw, g.Width, out int s0, out int s1);
                if (s0 >= s1) continue;
                float* src = col + (long)((c * g.KernelH + kh) * g.KernelW + kw) * cols + (long)n * g.Positions;
                for (int r = 0; r < g.OutH; r++)
                {
                    int ih = r * g.Stride - g.Padding + kh;
                    if ((uint)ih >= (uint)g.Height) continue;
                    float* dstRow = dst + ih * g.Width - g.Padding + kw;
                    float* srcRow = src + r * g.OutW;
                    if (g.Stride == 1)
                    {
                        var d = new Span<float>(dstRow + s0, s1 - s0);
                        System.Numerics.Tensors.TensorPrimitives.Add(d, new ReadOnlySpan<float>(srcRow + s0, s1 - s0), d);
                    }
                    else for (int s = s0; s < s1; s++) dstRow[s * g.Stride] += srcRow[s];
                }
            }
    }
}
