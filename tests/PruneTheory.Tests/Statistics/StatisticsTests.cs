using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PruneTheory.Random;
using PruneTheory.Statistics;
using Xunit;

namespace PruneTheory.Tests.Statistics;

public class StatisticsTests
{
    [Fact]
    public void Wilson_matches_a_hand_computed_value()
    {
        // k = 7, n = 20, z = 1.959964: centre 0.37417, half-width 0.19298 (computed by hand from the formula).
        var ci = BinomialInterval.Wilson(7, 20);
        Assert.Equal(0.1812, ci.Lower, 3);
        Assert.Equal(0.5671, ci.Upper, 3);
    }

    [Fact]
    public void Clopper_pearson_matches_known_values()
    {
        // k = 0 of n = 10: upper bound 1 − 0.025^(1/10) = 0.30850.
        var ci = BinomialInterval.ClopperPearson(0, 10);
        Assert.Equal(0, ci.Lower);
        Assert.Equal(1 - Math.Pow(0.025, 0.1), ci.Upper, 6);
    }

    [Property]
    public bool Intervals_contain_the_estimate_and_nest(NonNegativeInt a, PositiveInt b)
    {
        int n = b.Get, k = a.Get % (n + 1);
        double p = (double)k / n;
        var w = BinomialInterval.Wilson(k, n);
        var cp = BinomialInterval.ClopperPearson(k, n);
        var w99 = BinomialInterval.Wilson(k, n, 0.99);
        return w.Contains(p) && cp.Contains(p) && w99.Lower <= w.Lower + 1e-12 && w99.Upper >= w.Upper - 1e-12;
    }

    [Fact]
    public void Linear_fit_recovers_an_exact_line_and_its_ci_covers_a_noisy_slope()
    {
        var x = Enumerable.Range(1, 10).Select(i => (double)i).ToArray();
        var exact = LinearFit.Ols(x, x.Select(v => 3 - 2 * v).ToArray());
        Assert.Equal(-2, exact.Slope, 10);
        Assert.Equal(3, exact.Intercept, 10);

        var s = RngKey.FromSeed(3).Stream();
        int covered = 0;
        for (int rep = 0; rep < 400; rep++)
        {
            var y = x.Select(v => 1 + 0.5 * v + s.NextGaussian()).ToArray();
            if (LinearFit.Ols(x, y).SlopeCi.Contains(0.5)) covered++;
        }
        Assert.InRange(covered / 400.0, 0.91, 0.99); // nominal 95 %
    }

    [Fact]
    public void Power_law_fit_reads_the_exponent()
    {
        var n = new double[] { 4, 8, 16, 32, 64 };
        var fit = LinearFit.PowerLaw(n, n.Select(v => 5 / v).ToArray());
        Assert.Equal(-1, fit.Slope, 10);
    }

    [Property]
    public bool Isotonic_fit_is_monotone_and_preserves_the_weighted_mean(double[] raw)
    {
        var y = raw.Where(double.IsFinite).Select(v => Math.Clamp(v, -1e6, 1e6)).ToArray();
        var w = y.Select((_, i) => 1.0 + i % 3).ToArray();
        var fit = Isotonic.Increasing(y, w);
        bool monotone = fit.Zip(fit.Skip(1)).All(p => p.First <= p.Second + 1e-9);
        double before = y.Zip(w).Sum(p => p.First * p.Second), after = fit.Zip(w).Sum(p => p.First * p.Second);
        return monotone && Math.Abs(before - after) <= 1e-6 * (1 + Math.Abs(before));
    }

    [Fact]
    public void Isotonic_threshold_interpolates_in_log_x()
    {
        var xs = new double[] { 4, 8, 16 };
        double? t = Isotonic.Threshold(xs, [0, 5, 10], [10, 10, 10], 0.5);
        Assert.Equal(8, t!.Value, 10);
        Assert.Null(Isotonic.Threshold(xs, [0, 1, 2], [10, 10, 10], 0.5));
    }

    [Fact]
    public void Logistic_fit_recovers_its_parameters()
    {
        var x = Enumerable.Range(0, 21).Select(i => -2 + 0.2 * i).ToArray();
        var s = RngKey.FromSeed(11).Stream();
        var trials = x.Select(_ => 2000).ToArray();
        var succ = x.Select(v => Enumerable.Range(0, 2000).Count(_ => s.NextDouble() < 1 / (1 + Math.Exp(-(0.5 + 2 * v))))).ToArray();
        var fit = LogisticFit.Fit(x, succ, trials);
        Assert.True(fit.Converged);
        Assert.Equal(2, fit.B, 1);
        Assert.Equal(-0.25, fit.InverseAt(0.5), 1);
    }

    [Fact]
    public void Bootstrap_median_ci_is_reproducible_and_covers_the_median()
    {
        var s = RngKey.FromSeed(5).Stream();
        var sample = Enumerable.Range(0, 300).Select(_ => s.NextGaussian()).ToArray();
        var key = RngKey.FromSeed(9);
        var a = Bootstrap.QuantileCi(sample, 0.5, key, 500);
        var b = Bootstrap.QuantileCi(sample, 0.5, key, 500);
        Assert.Equal(a, b);
        Assert.True(a.Contains(Quantiles.Median(sample)));
        Assert.InRange(a.Width, 0.05, 0.5);
    }
}
