using PruneTheory.Random;

namespace PruneTheory.Theory.Relu2D;

/// <summary>
/// Nested random networks: unit k of path p is drawn from its own key path.FoldIn(k), so the
/// width-N network is exactly the first N units of one infinite sample, whatever N' &gt; N is drawn,
/// and every unit draws dMax coordinates so smaller d are coordinate prefixes (common random numbers).
/// w_k ~ N(0, I_d), α_k ~ N(0,1). O(N·d).
/// </summary>
public sealed class NestedNetwork
{
    public double[][] W { get; }
    public double[] Alpha { get; }
    public int Dims { get; }
    public int N => Alpha.Length;

    private NestedNetwork(double[][] w, double[] alpha, int dims) { W = w; Alpha = alpha; Dims = dims; }

    public static NestedNetwork Sample(RngKey path, int n, int dims)
    {
        if (n < 0 || dims < 1) throw new ArgumentException($"need n >= 0 and dims >= 1 (got {n}, {dims})");
        var w = new double[n][];
        var alpha = new double[n];
        for (int k = 0; k < n; k++) (w[k], alpha[k]) = Unit(path, k, dims);
        return new NestedNetwork(w, alpha, dims);
    }

    /// <summary>Unit k of the path: α first, then w (a pure function of (path, k, dims-prefix)).</summary>
    public static (double[] W, double Alpha) Unit(RngKey path, int k, int dims)
    {
        var s = path.FoldIn((ulong)k).Stream();
        double alpha = s.NextGaussian();
        var w = new double[dims];
        s.FillGaussian(w);
        return (w, alpha);
    }

    /// <summary>
    /// The 2-D problem on slice i (plane of coordinates 2i, 2i+1, 0-based): unit k becomes
    /// c = α‖w^(i)‖, ψ = arg w^(i); target r_i σ(cos(θ−φ*_i)) from w*'s two coordinates.
    /// </summary>
    public CircleProblem Slice(int i, ReadOnlySpan<double> wStar)
    {
        if (2 * i + 1 >= Dims || 2 * i + 1 >= wStar.Length) throw new ArgumentException($"slice {i} needs {2 * i + 2} coordinates");
        var c = new double[N];
        var psi = new double[N];
        for (int k = 0; k < N; k++)
        {
            double a = W[k][2 * i], b = W[k][2 * i + 1];
            c[k] = Alpha[k] * Math.Sqrt(a * a + b * b);
            psi[k] = Math.Atan2(b, a);
        }
        double ta = wStar[2 * i], tb = wStar[2 * i + 1];
        return new CircleProblem(Math.Sqrt(ta * ta + tb * tb), Math.Atan2(tb, ta), c, psi);
    }

    /// <summary>All ⌊d/2⌋ slices of a d-dimensional target (d ≤ Dims uses the coordinate prefix).</summary>
    public CircleProblem[] Slices(ReadOnlySpan<double> wStar)
    {
        var slices = new CircleProblem[wStar.Length / 2];
        for (int i = 0; i < slices.Length; i++) slices[i] = Slice(i, wStar);
        return slices;
    }

    /// <summary>d = 2 problem with target angle φ* (‖w*‖ = 1).</summary>
    public CircleProblem Circle(double phiStar) => Slice(0, [Math.Cos(phiStar), Math.Sin(phiStar)]);
}
