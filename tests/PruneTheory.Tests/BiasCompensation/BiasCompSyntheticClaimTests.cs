using PruneTheory.Experiments;
using PruneTheory.ProofsSim.Claims.BiasCompensation;
using Xunit;
using Xunit.Abstractions;

namespace PruneTheory.Tests.BiasCompensation;

public sealed class BiasCompSyntheticClaimTests(ITestOutputHelper output)
{
    [Fact]
    public void SmallSpecRunsAndSummarises()
    {
        var spec = new BiasCompSyntheticSpec
        {
            Seeds = 1, Steps = 60, TrainPoints = 400, TestPoints = 400, Calibration = 200, NonLinearSamples = 40, CheckWeights = 50, CheckSamples = 100,
            Ratios = [0, 0.5, 0.9], Methods = ["ec", "magnitude", "ec-noupdate", "ec-local"],
        };
        string dir = Path.Combine(Path.GetTempPath(), "pt-biascomp-syn-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (trials, outcome) = ClaimHarness.Run(new BiasCompSyntheticClaim(), spec, dir);
            output.WriteLine(ClaimHarness.Describe(outcome));
            Assert.Equal(2, trials.Count);
            foreach (var t in trials)
            {
                Assert.InRange(t.Check1!.Correlation, -1, 1);
                Assert.True(t.Check1!.MeanDOptimal <= t.Check1.MeanDStar + 1e-15, "refit must not be worse than δb*");
            }
            Assert.NotEqual(Verdict.Skipped, outcome.Verdict);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    public void RanksAverageTies() =>
        Assert.Equal([0.5, 0.5, 2, 3], CompensationAccuracy.Ranks([1, 1, 2, 5]));

}
