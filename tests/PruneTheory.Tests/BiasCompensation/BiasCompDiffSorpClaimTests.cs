using PruneTheory.Experiments;
using PruneTheory.ProofsSim.Claims.BiasCompensation;
using Xunit;
using Xunit.Abstractions;

namespace PruneTheory.Tests.BiasCompensation;

public sealed class BiasCompDiffSorpClaimTests(ITestOutputHelper output)
{
    [Fact]
    public void SmallSpecRunsAndSummarises()
    {
        var spec = new BiasCompDiffSorpSpec
        {
            NoiseLevels = [0, 0.1], Seeds = 1, ProfileTask = true, Network = [3, 8, 8, 1], TrainTrajectories = 3, TestTrajectories = 2, TrainPoints = 3000, TestPoints = 1000,
            Epochs = 3, Calibration = 500, NonLinearSamples = 50, Ratios = [0, 0.5, 0.7, 0.9], Methods = ["ec", "magnitude", "gradmagnitude", "random", "nonlinear-cheap"],
            ProfileHidden = [8, 8], ProfileSteps = 30, Probes = 8, DepthNetworks = [[3, 8, 1]], DepthSeeds = 1,
        };
        string dir = Path.Combine(Path.GetTempPath(), "pt-biascomp-diffsorp-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (trials, outcome) = ClaimHarness.Run(new BiasCompDiffSorpClaim(), spec, dir);
            output.WriteLine(ClaimHarness.Describe(outcome));
            Assert.Equal(5, trials.Count);
            Assert.Equal(["A", "A", "A", "B", "B"], trials.Select(t => t.Task).ToArray());
            Assert.Equal([2, 2, 1], trials.Take(3).Select(t => t.HiddenLayers).ToArray());   // the depth-ablation cell
            Assert.Equal("task A 1 hidden noise 0%", trials[2].Group);
            Assert.Contains("noise trend", outcome.Reason);
            Assert.All(trials.Where(t => t.Task == "B"), t => Assert.InRange(t.Probe!.M0RelativeError, 0, 1));
            Assert.Contains(trials[3].Curves, c => c.Method == "EC-Probes");
            foreach (var t in trials)
            {
                if (t.Task == "A" && !t.DepthAblation) Assert.True(t.DenseRelativeL2 < 0.5, $"dense relative L2 {t.DenseRelativeL2}");
                Assert.All(t.Curves, c => Assert.Equal(t.DenseMse, c.Loss[0], 10));
                Assert.InRange(t.ConstantRelativeL2, 0.3, 1.5);   // the mean of u is far from every u: a constant cannot fit
            }
            Assert.NotEqual(Verdict.Skipped, outcome.Verdict);
            Assert.NotEmpty(Directory.GetFiles(dir, "*rell2.png"));
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    public void NoiseHasTheRequestedRelativeScale()
    {
        var u = Enumerable.Range(0, 20000).Select(i => Math.Sin(i * 0.01)).ToArray();
        var y = DiffSorpTask.Noisy(u, 0.1, PruneTheory.Random.RngKey.FromSeed(4));
        double m = u.Average(), sd = Math.Sqrt(u.Sum(v => (v - m) * (v - m)) / (u.Length - 1));
        double noiseSd = Math.Sqrt(y.Zip(u, (a, b) => (a - b) * (a - b)).Average());
        Assert.InRange(noiseSd / (0.1 * sd), 0.97, 1.03);
        Assert.Equal(u, DiffSorpTask.Noisy(u, 0, default));
    }

}
