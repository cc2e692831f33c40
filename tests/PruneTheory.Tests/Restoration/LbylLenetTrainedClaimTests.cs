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
        Assert.Equal(2, trials.Count);
        Assert.All(trials, t => Assert.Equal(3, t.Cells.Length));
        Assert.All(trials, t => Assert.InRange(t.Baseline, 70, 100));
        Assert.All(trials.SelectMany(t => t.Cells), c => Assert.InRange(c.LbylTuned, 10, 100));
        Assert.NotEqual(trials[0].Baseline, trials[1].Baseline); // seeds differ
        Assert.Contains(outcome.Verdict, new[] { Verdict.Confirmed, Verdict.Contradicted, Verdict.Inconclusive });
        Assert.True(File.Exists(Path.Combine(dir, "lbyl-lenet-trained-l2.png")));
    }
}
