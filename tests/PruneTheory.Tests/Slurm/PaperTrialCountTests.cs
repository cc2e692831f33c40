using PruneTheory.Experiments;
using Xunit;

namespace PruneTheory.Tests.Slurm;

/// <summary>Issue 12, item 2: a trial is the unit shards split, so every paper preset must split over a 32-task array.</summary>
public class PaperTrialCountTests
{
    public const int MinimumPaperTrials = 32;

    [Fact]
    public void Every_paper_preset_has_at_least_32_trials()
    {
        var registry = new ClaimRegistry(typeof(PruneTheory.ProofsSim.Claims.Restoration.LbylConvBnClaim).Assembly);
        var few = registry.All.Select(c => (c.Id, Trials: c.TrialCount(c.Preset(Scale.Paper)))).Where(c => c.Trials < MinimumPaperTrials).ToList();
        Assert.True(few.Count == 0, "paper presets with fewer than 32 trials: " + string.Join(", ", few.Select(c => $"{c.Id} ({c.Trials})")));
    }
}
