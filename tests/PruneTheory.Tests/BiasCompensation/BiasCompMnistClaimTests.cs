using PruneTheory.Experiments;
using PruneTheory.ProofsSim.Claims.BiasCompensation;
using Xunit;
using Xunit.Abstractions;

namespace PruneTheory.Tests.BiasCompensation;

public sealed class BiasCompMnistClaimTests(ITestOutputHelper output)
{
    [Fact]
    public void SmallSpecRunsAndSummarises()
    {
        var spec = new BiasCompMnistSpec
        {
            DataSets = ["mnist"], Networks = [[784, 24, 10]], Seeds = 1, Epochs = 1, Calibration = 300, TestCount = 500, NonLinearSamples = 8,
            Ratios = [0, 0.5, 0.9], Methods = ["ec", "magnitude", "random", "obd", "nonlinear-cheap", "ec@layerwise", "ec@iterative"],
            FineTuneEpochs = 1, FineTuneMethods = ["ec", "magnitude"], FineTuneRatios = null,
        };
        string dir = Path.Combine(Path.GetTempPath(), "pt-biascomp-mnist-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (trials, outcome) = ClaimHarness.Run(new BiasCompMnistClaim(), spec, dir);
            output.WriteLine(ClaimHarness.Describe(outcome));
            var t = Assert.Single(trials);
            Assert.True(t.DenseAccuracy > 0.5, $"dense accuracy {t.DenseAccuracy}");
            var ft = Assert.Single(t.Curves, c => c.Method == "EC +FT");
            Assert.Equal([0, 0.5, 0.9], ft.Sparsity.Select(s => Math.Round(s, 2)).ToArray());   // the mask survives fine-tuning
            Assert.True(ft.Loss[2] < t.Curves[0].Loss[2], $"fine-tuning at 90 %: {ft.Loss[2]} vs {t.Curves[0].Loss[2]}");
            Assert.Contains(t.Curves, c => c.Method == "Magnitude +FT");
            foreach (var c in t.Curves.Where(c => !c.Method.EndsWith("+FT")))
            {
                Assert.Equal(t.DenseLoss, c.Loss[0], 10);                  // 0 % is the dense net
                Assert.Equal([0, 0.5, 0.9], c.Sparsity.Select(s => Math.Round(s, 2)).ToArray());
            }
            Assert.NotEqual(Verdict.Skipped, outcome.Verdict);
            Assert.Contains("with masked fine-tuning", outcome.Reason);
            Assert.InRange(t.Curves[0].ScoringBackprops, 0.1, 3);   // 10 outputs, sparse inputs: ≈ one backprop, not 10
            Assert.Equal(0, t.Curves.Single(c => c.Method == "Magnitude").ScoringBackprops);
            Assert.NotEmpty(Directory.GetFiles(dir, "*.png"));
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    public void TrialIsIdenticalForAnyInnerThreadCount()
    {
        var spec = new BiasCompMnistSpec
        {
            DataSets = ["mnist"], Networks = [[784, 24, 10]], Seeds = 1, Epochs = 1, Calibration = 300, TestCount = 300, NonLinearSamples = 8,
            Ratios = [0, 0.9], Methods = ["ec", "magnitude", "random", "nonlinear-cheap", "ec@iterative"],
        };
        var claim = new BiasCompMnistClaim();
        var a = claim.RunTrial(spec, new TrialContext(3, claim.Id, 0, PruneTheory.Gpu.ComputeBackend.Cpu, 1, default));
        var b = claim.RunTrial(spec, new TrialContext(3, claim.Id, 0, PruneTheory.Gpu.ComputeBackend.Cpu, 2, default));
        Assert.Equal(a.DenseLoss, b.DenseLoss);
        for (int m = 0; m < a.Curves.Length; m++)
        {
            Assert.Equal(a.Curves[m].Loss, b.Curves[m].Loss);
            Assert.Equal(a.Curves[m].DiffVsEc, b.Curves[m].DiffVsEc);
        }
    }

    [Fact]
    public void UnknownMethodsAreRejectedBySpecValidation()
    {
        Assert.NotEmpty(new BiasCompMnistSpec { Methods = ["ec", "nope"] }.Validate());
        Assert.NotEmpty(new BiasCompMnistSpec { Methods = ["ec", "ec@sideways"] }.Validate());
        Assert.Empty(new BiasCompMnistSpec().Validate());
    }




    [Fact]
    public void StandardizationGivesZeroMeanUnitVarianceOnTrain()
    {
        var (train, _) = ImageData.Load("mnist", 10);
        var (st, _) = ImageData.Standardize(train, train.Take(5));
        int f = st.Features, q = 14 * 28 + 14;   // a centre pixel, non-constant
        double m = Enumerable.Range(0, st.Count).Average(i => (double)st.Images[i * f + q]);
        double v = Enumerable.Range(0, st.Count).Average(i => (st.Images[i * f + q] - m) * (st.Images[i * f + q] - m));
        Assert.Equal(0, m, 4);
        Assert.Equal(1, v, 3);
        Assert.Equal(0f, st.Images[0]);   // the corner pixel is 0 in every image: constant → 0
    }
}
