namespace PruneTheory.Statistics;

/// <summary>
/// Binomial logistic regression P(success | x) = 1/(1+exp(−(a + b·x))) by Newton–Raphson (IRLS).
/// Used with x = log N to read thresholds N_q where the success probability crosses q.
/// </summary>
public sealed record LogisticFit(double A, double B, bool Converged)
{
    public double Probability(double x) => 1 / (1 + Math.Exp(-(A + B * x)));

    /// <summary>x where the fitted probability equals q (NaN when the slope is zero).</summary>
    public double InverseAt(double q) => B == 0 ? double.NaN : (Math.Log(q / (1 - q)) - A) / B;

    public static LogisticFit Fit(IReadOnlyList<double> x, IReadOnlyList<int> successes, IReadOnlyList<int> trials, int maxIterations = 100)
    {
        double a = 0, b = 0;
        for (int it = 0; it < maxIterations; it++)
        {
            double g0 = 0, g1 = 0, h00 = 0, h01 = 0, h11 = 0;
            for (int i = 0; i < x.Count; i++)
            {
                double p = 1 / (1 + Math.Exp(-(a + b * x[i])));
                double r = successes[i] - trials[i] * p;
                double w = trials[i] * p * (1 - p) + 1e-12;
                g0 += r; g1 += r * x[i];
                h00 += w; h01 += w * x[i]; h11 += w * x[i] * x[i];
            }
            double det = h00 * h11 - h01 * h01;
            if (Math.Abs(det) < 1e-300) return new LogisticFit(a, b, false);
            double da = (h11 * g0 - h01 * g1) / det, db = (h00 * g1 - h01 * g0) / det;
            // Damp steps so separable data (all successes above a point) do not overflow.
            double scale = Math.Min(1, 10 / Math.Max(Math.Abs(da), Math.Abs(db)));
            a += scale * da; b += scale * db;
            if (Math.Abs(da) + Math.Abs(db) < 1e-10) return new LogisticFit(a, b, true);
        }
        return new LogisticFit(a, b, false);
    }
}
