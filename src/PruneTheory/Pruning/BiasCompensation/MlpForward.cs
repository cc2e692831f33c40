namespace PruneTheory.Pruning.BiasCompensation;

/// <summary>
/// One stored forward pass over a batch: A[l] = a^l (A[0] = x, A[L] = f) and Z[l] = z^l (Z[0] unused),
/// each rows × n_l row-major. Cost O(rows × #weights).
/// </summary>
public sealed class MlpForward
{
    public int Rows { get; }
    public double[][] A { get; }
    public double[][] Z { get; }
    public double[] Output => A[^1];

    private MlpForward(int rows, double[][] a, double[][] z) { Rows = rows; A = a; Z = z; }

    public static MlpForward Run(Mlp net, double[] x, int rows, int maxThreads = -1)
    {
        ArgumentNullException.ThrowIfNull(net); ArgumentNullException.ThrowIfNull(x);
        if (rows < 0 || x.Length != rows * net.InputSize) throw new ArgumentException($"input needs {rows}×{net.InputSize} values, got {x.Length}");
        int L = net.Layers;
        var a = new double[L + 1][]; var z = new double[L + 1][];
        a[0] = x; z[0] = [];
        for (int l = 1; l <= L; l++)
        {
            int nIn = net.Sizes[l - 1], nOut = net.Sizes[l];
            var zl = new double[rows * nOut];
            DoubleGemm.NT(a[l - 1], net.Weights[l - 1], zl, rows, nIn, nOut, maxThreads: maxThreads);
            var bias = net.Biases[l - 1];
            for (int r = 0; r < rows; r++)
            {
                var row = zl.AsSpan(r * nOut, nOut);
                System.Numerics.Tensors.TensorPrimitives.Add(row, bias, row);
            }
            z[l] = zl;
            if (l == L) { a[l] = zl; break; }
            var al = new double[zl.Length];
            for (int q = 0; q < al.Length; q++) al[q] = net.Act(zl[q]);
            a[l] = al;
        }
        return new MlpForward(rows, a, z);
    }
}
