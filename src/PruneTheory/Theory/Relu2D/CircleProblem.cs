namespace PruneTheory.Theory.Relu2D;

/// <summary>Model A: g = Σ α_i σ(⟨w_i,x⟩). Model B: g = σ(Σ α_i σ(⟨w_i,x⟩)) (output ReLU).</summary>
public enum Arch { A, B }

/// <summary>Approximation domain: unit ball (= sphere by homogeneity) or cube [−1,1]^d.</summary>
public enum Domain { Ball, Cube }

/// <summary>
/// One 2-D approximation problem on the unit circle (a d = 2 instance or one slice of a d-dim one):
/// target f(θ) = r·σ(cos(θ−φ*)), units c_k·σ(cos(θ−ψ_k)) with c_k = α_k‖w_k‖ (signed), ψ_k = arg w_k.
/// </summary>
public sealed record CircleProblem(double TargetR, double TargetPhi, double[] C, double[] Psi)
{
    public int N => C.Length;

    /// <summary>The first <paramref name="n"/> units (nested networks: width-n net = prefix).</summary>
    public CircleProblem Prefix(int n) => n > N ? throw new ArgumentException($"prefix {n} > width {N}")
        : this with { C = C[..n], Psi = Psi[..n] };

    /// <summary>f(θ) − g_S(θ) by direct evaluation (reference for tests; O(N)).</summary>
    public double Error(double theta, ReadOnlySpan<bool> subset, Arch arch = Arch.A)
    {
        double g = 0;
        for (int k = 0; k < N; k++)
            if (subset[k]) g += C[k] * Math.Max(0, Math.Cos(theta - Psi[k]));
        if (arch == Arch.B) g = Math.Max(0, g);
        return TargetR * Math.Max(0, Math.Cos(theta - TargetPhi)) - g;
    }

    /// <summary>Weight of the cube sup at direction θ: 1/‖u‖_∞ (1 for the ball).</summary>
    public static double DomainWeight(double theta, Domain domain) =>
        domain == Domain.Ball ? 1 : 1 / Math.Max(Math.Abs(Math.Cos(theta)), Math.Abs(Math.Sin(theta)));
}
