using PruneTheory.Experiments;
using PruneTheory.ProofsSim.Claims.Restoration;
using Xunit;

namespace PruneTheory.Tests.Restoration;

public class LbylLenetReferenceClaimTests
{
    /// <summary>r = 80 % only (one trial, a few seconds): LBYL 78.05, NM 77.11, prune 63.90, l1 prune/NM 66.76/80.02.</summary>
    [Fact]
    public void Reproduces_the_80_percent_row_or_skips_without_reference()
    {
        var claim = new LbylLenetReferenceClaim();
        var spec = new LbylLenetReferenceSpec { Ratios = [0.8], Lambda2 = [1e-6] };
        var (outcome, trials, dir) = ClaimHarness.Run(claim, spec);
        if (FashionLeNet.ReferencePath() is null) { Assert.Equal(Verdict.Skipped, outcome.Verdict); return; }
        Assert.True(outcome.Verdict == Verdict.Confirmed, outcome.Reason + "\n" + string.Join("\n", outcome.Notes));
        Assert.Equal(10, trials.Count); // one restoration per trial: 2 criteria × (prune, NM × 2 modes, LBYL × 2 modes)
        Assert.All(trials, t => Assert.Equal([60, 20], t.Kept));
        Assert.All(trials, t => Assert.Equal(89.80, t.Baseline, 2));
        Assert.All(trials.Where(t => t.Mode == "Corrected"), t => Assert.Equal(0, t.ModeZDifference));
        Assert.True(File.Exists(Path.Combine(dir, "lbyl-lenet-reference.png")));
    }

    [Fact]
    public void Spec_rejects_mismatched_lambdas()
    {
        Assert.NotEmpty(new LbylLenetReferenceSpec { Ratios = [0.5, 0.6], Lambda2 = [0.3] }.Validate());
        Assert.NotEmpty(new LbylLenetReferenceSpec { TolerancePp = double.NaN }.Validate());
    }
}
