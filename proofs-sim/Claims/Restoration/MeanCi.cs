using MathNet.Numerics.Distributions;
using PruneTheory.Statistics;

namespace PruneTheory.ProofsSim.Claims.Restoration;

/// <summary>Mean and two-sided Student-t confidence interval over seeds. O(n).</summary>
public readonly record struct MeanCi(double Mean, Interval Ci, int Count)
{
    public static MeanCi Of(IReadOnlyList<double> xs, double confidence = 0.95)
    {
        int n = xs.Count;
        if (n == 0) throw new ArgumentException("no values");
        double mean = xs.Average();
        if (n == 1) return new(mean, new Interval(double.NegativeInfinity, double.PositiveInfinity), 1);
        double sd = Math.Sqrt(xs.Sum(x => (x - mean) * (x - mean)) / (n - 1));
        double half = StudentT.InvCDF(0, 1, n - 1, 0.5 + confidence / 2) * sd / Math.Sqrt(n);
        return new(mean, new Interval(mean - half, mean + half), n);
    }

    public override string ToString() => FormattableString.Invariant($"{Mean:F2} [{Ci.Lower:F2}, {Ci.Upper:F2}]");
}
