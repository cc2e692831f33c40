using PruneTheory.Theory.Relu2D;

namespace PruneTheory.Theory.Selection;

/// <summary>
/// A circle problem sampled on a grid and quantised to int32 fixed point, so Gray-code updates are exact
/// integer additions (no drift over 2^N steps, identical on every backend). Grid: the 2N+2 kink angles
/// (where arc maxima that are not crests sit) plus a uniform grid; M is padded to a multiple of 32 with
/// zero columns. Scale = 2^30/(max|f| + Σ_k max_j|Φ_jk|), so no partial sum overflows.
/// Φ is unit-major: Phi[k·M + j] = c_k σ(cos(θ_j − ψ_k)). O(N·M).
/// </summary>
public sealed class QuantizedGrid
{
    public int N { get; }
    public int M { get; }
    public double[] Theta { get; }
    public int[] Phi { get; }
    public int[] F { get; }
    public double Scale { get; }
    public Arch Arch { get; }

    /// <summary>Bound on |quantised score/Scale − true grid score| for any subset.</summary>
    public double Tolerance => (N + 1) * 0.5 / Scale;

    public QuantizedGrid(CircleProblem p, int uniformPoints = 512, Arch arch = Arch.A)
    {
        if (p.N > GrayCodeSearch.MaxUnits) throw new ArgumentException($"Gray-code search supports N ≤ {GrayCodeSearch.MaxUnits} (got {p.N})");
        var angles = new List<double>();
        for (int j = 0; j < uniformPoints; j++) angles.Add(2 * Math.PI * j / uniformPoints);
        angles.Add(p.TargetPhi - Math.PI / 2); angles.Add(p.TargetPhi + Math.PI / 2);
        foreach (double psi in p.Psi) { angles.Add(psi - Math.PI / 2); angles.Add(psi + Math.PI / 2); }
        N = p.N; Arch = arch; M = (angles.Count + 31) / 32 * 32;
        Theta = angles.ToArray();
        double fmax = 0, sum = 0;
        var f = Theta.Select(t => p.TargetR * Math.Max(0, Math.Cos(t - p.TargetPhi))).ToArray();
        var phi = new double[N, Theta.Length];
        for (int k = 0; k < N; k++)
        {
            double colMax = 0;
            for (int j = 0; j < Theta.Length; j++) { phi[k, j] = p.C[k] * Math.Max(0, Math.Cos(Theta[j] - p.Psi[k])); colMax = Math.Max(colMax, Math.Abs(phi[k, j])); }
            sum += colMax;
        }
        foreach (double v in f) fmax = Math.Max(fmax, v);
        Scale = (1 << 30) / (fmax + sum + 1e-300);
        F = new int[M]; Phi = new int[N * M];
        for (int j = 0; j < Theta.Length; j++)
        {
            F[j] = (int)Math.Round(f[j] * Scale);
            for (int k = 0; k < N; k++) Phi[k * M + j] = (int)Math.Round(phi[k, j] * Scale);
        }
    }

    /// <summary>Quantised grid score of a subset by direct summation (reference). O(N·M).</summary>
    public long Score(ulong mask)
    {
        long best = 0;
        for (int j = 0; j < M; j++)
        {
            long g = 0;
            for (int k = 0; k < N; k++) if ((mask >> k & 1) != 0) g += Phi[k * M + j];
            if (Arch == Arch.B) g = Math.Max(g, 0);
            best = Math.Max(best, Math.Abs(F[j] - g));
        }
        return best;
    }
}
