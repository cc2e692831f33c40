using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PruneTheory.Random;
using PruneTheory.Sparse;
using PruneTheory.Sparse.Theory;
using Xunit;

namespace PruneTheory.Tests.IhtTheory;

public class RestrictedEigenTests
{
    private static NormalizedGram RandomGram(int seed, int rows, int cols)
    {
        var rng = RngKey.FromSeed((ulong)seed).FoldIn("gram").Stream();
        var a = new ColumnMatrix(rows, cols);
        for (int c = 0; c < cols; c++) { var col = a.Column(c); for (int r = 0; r < rows; r++) col[r] = rng.NextGaussian(); }
        return NormalizedGram.FromColumns(a, Enumerable.Range(0, cols).ToArray());
    }

    [Property(MaxTest = 60)]
    public Property SearchBracketsTheExactConstants(PositiveInt seed, PositiveInt rowsRaw, PositiveInt colsRaw, PositiveInt levelRaw)
    {
        // rows < cols too: then large levels are singular and the search must not report α̂ below the exact α
        int rows = 2 + rowsRaw.Get % 7, cols = 3 + colsRaw.Get % 7, level = 1 + levelRaw.Get % cols;
        var g = RandomGram(seed.Get, rows, cols).G;
        var exact = RestrictedEigen.Exact(g, level);
        var search = RestrictedEigen.Search(g, level, RngKey.FromSeed((ulong)seed.Get).Stream(), samples: 5);
        return (search.AlphaHat >= exact.AlphaHat - 1e-12 && search.BetaHat <= exact.BetaHat + 1e-12
                && exact.Exact && !search.Exact && exact.AlphaHat <= 1 + 1e-12 && exact.BetaHat >= 1 - 1e-12
                && search.AlphaSupport.Length == level && search.AlphaSupport.Distinct().Count() == level)
            .Label($"rows {rows} cols {cols} L {level}: exact [{exact.AlphaHat}, {exact.BetaHat}] search [{search.AlphaHat}, {search.BetaHat}]");
    }

    [Fact]
    public void ExactConstantsInterlaceAcrossLevels()
    {
        var g = RandomGram(7, 6, 8).G;
        var byLevel = Enumerable.Range(1, 8).Select(l => RestrictedEigen.Exact(g, l)).ToList();
        for (int l = 1; l < byLevel.Count; l++)
        {
            Assert.True(byLevel[l].AlphaHat <= byLevel[l - 1].AlphaHat + 1e-12);
            Assert.True(byLevel[l].BetaHat >= byLevel[l - 1].BetaHat - 1e-12);
        }
        Assert.True(byLevel[^1].AlphaHat < 1e-10);               // 8 columns in ℝ⁶: singular
        Assert.Equal(RestrictedEigen.Binomial(8, 3), byLevel[2].SupportsTried);
    }

    [Fact]
    public void TwoColumnLevelIsOneMinusTheLargestCorrelation()
    {
        var g = RandomGram(3, 20, 6).G;
        double maxCorr = 0;
        for (int i = 0; i < 6; i++) for (int j = i + 1; j < 6; j++) maxCorr = Math.Max(maxCorr, Math.Abs(g[i, j]));
        var b = RestrictedEigen.Bracket(g, 2, RngKey.FromSeed(1).Stream());
        Assert.True(b.Exact);
        Assert.Equal(1 - maxCorr, b.AlphaHat, 12);
        Assert.Equal(1 + maxCorr, b.BetaHat, 12);
    }

    [Fact]
    public void EnumeratedFamilyIsSingularAtFourColumnsAndTheSearchFindsItUnaided()
    {
        var x = DesignMatrix.Gaussian(RngKey.FromSeed(5), 300, 3);
        var g = NormalizedGram.Of(TheoryOperators.EnumeratedSingleInput(x)).G;   // N = 2d·d = 18
        var exact3 = RestrictedEigen.Exact(g, 3);
        var exact4 = RestrictedEigen.Exact(g, 4);
        Assert.True(exact3.AlphaHat > 0.05);                     // three columns: no dependency
        Assert.True(exact4.CertifiedSingular);
        var search = RestrictedEigen.Search(g, 4, RngKey.FromSeed(2).Stream(), samples: 0);
        Assert.True(search.CertifiedSingular, $"search α̂ = {search.AlphaHat}");
        // the null vector uses one input k under two complementary gate pairs
        var inputs = exact4.AlphaSupport.Select(c => c % 3).Distinct().ToList();
        Assert.Single(inputs);
    }

    [Fact]
    public void SampledGatesHaveNoExactDependencyAtSmallLevels()
    {
        var x = DesignMatrix.Gaussian(RngKey.FromSeed(6), 400, 4);
        var op = new GatedReluOperator(x, 5, new GateSet(RngKey.FromSeed(9), 4));
        var g = NormalizedGram.Of(op).G;
        var b = RestrictedEigen.Bracket(g, 4, RngKey.FromSeed(3).Stream(), exactLimit: 10_000);
        Assert.True(b.Exact);
        Assert.False(b.CertifiedSingular);
        Assert.True(b.KappaHat > 1);
    }

    [Fact]
    public void TheoremOneCertifiesInapplicabilityOnlyFromTheSafeSide()
    {
        var wellConditioned = new EigenBracket(3, 0.99, 1.01, [0, 1, 2], [0, 1, 2], false, 1);
        Assert.False(TheoremOne.CertifiedInapplicable(wellConditioned, 40, 1));   // 32·(1.01/0.99)² ≈ 33.3 ≤ 40
        Assert.True(TheoremOne.CertifiedInapplicable(wellConditioned, 33, 1));
        var singular = new EigenBracket(4, 0, 2, [0, 1, 2, 3], [0, 1, 2, 3], false, 1);
        Assert.True(TheoremOne.CertifiedInapplicable(singular, 1_000_000, 1));
        Assert.Equal(2 * 2 + 1, TheoremOne.Level(2, 1));
        Assert.Equal(2.0 / 3, TheoremOne.ContractionBound(1, 1, 2.0 / 3), 12);   // 2·max(1/3, 1/3)
    }
}
