using MathNet.Numerics.LinearAlgebra;

namespace PruneTheory.Restoration;

/// <summary>The delivery matrix Z ∈ ℝ^{n×m} and how it is folded into the consumer layer (spec §3.3).</summary>
public static class Delivery
{
    /// <summary>Z with Z[k_j, j] = 1 and zero pruned rows: prune-only. O(n·m).</summary>
    public static Matrix<double> KeptIdentity(int n, int[] kept)
    {
        var z = Matrix<double>.Build.Dense(n, kept.Length);
        for (int j = 0; j < kept.Length; j++) z[kept[j], j] = 1;
        return z;
    }

    public static Matrix<double> RequireFinite(string layer, Matrix<double> z)
    {
        for (int i = 0; i < z.RowCount; i++)
            for (int j = 0; j < z.ColumnCount; j++)
                if (!double.IsFinite(z[i, j])) throw new RestorationInputException(layer, i, $"delivery Z[{i},{j}]", $"is not finite ({z[i, j]})");
        return z;
    }

    /// <summary>
    /// Compensated consumer weights V'[o, j·B+s] = Σ_i Z[i,j]·V[o, i·B+s] for a consumer whose inputs come in blocks
    /// of B per producer neuron: FC B = 1 (V' = V·Z), conv B = kh·kw (weight [n', n, kh, kw] row-major), conv→flatten→FC
    /// B = H·W. Zero entries of Z are skipped, so prune-only and NM cost O(n'·n·B), LBYL O(n'·n·m·B).
    /// </summary>
    public static Matrix<double> ApplyToConsumer(Matrix<double> v, Matrix<double> z, int block = 1)
    {
        if (block < 1) throw new ArgumentException($"block size must be ≥ 1 (got {block})");
        int n = z.RowCount, m = z.ColumnCount;
        if (v.ColumnCount != n * block)
            throw new ArgumentException($"consumer has {v.ColumnCount} inputs, expected {n} producer neurons × block {block} = {n * block}");
        var src = v.ToRowArrays();
        var outRows = new double[v.RowCount][];
        var zz = z.ToArray();
        Parallel.For(0, v.RowCount, o =>
        {
            var row = new double[m * block];
            var vo = src[o];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < m; j++)
                {
                    double c = zz[i, j];
                    if (c == 0) continue;
                    int dst = j * block, s0 = i * block;
                    for (int s = 0; s < block; s++) row[dst + s] += c * vo[s0 + s];
                }
            outRows[o] = row;
        });
        return Matrix<double>.Build.DenseOfRowArrays(outRows);
    }

    /// <summary>Rows 𝒦 of a matrix (the pruned layer's kept weights). O(m·d).</summary>
    public static Matrix<double> SliceRows(Matrix<double> w, int[] kept) =>
        Matrix<double>.Build.Dense(kept.Length, w.ColumnCount, (j, c) => w[kept[j], c]);
}
