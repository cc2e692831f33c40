using PruneTheory.Random;

namespace PruneTheory.Sparse;

/// <summary>
/// Random Fourier features of pixel coordinates for implicit neural representations (spec §4 E6, official
/// mnist_loader.py): pixel (row, col) of a side×side image (sample row·side + col) has input p = (row, col) (integers, not rescaled) and
/// features [sin(2π·Bp), cos(2π·Bp)] with B ∈ ℝ^{F×2} i.i.d. N(0, σ²), so d = 2F. O(side²·F).
/// </summary>
public static class FourierFeatures
{
    public static DesignMatrix Build(int side, int frequencies, double sigma, RngKey key)
    {
        if (side <= 0 || frequencies <= 0 || !(sigma > 0)) throw new ArgumentException("side, frequencies and sigma must be positive");
        var b = new double[frequencies * 2];
        var rng = key.Stream();
        for (int i = 0; i < b.Length; i++) b[i] = sigma * rng.NextGaussian();
        int n = side * side, d = 2 * frequencies;
        var data = new double[(long)n * d];
        for (int row = 0; row < side; row++)
            for (int col = 0; col < side; col++)
            {
                int r = row * side + col;
                for (int f = 0; f < frequencies; f++)
                {
                    double phase = 2 * Math.PI * (b[2 * f] * row + b[2 * f + 1] * col);
                    data[(long)f * n + r] = Math.Sin(phase);
                    data[(long)(f + frequencies) * n + r] = Math.Cos(phase);
                }
            }
        return new DesignMatrix(n, d, data);
    }
}
