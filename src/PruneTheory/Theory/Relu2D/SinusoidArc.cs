namespace PruneTheory.Theory.Relu2D;

/// <summary>A maximum of |e| (domain-weighted) and where it is attained.</summary>
public readonly record struct ArcMax(double Value, double Theta)
{
    public static ArcMax Larger(ArcMax a, ArcMax b) => b.Value > a.Value ? b : a;
}

/// <summary>Exact maximum of |A cos θ + B sin θ|·w(θ) on an arc [lo, hi]. O(1).</summary>
public static class SinusoidArc
{
    /// <summary>
    /// Ball: the amplitude √(A²+B²) if a crest (θ ≡ atan2(B,A) mod π) lies in the arc, else the larger endpoint.
    /// Cube: the arc must not cross π/4 + kπ/2; there |e|/‖u‖_∞ = |A + B tan θ| or |A cot θ + B| is monotone,
    /// so the maximum is at an endpoint.
    /// </summary>
    public static ArcMax Max(double a, double b, double lo, double hi, Domain domain)
    {
        var best = ArcMax.Larger(At(a, b, lo, domain), At(a, b, hi, domain));
        if (domain == Domain.Ball && (a != 0 || b != 0))
        {
            double crest = Math.Atan2(b, a);
            double theta = crest + Math.PI * Math.Ceiling((lo - crest) / Math.PI);
            if (theta <= hi) best = ArcMax.Larger(best, new ArcMax(Math.Sqrt(a * a + b * b), theta));
        }
        return best;
    }

    public static ArcMax At(double a, double b, double theta, Domain domain) =>
        new(Math.Abs(a * Math.Cos(theta) + b * Math.Sin(theta)) * CircleProblem.DomainWeight(theta, domain), theta);

    /// <summary>First θ ≥ lo with θ ≡ phase (mod π).</summary>
    public static double NextModPi(double phase, double lo) => phase + Math.PI * Math.Ceiling((lo - phase) / Math.PI);
}
