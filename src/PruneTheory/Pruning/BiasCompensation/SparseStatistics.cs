using System.Numerics.Tensors;

namespace PruneTheory.Pruning.BiasCompensation;

/// <summary>
/// M1 += GᵀA and M2 += Gᵀ(A∘A) when A (rows × nIn) is mostly zeros (image inputs: MNIST has ≈ 81 % zero pixels):
/// per input column j, Σ over its non-zero samples n (ascending) of a_nj·G[n,:] and a_nj²·G[n,:], vectorised over the
/// n_out outputs, columns split over threads (each column summed by one thread in a fixed order). Cost O(nnz(A)·n_out)
/// instead of O(rows·nIn·n_out).
/// </summary>
public static class SparseStatistics
{
    /// <summary>Below this fraction of non-zeros the sparse path is used.</summary>
    public const double MaxDensity = 0.3;

    public static double Density(double[] a)
    {
        int nz = 0;
        foreach (double v in a) if (v != 0) nz++;
        return a.Length == 0 ? 1 : (double)nz / a.Length;
    }

    public static void Accumulate(double[] g, double[] a, double[] m1, double[] m2, int nOut, int rows, int nIn, int maxThreads = -1)
    {
        // column-major index of the non-zeros: for each column j, the samples n with a_nj ≠ 0, ascending
        var count = new int[nIn + 1];
        for (int n = 0; n < rows; n++) for (int j = 0; j < nIn; j++) if (a[n * nIn + j] != 0) count[j + 1]++;
        for (int j = 0; j < nIn; j++) count[j + 1] += count[j];
        var sample = new int[count[nIn]]; var value = new double[count[nIn]];
        var fill = (int[])count.Clone();
        for (int n = 0; n < rows; n++)
            for (int j = 0; j < nIn; j++)
            {
                double v = a[n * nIn + j];
                if (v != 0) { sample[fill[j]] = n; value[fill[j]] = v; fill[j]++; }
            }
        MacCounter.Add(2L * count[nIn] * nOut);   // M1 and M2: one MAC each per non-zero input and output unit
        const int Chunk = 16;
        Parallel.For(0, (nIn + Chunk - 1) / Chunk, PruneTheory.Numerics.Parallelism.Options(maxThreads), ch =>
        {
            var s1 = new double[nOut]; var s2 = new double[nOut];
            for (int j = ch * Chunk; j < Math.Min(nIn, (ch + 1) * Chunk); j++)
            {
                if (count[j] == count[j + 1]) continue;
                Array.Clear(s1); Array.Clear(s2);
                for (int e = count[j]; e < count[j + 1]; e++)
                {
                    var gRow = g.AsSpan(sample[e] * nOut, nOut);
                    double v = value[e];
                    TensorPrimitives.MultiplyAdd(gRow, v, s1, s1);
                    TensorPrimitives.MultiplyAdd(gRow, v * v, s2, s2);
                }
                for (int i = 0; i < nOut; i++) { m1[i * nIn + j] += s1[i]; m2[i * nIn + j] += s2[i]; }
            }
        });
    }
}
