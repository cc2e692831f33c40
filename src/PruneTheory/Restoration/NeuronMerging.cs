using MathNet.Numerics.LinearAlgebra;

namespace PruneTheory.Restoration;

/// <summary>
/// Neuron Merging (Kim et al., NeurIPS 2020): each pruned neuron delivers into at most one kept neuron
/// with one scale (spec §4). Rows of Z for kept neurons are unit vectors; see <see cref="Delivery"/>.
/// </summary>
public static class NeuronMerging
{
    /// <summary>
    /// FC without BN (official <c>create_scaling_mat_ip_thres_bias</c>): v rows are ŵ = [w; b]; each pruned p goes to
    /// the kept neuron of largest cosine with scale ‖ŵ_p‖/‖ŵ_k‖, unless t ≠ 0 and that cosine is below t. O(n·m·d).
    /// </summary>
    public static Matrix<double> FcDelivery(string layer, Matrix<double> v, int[] kept, double threshold, out int merged)
    {
        var (rows, norms) = RowsAndNorms(v);
        var z = Delivery.KeptIdentity(v.RowCount, kept);
        merged = 0;
        foreach (int p in Criteria.Complement(v.RowCount, kept))
        {
            int best = 0; double bestCos = double.NegativeInfinity;
            for (int j = 0; j < kept.Length; j++)
            {
                double c = Cosine(rows[p], norms[p], rows[kept[j]], norms[kept[j]]);
                if (c > bestCos) { bestCos = c; best = j; }
            }
            if (threshold != 0 && bestCos < threshold) continue;
            if (norms[p] == 0) continue; // a zero neuron contributes nothing: nothing to deliver
            if (norms[kept[best]] == 0) throw new RestorationInputException(layer, kept[best], "kept vector norm", "is 0, NM would divide by it");
            z[p, best] = norms[p] / norms[kept[best]];
            merged++;
        }
        return z;
    }

    /// <summary>
    /// Conv (or bias-free FC) + BN (official <c>create_scaling_mat_conv_thres_bn</c>): pick the kept filter minimising
    /// λ·(1−cos) + (1−λ)·(min-max normalised bias distance B), deliver scale S (orientation per Q2). O(n·m·d).
    /// </summary>
    public static Matrix<double> ConvBnDelivery(string layer, Matrix<double> w, int[] kept, BnAffine bn, ResolvedRestoreFlags f, out int merged)
    {
        var (rows, norms) = RowsAndNorms(w);
        foreach (int k in kept)
            if (norms[k] == 0) throw new RestorationInputException(layer, k, "kept filter norm", "is 0, NM would divide by it");
        int m = kept.Length;
        var z = Delivery.KeptIdentity(w.RowCount, kept);
        var delta = new double[m]; var scale = new double[m]; var bias = new double[m];
        merged = 0;
        foreach (int p in Criteria.Complement(w.RowCount, kept))
        {
            if (norms[p] == 0) continue; // a zero filter's BN output is constant: nothing a linear delivery can carry
            for (int j = 0; j < m; j++)
            {
                int k = kept[j];
                delta[j] = Math.Clamp(1 - Cosine(rows[p], norms[p], rows[k], norms[k]), 0, 2);
                double s = norms[p] / norms[k];
                if (f.NmScale == NmScaleOrientation.Official)
                {
                    scale[j] = s * bn.G[k] / bn.G[p];
                    bias[j] = Math.Abs(bn.G[k] * (s * bn.T[p] - bn.T[k])) / scale[j];
                }
                else
                {
                    scale[j] = s * bn.G[p] / bn.G[k];
                    bias[j] = Math.Abs(bn.G[p] * (s * bn.T[k] - bn.T[p])) / Math.Abs(scale[j]);
                }
            }
            int best = ArgminScore(delta, bias, f.NmLambda, f.NmDegenerateMinMaxIsNaN);
            if (f.NmThreshold != 0 && 1 - delta[best] < f.NmThreshold) continue;
            if (f.NmRequirePositiveScale && !(scale[best] > 0)) continue;
            z[p, best] = scale[best];
            merged++;
        }
        return z;
    }

    /// <summary>argmin_j λ·δ_j + (1−λ)·B̃_j with B̃ min-max normalised; Q6: max = min gives NaN (numpy argmin → first NaN = 0) or B̃ ≡ 0.</summary>
    internal static int ArgminScore(double[] delta, double[] bias, double lambda, bool degenerateIsNaN)
    {
        double lo = bias.Min(), hi = bias.Max();
        int best = -1; double bestScore = double.PositiveInfinity;
        for (int j = 0; j < delta.Length; j++)
        {
            double bn = hi > lo ? (bias[j] - lo) / (hi - lo) : degenerateIsNaN ? double.NaN : 0.0;
            double score = lambda * delta[j] + (1 - lambda) * bn;
            if (double.IsNaN(score)) return j; // numpy argmin returns the first NaN
            if (best < 0 || score < bestScore) { best = j; bestScore = score; }
        }
        return best;
    }

    /// <summary>sklearn cosine: rows L2-normalised, a zero row has cosine 0 with everything.</summary>
    internal static double Cosine(double[] a, double na, double[] b, double nb)
    {
        if (na == 0 || nb == 0) return 0;
        double dot = 0;
        for (int i = 0; i < a.Length; i++) dot += a[i] * b[i];
        return dot / (na * nb);
    }

    internal static (double[][] Rows, double[] Norms) RowsAndNorms(Matrix<double> v)
    {
        var rows = v.ToRowArrays();
        return (rows, rows.Select(Criteria.Norm2).ToArray());
    }
}
