using PruneTheory.Networks;
using PruneTheory.Random;

namespace PruneTheory.Tests.Networks;

/// <summary>
/// Central finite differences of L = Σ r ⊙ layer(x) (r random, L summed in double) against the
/// analytic gradients from Backward(r), for the input and every parameter. Returns the worst
/// relative error ‖fd − analytic‖ / (‖analytic‖ + floor) over the checked tensors.
/// </summary>
internal static class GradCheck
{
    public static double WorstRelativeError(Layer layer, Tensor x, bool training, RngKey key, double h = 1e-2, int maxEntries = 40)
    {
        var y = layer.Forward(x, training);
        var r = new Tensor((int[])y.Shape.Clone());
        key.FoldIn("r").Stream().FillGaussian(r.Data);
        var dx = layer.Backward(r) ?? throw new InvalidOperationException("no input gradient");
        double L() => Dot(layer.Forward(x, training), r);
        double worst = Compare(x.Data, dx.Data, L, h, maxEntries, key.FoldIn("x"));
        var grads = layer.Parameters.Select(p => (float[])p.Grad.Data.Clone()).ToList();
        for (int i = 0; i < grads.Count; i++)
            worst = Math.Max(worst, Compare(layer.Parameters[i].Value.Data, grads[i], L, h, maxEntries, key.FoldIn(i)));
        return worst;
    }

    public static double Dot(Tensor a, Tensor b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += (double)a.Data[i] * b.Data[i];
        return s;
    }

    /// <summary>FD on up to maxEntries random entries of <paramref name="values"/> (perturbed in place, restored).</summary>
    public static double Compare(float[] values, float[] analytic, Func<double> f, double h, int maxEntries, RngKey key)
    {
        if (values.Length == 0) return 0;
        var rng = key.Stream();
        int count = Math.Min(maxEntries, values.Length);
        double diff2 = 0, norm2 = 0;
        for (int t = 0; t < count; t++)
        {
            int i = values.Length <= maxEntries ? t : rng.NextInt(values.Length);
            float orig = values[i];
            values[i] = orig + (float)h; double fp = f();
            values[i] = orig - (float)h; double fm = f();
            values[i] = orig;
            double fd = (fp - fm) / ((double)(orig + (float)h) - (orig - (float)h));
            diff2 += (fd - analytic[i]) * (fd - analytic[i]);
            norm2 += (double)analytic[i] * analytic[i];
        }
        return Math.Sqrt(diff2) / (Math.Sqrt(norm2) + 1e-2);
    }

    public static Tensor Random(RngKey key, params int[] shape)
    {
        var t = new Tensor(shape);
        key.Stream().FillGaussian(t.Data);
        return t;
    }

    /// <summary>Values with pairwise gaps ≥ 0.05 and |v| ≥ 0.025 (no kinks or ties within the FD step).</summary>
    public static Tensor Separated(RngKey key, params int[] shape)
    {
        var t = new Tensor(shape);
        var perm = key.Stream().Permutation(t.Length);
        for (int i = 0; i < t.Length; i++) t.Data[i] = (perm[i] - t.Length / 2 + 0.5f) * 0.05f;
        return t;
    }
}
