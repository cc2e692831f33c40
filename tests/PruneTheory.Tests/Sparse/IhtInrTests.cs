using PruneTheory.Experiments;
using PruneTheory.ProofsSim.Claims.Iht;
using PruneTheory.Random;
using PruneTheory.Sparse;
using Xunit;

namespace PruneTheory.Tests.Sparse;

public class IhtInrTests
{
    [Fact]
    public void FourierFeaturesArePairedSinesAndCosines()
    {
        var x = FourierFeatures.Build(5, 3, 2.0, RngKey.FromSeed(1));
        Assert.Equal(25, x.Rows); Assert.Equal(6, x.Cols);
        for (int r = 0; r < 25; r++)
            for (int f = 0; f < 3; f++)
                Assert.Equal(1.0, x[r, f] * x[r, f] + x[r, f + 3] * x[r, f + 3], 12);
        // Pixel (0, 0) has phase 0.
        Assert.Equal(0.0, x[0, 0]); Assert.Equal(1.0, x[0, 3]);
    }

    [Fact]
    public void InrClaimOnATinyGridRunsBothMethods()
    {
        var spec = new IhtInrSpec { Frequencies = 10, Widths = [2, 3], Sparsities = [3, 6], IhtSteps = 5, ImpEpochsPerRound = 3 };
        var (outcome, trials, _) = IhtClaimTests.RunClaim(new IhtInrClaim(), spec);
        if (outcome.Verdict == Verdict.Skipped) { Assert.All(trials, t => Assert.True(t.DataMissing)); return; } // no MNIST file here
        Assert.All(trials, t => { Assert.Equal(2, t.IhtPsnr.Length); Assert.Equal(2, t.ImpPsnr.Length); });
        Assert.All(trials, t => Assert.All(t.IhtPsnr.Concat(t.ImpPsnr), p => Assert.True(double.IsFinite(p))));
        Assert.Contains("iht-inr-iht-psnr", outcome.Figures);
        Assert.Equal(2, outcome.Metrics["sparsities_evaluated"]);
    }
}
