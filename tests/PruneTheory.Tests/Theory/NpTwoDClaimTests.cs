using PruneTheory.ProofsSim.Claims.NeuronVsWeight;
using Xunit;

namespace PruneTheory.Tests.Theory;

public class NpTwoDClaimTests
{
    [Fact]
    public void Small_run_gives_nested_monotone_brackets_and_figures()
    {
        var claim = new NpTwoDClaim();
        var spec = new NpTwoDSpec { Widths = [3, 6, 9, 12], Trials = 8, MilpSeconds = 2, Epsilons = [0.9, 0.7, 0.5] };
        var (outcome, dir) = ClaimHarness.Run(claim, spec);
        Assert.Contains("np-2d-quantiles", outcome.Figures);
        Assert.True(File.Exists(Path.Combine(dir, "np-2d-threshold.png")));
        Assert.True(outcome.Metrics["undecided"] >= 0);
        // reproducible: same seed, same trial
        var a = claim.RunTrial(spec, new PruneTheory.Experiments.TrialContext(3, claim.Id, 1, PruneTheory.Gpu.ComputeBackend.Cpu, 1, default));
        var b = claim.RunTrial(spec, new PruneTheory.Experiments.TrialContext(3, claim.Id, 1, PruneTheory.Gpu.ComputeBackend.Cpu, 2, default));
        Assert.Equal(a.Points.Select(p => p.Upper), b.Points.Select(p => p.Upper));
        for (int i = 1; i < a.Points.Length; i++) Assert.True(a.Points[i].Upper <= a.Points[i - 1].Upper);
    }

    [Fact]
    public void Bad_spec_is_rejected()
    {
        Assert.NotEmpty(new NpTwoDSpec { Widths = [8, 4] }.Validate());
        Assert.NotEmpty(new NpTwoDSpec { Target = "north" }.Validate());
        Assert.NotEmpty(new NpTwoDSpec { Epsilons = [double.NaN] }.Validate());
    }
}
