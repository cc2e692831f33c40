using ILGPU;
using ILGPU.Runtime;

namespace PruneTheory.Sparse;

/// <summary>
/// ILGPU kernels of the gated-ReLU operator. Each repeats the SIMD code's arithmetic in its order (unfused
/// multiply then add; the adjoint's dots in <see cref="FixedOrderDot"/>'s 32-lane order), so on ILGPU's CPU
/// accelerator the products are bit-identical to <see cref="GatedReluOperator"/>'s. On CUDA, ptxas may fuse a
/// multiply and an add into one FMA: products then differ by a few ulps and a gate decision z &gt; 0 can flip
/// only where |z| is within that of 0. Layouts: X column-major (i·n + row), h and w block-major (j·d + i),
/// masks block-major (j·n + row).
/// </summary>
public static class GatedReluKernels
{
    public const int Lanes = FixedOrderDot.Lanes;

    /// <summary>mask[j, row] = 1{Σ_i X[row, i]·h[j, i] &gt; 0}, summed in i order from +0 (as <see cref="GateSet.Mask"/>); index (row, j).</summary>
    public static void Mask(Index2D idx, ArrayView<double> x, ArrayView<double> h, ArrayView<double> mask, int n, int d)
    {
        int row = idx.X, j = idx.Y;
        double z = 0;
        for (int i = 0; i < d; i++) z = x[(long)i * n + row] * h[(long)j * d + i] + z;
        mask[(long)j * n + row] = z > 0 ? 1.0 : 0.0;
    }

    /// <summary>Lane partials of dot(X_i, mask_j ∘ r) over rows ≡ lane (mod 32) below n − n mod 32; index (i·32 + lane, j).</summary>
    public static void AdjointLanes(Index2D idx, ArrayView<double> x, ArrayView<double> mask, ArrayView<double> r, ArrayView<double> partial, int n, int d)
    {
        int i = idx.X / Lanes, lane = idx.X % Lanes, j = idx.Y;
        int full = n - n % Lanes;
        double acc = 0;
        for (int row = lane; row < full; row += Lanes)
            acc = x[(long)i * n + row] * (mask[(long)j * n + row] * r[row]) + acc;
        partial[((long)j * d + i) * Lanes + lane] = acc;
    }

    /// <summary>g[c] = the 32 lane partials of column c reduced in the halving tree of <see cref="FixedOrderDot"/>, then the tail rows.</summary>
    public static void AdjointCombine(Index1D c, ArrayView<double> x, ArrayView<double> mask, ArrayView<double> r, ArrayView<double> partial, ArrayView<double> g, int n, int d)
    {
        int j = c / d, i = c % d;
        long p = (long)c.X * Lanes;
        for (int off = Lanes / 2; off >= 1; off /= 2)
            for (int l = 0; l < off; l++) partial[p + l] = partial[p + l] + partial[p + l + off];
        double total = partial[p];
        for (int row = n - n % Lanes; row < n; row++) total = x[(long)i * n + row] * (mask[(long)j * n + row] * r[row]) + total;
        g[c] = total;
    }

    /// <summary>y[row] = Σ_chunk (Σ_{j in chunk, w_j ≠ 0} mask[j,row]·(Σ_{i: w ≠ 0} X[row,i]·w[j,i])), chunks of
    /// <paramref name="chunkLo"/> in order, as <see cref="GatedReluOperator.Apply"/> sums them.</summary>
    public static void Forward(Index1D row, ArrayView<double> x, ArrayView<double> mask, ArrayView<double> w, ArrayView<int> chunkLo, ArrayView<double> y, int n, int d, int chunks)
    {
        double y0 = 0;
        for (int ch = 0; ch < chunks; ch++)
        {
            double acc = 0;
            for (int j = chunkLo[ch]; j < chunkLo[ch + 1]; j++)
            {
                double tmp = 0; bool any = false;
                for (int i = 0; i < d; i++)
                {
                    double c = w[(long)j * d + i];
                    if (c != 0) { tmp = x[(long)i * n + row] * c + tmp; any = true; }
                }
                if (any) acc = tmp * mask[(long)j * n + row] + acc;
            }
            y0 = y0 + acc;
        }
        y[row] = y0;
    }

    /// <summary>v[c] = −μ·g[c] (the streamed step's candidates before the current weights are added).</summary>
    public static void ScaleCandidates(Index1D c, ArrayView<double> g, ArrayView<double> v, double mu) => v[c] = -mu * g[c];

    /// <summary>v[idx[t]] += val[t] (the current weights; indices distinct).</summary>
    public static void AddWeights(Index1D t, ArrayView<int> idx, ArrayView<double> val, ArrayView<double> v) => v[idx[t]] = v[idx[t]] + val[t];
}
