namespace PruneTheory.Sparse;

/// <summary>Output-error measures of a recovered network (spec §4 "Common" and "Success"). O(n).</summary>
public static class RecoveryMetrics
{
    /// <summary>PSNR reported when the MSE is exactly 0 (finite so it can be stored and averaged).</summary>
    public const double PsnrCapDb = 400;

    /// <summary>Success threshold of the suite: PSNR ≥ 60 dB (RMSE ≤ 1e-3·max|y|).</summary>
    public const double SuccessPsnrDb = 60;

    public static double Mse(ReadOnlySpan<double> y, ReadOnlySpan<double> yHat)
    {
        if (y.Length != yHat.Length || y.Length == 0) throw new ArgumentException("y and ŷ must be non-empty and of equal length");
        double s = 0;
        for (int i = 0; i < y.Length; i++) { double e = yHat[i] - y[i]; s += e * e; }
        return s / y.Length;
    }

    /// <summary>20·log10(peak) − 10·log10(MSE); <see cref="PsnrCapDb"/> when MSE = 0; NaN if ŷ is not finite.</summary>
    public static double Psnr(ReadOnlySpan<double> y, ReadOnlySpan<double> yHat, double peak)
    {
        if (!(peak > 0)) throw new ArgumentException($"PSNR needs a positive peak (got {peak})");
        double mse = Mse(y, yHat);
        if (double.IsNaN(mse) || double.IsInfinity(mse)) return double.NaN;
        if (mse == 0) return PsnrCapDb;
        return Math.Min(PsnrCapDb, 20 * Math.Log10(peak) - 10 * Math.Log10(mse));
    }

    /// <summary>max |y| (the planted-data PSNR peak).</summary>
    public static double Peak(ReadOnlySpan<double> y)
    {
        double p = 0;
        foreach (double v in y) p = Math.Max(p, Math.Abs(v));
        return p;
    }

    /// <summary>‖ŷ − y‖ / ‖y‖.</summary>
    public static double RelErr(ReadOnlySpan<double> y, ReadOnlySpan<double> yHat)
    {
        double num = 0, den = 0;
        for (int i = 0; i < y.Length; i++) { double e = yHat[i] - y[i]; num += e * e; den += y[i] * y[i]; }
        if (den == 0) throw new ArgumentException("relative error is undefined for y = 0");
        return Math.Sqrt(num / den);
    }
}
