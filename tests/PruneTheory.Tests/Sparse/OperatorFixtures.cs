using PruneTheory.Random;
using PruneTheory.Sparse;

namespace PruneTheory.Tests.Sparse;

/// <summary>Small random operators and a dense reference built straight from the definition of A.</summary>
internal static class OperatorFixtures
{
    public static GatedReluOperator RandomOperator(int n, int d, int m, ulong seed)
    {
        var key = RngKey.FromSeed(seed);
        var x = DesignMatrix.Gaussian(key.FoldIn("x"), n, d);
        return new GatedReluOperator(x, m, new GateSet(key.FoldIn("gates"), d));
    }

    public static double[] Vector(ulong seed, int len, string label)
    {
        var v = new double[len];
        RngKey.FromSeed(seed).FoldIn(label).Stream().FillGaussian(v);
        return v;
    }

    /// <summary>A[row, j·d+i] = 1{Σ_i' h_j[i']·X[row,i'] &gt; 0}·X[row,i], computed naively (row-major n × md).</summary>
    public static double[,] Dense(GatedReluOperator op)
    {
        int n = op.Rows, d = op.InputDim;
        var a = new double[n, op.Cols];
        var h = new double[d];
        for (int j = 0; j < op.Blocks; j++)
        {
            op.Gates.Dense(j, h);
            for (int r = 0; r < n; r++)
            {
                double z = 0;
                for (int i = 0; i < d; i++) z += h[i] * op.X[r, i];
                if (z > 0) for (int i = 0; i < d; i++) a[r, j * d + i] = op.X[r, i];
            }
        }
        return a;
    }

    public static double[] Mul(double[,] a, double[] x)
    {
        var y = new double[a.GetLength(0)];
        for (int r = 0; r < y.Length; r++) for (int c = 0; c < x.Length; c++) y[r] += a[r, c] * x[c];
        return y;
    }

    public static double[] MulT(double[,] a, double[] r)
    {
        var g = new double[a.GetLength(1)];
        for (int c = 0; c < g.Length; c++) for (int i = 0; i < r.Length; i++) g[c] += a[i, c] * r[i];
        return g;
    }

    public static double Dot(double[] a, double[] b) { double s = 0; for (int i = 0; i < a.Length; i++) s += a[i] * b[i]; return s; }

    public static void Close(double[] expected, double[] actual, double relTol)
    {
        Xunit.Assert.Equal(expected.Length, actual.Length);
        double scale = Math.Max(1e-300, expected.Max(Math.Abs));
        for (int i = 0; i < expected.Length; i++)
            Xunit.Assert.True(Math.Abs(expected[i] - actual[i]) <= relTol * scale, $"entry {i}: {expected[i]} vs {actual[i]}");
    }
}
