using PruneTheory.Experiments;
using PruneTheory.ProofsSim.Claims.BiasCompensation;
using Xunit;
using Xunit.Abstractions;

namespace PruneTheory.Tests.BiasCompensation;

public sealed class BiasCompConvClaimTests(ITestOutputHelper output)
{
    [Fact]
    public void SmallSpecRunsAndSummarises()
    {
        var spec = new BiasCompConvSpec { Seeds = 1, Channels = [2, 4], Hidden = 8, Epochs = 1, Calibration = 100, TestCount = 300, Ratios = [0, 0.5, 0.9] };
        string dir = Path.Combine(Path.GetTempPath(), "pt-biascomp-conv-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (trials, outcome) = ClaimHarness.Run(new BiasCompConvClaim(), spec, dir);
            output.WriteLine(ClaimHarness.Describe(outcome));
            var t = Assert.Single(trials);
            Assert.Equal(6, t.Curves.Length);
            Assert.InRange(t.ConstantAccuracy, 0.05, 0.2);
            foreach (var c in t.Curves)
            {
                Assert.Equal(t.DenseLoss, c.Loss[0], 5);
                Assert.Equal([0, 0.5, 0.9], c.Sparsity.Select(s => Math.Round(s, 2)).ToArray());
            }
            Assert.NotEqual(Verdict.Skipped, outcome.Verdict);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

}
