namespace PruneTheory.Pdes;

/// <summary>
/// Physical constants of PDEBench's 1-D diffusion–sorption problem (spec §10):
/// ∂u/∂t = D/R(u)·∂²u/∂x², R(u) = 1 + α(max(u,0) + 1e-6)^(n_f−1).
/// </summary>
public static class DiffusionSorptionConstants
{
    public const double Diffusivity = 5e-4;
    public const double Porosity = 0.29;
    public const double SolidDensity = 2880;
    public const double FreundlichK = 3.5e-4;
    public const double FreundlichN = 0.874;
    public const double LeftValue = 1.0;
    public const double Regulariser = 1e-6;

    /// <summary>α = ((1−φ)/φ)·ρ_s·k·n_f ≈ 2.15691.</summary>
    public static readonly double Alpha = (1 - Porosity) / Porosity * SolidDensity * FreundlichK * FreundlichN;

    /// <summary>Retardation factor R(u); u ≤ 0 is treated as 0 so Newton iterates below zero stay finite.</summary>
    public static double Retardation(double u) => 1 + Alpha * Math.Pow(Math.Max(u, 0) + Regulariser, FreundlichN - 1);

    /// <summary>R and R' from one power: s = (u+ε)^(n_f−2), R = 1 + α s (u+ε), R' = α(n_f−1)s (0 for u ≤ 0).</summary>
    public static void RetardationAndSlope(double u, out double r, out double slope)
    {
        if (u > 0)
        {
            double v = u + Regulariser;
            double s = Math.Pow(v, FreundlichN - 2);
            r = 1 + Alpha * s * v;
            slope = Alpha * (FreundlichN - 1) * s;
        }
        else
        {
            r = RetardationAtZero;
            slope = 0;
        }
    }

    private static readonly double RetardationAtZero = 1 + Alpha * Math.Pow(Regulariser, FreundlichN - 1);

    /// <summary>
    /// Total (dissolved + sorbed) concentration Φ(u) = ∫₀ᵘ R(s) ds, the quantity whose time derivative
    /// equals D·∂²u/∂x² because R multiplies the whole Laplacian: R(u)∂u/∂t = ∂Φ/∂t.
    /// </summary>
    public static double TotalConcentration(double u)
    {
        if (u <= 0) return u * RetardationAtZero;
        double e = Regulariser, n = FreundlichN;
        return u + Alpha * (Math.Pow(u + e, n) - Math.Pow(e, n)) / n;
    }
}
