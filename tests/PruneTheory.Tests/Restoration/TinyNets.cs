using MathNet.Numerics.LinearAlgebra;
using PruneTheory.Random;
using PruneTheory.Restoration;

namespace PruneTheory.Tests.Restoration;

/// <summary>Independent tiny forward passes (double) and random layers for the restoration tests.</summary>
internal static class TinyNets
{
    public static RandomStream Rng(int seed, string label) => RngKey.FromSeed((ulong)(uint)seed).FoldIn(label).Stream();

    public static Matrix<double> Gaussian(RandomStream r, int rows, int cols) =>
        Matrix<double>.Build.Dense(rows, cols, (_, _) => r.NextGaussian());

    public static double[] Uniform(RandomStream r, int n, double lo, double hi) =>
        Enumerable.Range(0, n).Select(_ => r.NextUniform(lo, hi)).ToArray();

    /// <summary>y = V·ReLU(W·x + b) + c: a producer FC layer and its consumer.</summary>
    public static Vector<double> TwoLayer(Matrix<double> w, double[] b, Matrix<double> v, double[] c, Vector<double> x)
    {
        var h = w * x + Vector<double>.Build.DenseOfArray(b);
        h.MapInplace(a => Math.Max(0, a));
        return v * h + Vector<double>.Build.DenseOfArray(c);
    }

    /// <summary>3×3 convolution, padding 1, stride 1; x is [C_in, H, W], weight rows are filters flattened (c, kh, kw).</summary>
    public static double[] Conv3x3(double[] x, int cin, int h, int wd, Matrix<double> weight)
    {
        int n = weight.RowCount;
        var y = new double[n * h * wd];
        for (int o = 0; o < n; o++)
            for (int i = 0; i < h; i++)
                for (int j = 0; j < wd; j++)
                {
                    double acc = 0;
                    for (int c = 0; c < cin; c++)
                        for (int di = 0; di < 3; di++)
                            for (int dj = 0; dj < 3; dj++)
                            {
                                int ii = i + di - 1, jj = j + dj - 1;
                                if (ii < 0 || jj < 0 || ii >= h || jj >= wd) continue;
                                acc += weight[o, c * 9 + di * 3 + dj] * x[(c * h + ii) * wd + jj];
                            }
                    y[(o * h + i) * wd + j] = acc;
                }
        return y;
    }

    /// <summary>Eval-mode BN with σ = √(ν+ε) then ReLU, in place over [n, HW].</summary>
    public static double[] BnRelu(double[] z, int hw, BatchNormParams bn, double eps = 1e-5)
    {
        var y = (double[])z.Clone();
        for (int o = 0; o < bn.Count; o++)
        {
            double sigma = Math.Sqrt(bn.RunningVar[o] + eps);
            for (int s = 0; s < hw; s++)
                y[o * hw + s] = Math.Max(0, bn.Gamma[o] * (z[o * hw + s] - bn.RunningMean[o]) / sigma + bn.Beta[o]);
        }
        return y;
    }

    /// <summary>conv → BN → ReLU → consumer conv (3×3) on one [cin, h, w] input.</summary>
    public static double[] ConvBnConv(double[] x, int cin, int h, int wd, Matrix<double> w, BatchNormParams bn, Matrix<double> v) =>
        Conv3x3(BnRelu(Conv3x3(x, cin, h, wd, w), h * wd, bn), w.RowCount, h, wd, v);

    /// <summary>conv → BN → ReLU → flatten (C×H×W) → FC.</summary>
    public static double[] ConvBnFc(double[] x, int cin, int h, int wd, Matrix<double> w, BatchNormParams bn, Matrix<double> fc) =>
        (fc * Vector<double>.Build.DenseOfArray(BnRelu(Conv3x3(x, cin, h, wd, w), h * wd, bn))).ToArray();

    public static double MaxAbsDiff(double[] a, double[] b) => a.Zip(b, (p, q) => Math.Abs(p - q)).Max();
    public static double MaxAbs(double[] a) => a.Max(Math.Abs);

    /// <summary>A BN with random positive γ (or given sign pattern), ν ∈ [0.5, 2], μ and β Gaussian.</summary>
    public static BatchNormParams RandomBn(RandomStream r, int n) =>
        new(Uniform(r, n, 0.5, 2), Uniform(r, n, -1, 1), Uniform(r, n, -1, 1), Uniform(r, n, 0.5, 2));
}
