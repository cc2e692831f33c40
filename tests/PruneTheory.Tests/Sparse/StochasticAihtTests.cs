using PruneTheory.Experiments;
using PruneTheory.ProofsSim.Claims.Iht;
using PruneTheory.Random;
using PruneTheory.Sparse;
using Xunit;

namespace PruneTheory.Tests.Sparse;

public class StochasticAihtTests
{
    [Fact]
    public void OneBatchPerEpochMatchesFullBatchAiht()
    {
        // With a single batch, epoch e is step e and "epoch > 0 and step mod k = 0" is AIHT's update rule;
        // only the row order (shuffle) differs, so the results agree to rounding.
        var inst = PlantedInstance.Generate(RngKey.FromSeed(8), 0, 400, 8, 3, 4);
        var full = Aiht.Solve(inst.Operator(), inst.Labels, new AihtOptions { Sparsity = 4, Steps = 8 });
        var mini = StochasticAiht.Solve(inst.X, inst.Labels, inst.GateKey, RngKey.FromSeed(1),
            new StochasticAihtOptions { Sparsity = 4, Width = 3, Epochs = 8, BatchSize = 400 });
        Assert.False(mini.Diverged);
        Assert.Equal(8, mini.Steps);
        Assert.Equal(full.Weights.Indices, mini.Weights.Indices);
        for (int t = 0; t < 4; t++) Assert.Equal(full.Weights.Values[t], mini.Weights.Values[t], 8);
    }

    [Fact]
    public void MinibatchesRecoverASingleNeuron()
    {
        var inst = PlantedInstance.Generate(RngKey.FromSeed(8), 1, 600, 10, 1, 5);
        var res = StochasticAiht.Solve(inst.X, inst.Labels, inst.GateKey, RngKey.FromSeed(2),
            new StochasticAihtOptions { Sparsity = 5, Width = 1, Epochs = 10, BatchSize = 100 });
        var yHat = StochasticAiht.Predict(inst.X, res.Weights, 1);
        Assert.True(RecoveryMetrics.Psnr(inst.Labels, yHat, RecoveryMetrics.Peak(inst.Labels)) >= 60);
    }

    [Fact]
    public void MnistClaimOnATinySplitRuns()
    {
        var spec = new IhtMnistSpec { TrainPerClass = 50, TestPerClass = 20, BatchSize = 25, Epochs = 2, Widths = [1, 2], Sparsities = [2, 5], Seeds = 1, ImpWidths = [1] };
        var (outcome, trials, _) = IhtClaimTests.RunClaim(new IhtMnistClaim(), spec);
        if (outcome.Verdict == Verdict.Skipped) { Assert.All(trials, t => Assert.True(t.DataMissing)); return; }
        Assert.All(trials, t => Assert.All(t.IhtAccuracy, a => Assert.InRange(a, 0, 1)));
        Assert.Equal(2, trials.Single(t => t.M == 1).ImpAccuracy!.Length);
        Assert.Null(trials.Single(t => t.M == 2).ImpAccuracy);
        Assert.Equal(2, outcome.Metrics["cells_compared"]);
    }
}
