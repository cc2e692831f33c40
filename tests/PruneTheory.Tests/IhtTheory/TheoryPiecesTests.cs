using PruneTheory.Random;
using PruneTheory.Sparse;
using PruneTheory.Sparse.Theory;
using PruneTheory.Statistics;
using Xunit;

namespace PruneTheory.Tests.IhtTheory;

public class TheoryPiecesTests
{
    [Fact]
    public void RateFitRecoversAPlantedGeometricSequenceWithAnIntervalOverReplicates()
    {
        const double rho = 0.83;
        var exact = GeometricRate.Of(Enumerable.Range(0, 60).Select(t => 3 * Math.Pow(rho, t)).ToList(), floor: 1e-12);
        Assert.NotNull(exact);
        Assert.Equal(rho, exact!.Rho, 10);

        // noisy replicates (multiplicative noise, a transient, a round-off floor): the t interval over replicates holds ρ
        var rates = new List<double>();
        for (int rep = 0; rep < 8; rep++)
        {
            var rng = RngKey.FromSeed((ulong)rep).FoldIn("rate").Stream();
            var e = new List<double> { 1, 1.5, 0.9 };
            for (int t = 1; t <= 80; t++) e.Add(Math.Max(0.5 * Math.Pow(rho, t) * Math.Exp(0.05 * rng.NextGaussian()), 1e-15));
            var fit = GeometricRate.Of(e, start: 0.6, floor: 1e-12);
            Assert.NotNull(fit);
            rates.Add(fit!.Rho);
        }
        var m = ReplicateMean.Of(rates);
        Assert.True(m.Ci.Lower <= rho && rho <= m.Ci.Upper, m.ToString());
        Assert.True(m.Ci.Width < 0.01, m.ToString());
    }

    [Fact]
    public void RateFitNeedsALinearPhase()
    {
        Assert.Null(GeometricRate.Of([1, 1, 1, 1], start: 0.5));
        Assert.Null(GeometricRate.Of([1, 0.5, 1e-20, 0]));
        Assert.Null(GeometricRate.Of([]));
    }

    [Fact]
    public void PatternGeometryCountsCoverageSeparationAndDuplicates()
    {
        double[] a = [1, 1, 0, 0], b = [1, 0, 0, 0], c = [1, 1, 0, 0], d = [0, 0, 1, 1];
        var g = PatternGeometry.Of([a, b, c, d]);
        Assert.Equal(0.25, g.Coverage);          // b covers one row of four
        Assert.Equal(0.25, g.Separation);        // a and b differ in one row; a, c identical (not distinct)
        Assert.Equal(1, g.DuplicatePairs);
        Assert.Equal(4, g.Patterns);
    }

    [Fact]
    public void PlantedSingleInputNetIsExactlyInTheEnumeratedRange()
    {
        var x = DesignMatrix.Gaussian(RngKey.FromSeed(4), 50, 4);
        var op = TheoryOperators.EnumeratedSingleInput(x);
        Assert.Equal(8, op.Blocks);
        var (w, y) = TheoryOperators.PlantSingleInput(op, RngKey.FromSeed(8).Stream(), 6);
        var dense = w.ToDense();
        var ay = new double[50];
        op.Apply(dense, ay);                     // A w* through the gated operator
        for (int r = 0; r < 50; r++)
        {
            double net = 0;                      // Σ (u x_i)₊ computed directly
            for (int k = 0; k < w.Count; k++) net += Math.Max(0, w.Values[k] * x[r, w.Indices[k] % 4]);
            Assert.Equal(net, y[r], 12);
            Assert.Equal(net, ay[r], 12);
        }
        // distinct (input, sign) pairs, and the sign of each weight matches its gate
        foreach (var (c, v) in w.Indices.Zip(w.Values)) Assert.Equal((c / 4) % 2 == 0, v > 0);
    }
}
