using PruneTheory.ProofsSim.Claims.Restoration;
using Xunit;

namespace PruneTheory.Tests.Restoration;

public class LbylConvBnClaimTests
{
    [Fact]
    public void Small_spec_trains_restores_both_modes_and_summarises()
    {
        var spec = new LbylConvBnSpec { Seeds = 2, ThresholdGrid = [0.1], Config = [4, 4, 0], Hidden = 16, Epochs = 1, ValidationCount = 200, TrainLimit = 2000, TestLimit = 1000, Ratios = [0.5], Lambda1Grid = [1e-4], Lambda2Grid = [0.1], Ablations = true };
        var (outcome, trials, dir) = ClaimHarness.Run(new LbylConvBnClaim(), spec);
        Assert.Equal(2, trials.Count);
        Assert.All(trials, t => Assert.Equal(["CodeExact", "Corrected"], t.Cells.Select(c => c.Mode)));
        Assert.All(trials.SelectMany(t => t.Cells), c => Assert.Equal([2, 2], c.Kept));
        Assert.All(trials.SelectMany(t => t.Cells), c => Assert.Equal(1, c.GroupsAcrossMaxPool)); // conv1→conv2 direct; conv2→max-pool→flatten→FC crosses
        Assert.All(trials, t => Assert.InRange(t.Baseline, 15, 100)); // above chance (10 %): a 4-channel net after one epoch
        Assert.All(trials, t => Assert.Equal(5, t.Cells[0].AblationAccuracies.Length)); // CodeExact: Q1–Q4 one-flag ablations
        Assert.All(trials, t => Assert.Empty(t.Cells[1].AblationNames));
        Assert.Contains(outcome.Notes, n => n.Contains("lbyl_Q3_applyK"));
        Assert.True(File.Exists(Path.Combine(dir, "lbyl-convbn.png")), outcome.Reason);
    }
}
