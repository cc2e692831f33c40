using PruneTheory.Experiments;
using PruneTheory.ProofsSim.Claims.Restoration;
using Xunit;

namespace PruneTheory.Tests.Restoration;

public class LbylLenetTrainedClaimTests
{
    [Fact]
    public void Small_spec_trains_restores_and_summarises()
    {
        var spec = new LbylLenetTrainedSpec { Seeds = 2, Epochs = 1, ValidationCount = 500, Ratios = [0.8], Lambda2Grid = [0.3, 1e-3], ThresholdGrid = [0.45] };
        var (outcome, trials, dir) = ClaimHarness.Run(new LbylLenetTrainedClaim(), spec);
        Assert.Equal(6, trials.Count); // 2 networks × 3 criteria × 1 ratio
        Assert.Equal([0, 0, 0, 1, 1, 1], trials.Select(t => t.Network));
        Assert.All(trials, t => Assert.InRange(t.Baseline, 70, 100));
        Assert.All(trials, t => Assert.InRange(t.Cell.LbylTuned, 10, 100));
        Assert.Single(trials.Take(3).Select(t => t.Baseline).Distinct()); // the cells of one network share it
        Assert.NotEqual(trials[0].Baseline, trials[3].Baseline); // networks differ
        Assert.Contains(outcome.Verdict, new[] { Verdict.Confirmed, Verdict.Contradicted, Verdict.Inconclusive });
        Assert.True(File.Exists(Path.Combine(dir, "lbyl-lenet-trained-l2.png")));
    }
}
