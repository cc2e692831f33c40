namespace PruneTheory.Random;

/// <summary>
/// Pure functions from one Philox block to numbers. Block i of a key yields uniform i, Gaussian pair i,
/// Cauchy i; kernels call these directly with the block index, so CPU and GPU draws agree exactly.
/// </summary>
public static class CounterDraws
{
    private const double TwoPow53Inv = 1.0 / 9007199254740992.0;

    /// <summary>Uniform on [0,1) with 53 random bits from words X, Y.</summary>
    public static double Uniform01(UInt4 b) => (((ulong)b.X << 21) | (b.Y >> 11)) * TwoPow53Inv;

    /// <summary>Uniform on (0,1] from words X, Y: safe for log.</summary>
    public static double UniformOpen0(UInt4 b) => ((((ulong)b.X << 21) | (b.Y >> 11)) + 1) * TwoPow53Inv;

    /// <summary>Second independent uniform on [0,1) from words Z, W.</summary>
    public static double UniformZW01(UInt4 b) => (((ulong)b.Z << 21) | (b.W >> 11)) * TwoPow53Inv;

    /// <summary>Box–Muller: two independent N(0,1) from one block.</summary>
    public static void GaussianPair(UInt4 b, out double g0, out double g1)
    {
        double r = Math.Sqrt(-2.0 * Math.Log(UniformOpen0(b)));
        double theta = 2.0 * Math.PI * UniformZW01(b);
        g0 = r * Math.Cos(theta);
        g1 = r * Math.Sin(theta);
    }

    /// <summary>Standard Cauchy by inversion: tan(π(u − ½)), u ∈ (0,1].</summary>
    public static double Cauchy(UInt4 b) => Math.Tan(Math.PI * (UniformOpen0(b) - 0.5));
}
