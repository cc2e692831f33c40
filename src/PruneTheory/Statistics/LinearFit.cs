using MathNet.Numerics.Distributions;

namespace PruneTheory.Statistics;

/// <summary>Least-squares line y = a + b·x with t-based confidence intervals for both coefficients.</summary>
public sealed record LinearFit(double Intercept, double Slope, Interval InterceptCi, Interval SlopeCi, double RSquared, int Count)
{
    public double Predict(double x) => Intercept + Slope * x;

    public static LinearFit Ols(IReadOnlyList<double> x, IReadOnlyList<double> y, double confidence = 0.95)
    {
        int n = x.Count;
        if (n != y.Count) throw new ArgumentException("x and y differ in length");
        if (n < 3) throw new ArgumentException("a fit with a confidence interval needs at least 3 points");
        double mx = x.Average(), my = y.Average();
        double sxx = 0, sxy = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxx += dx * dx; sxy += dx * dy; syy += dy * dy;
        }
        if (sxx == 0) throw new ArgumentException("all x are equal: the slope is undefined");
        double b = sxy / sxx, a = my - b * mx;
        double rss = Math.Max(0, syy - b * sxy);
        double s2 = rss / (n - 2);
        double seB = Math.Sqrt(s2 / sxx);
        double seA = Math.Sqrt(s2 * (1.0 / n + mx * mx / sxx));
        double t = StudentT.InvCDF(0, 1, n - 2, 0.5 + confidence / 2);
        double r2 = syy == 0 ? 1 : 1 - rss / syy;
        return new LinearFit(a, b, new Interval(a - t * seA, a + t * seA), new Interval(b - t * seB, b + t * seB), r2, n);
    }

    /// <summary>Power law y = C·x^b fitted on log–log axes: <see cref="Slope"/> is the exponent.</summary>
    public static LinearFit PowerLaw(IReadOnlyList<double> x, IReadOnlyList<double> y, double confidence = 0.95)
    {
        if (x.Any(v => !(v > 0)) || y.Any(v => !(v > 0))) throw new ArgumentException("a power-law fit needs positive x and y");
        return Ols(x.Select(v => Math.Log(v)).ToArray(), y.Select(v => Math.Log(v)).ToArray(), confidence);
    }
}
