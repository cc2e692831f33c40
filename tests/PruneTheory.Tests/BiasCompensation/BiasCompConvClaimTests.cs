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
        var spec = new BiasCompConvSpec { Channels = [2, 4], Hidden = 8, Epochs = 1, Calibration = 100, TestCount = 300, Ratios = [0, 0.5, 0.9] };
        string dir = Path.Combine(Path.GetTempPath(), "pt-biascomp-conv-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (trials, outcome) = ClaimHarness.Run(new BiasCompConvClaim(), spec, dir);
            output.WriteLine(ClaimHarness.Describe(outcome));
            var t = Assert.Single(trials);
            Assert.Equal(7, t.Curves.Length);
            foreach (var c in t.Curves)
            {
                Assert.Equal(t.DenseLoss, c.Loss[0], 5);
                Assert.Equal([0, 0.5, 0.9], c.Sparsity.Select(s => Math.Round(s, 2)).ToArray());
            }
            Assert.NotEqual(Verdict.Skipped, outcome.Verdict);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void QuickScale()
    {
        var claim = new BiasCompConvClaim();
        string dir = Environment.GetEnvironmentVariable("BIASCOMP_OUT") ?? Path.Combine(Path.GetTempPath(), "biascomp-conv-quick");
        var (_, outcome) = ClaimHarness.Run(claim, claim.PresetFor(Scale.Quick), dir);
        File.WriteAllText(Path.Combine(dir, "outcome.txt"), ClaimHarness.Describe(outcome));
        output.WriteLine(ClaimHarness.Describe(outcome));
    }
}
