using PruneTheory.Experiments;
using PruneTheory.ProofsSim.Claims.NeuronVsWeight;
using Xunit;

namespace PruneTheory.Tests.Theory;

public class NeuronVsWeightClaimTests
{
    [Fact]
    public void Rss_cover_small_run_confirms_log_growth()
    {
        var spec = new RssCoverSpec { Trials = 60, CoverMax = 15, CoverShortMax = 13, LongTrials = 30, SingleMax = 16, Epsilons = [1e-1, 5e-2, 2e-2, 1e-2, 5e-3, 2e-3, 1e-3, 5e-4] };
        var (o, dir) = ClaimHarness.Run(new RssCoverClaim(), spec);
        Assert.True(o.Verdict == Verdict.Confirmed, o.Reason);
        Assert.InRange(o.Metrics["bits_per_sample_U"], 0.6, 1.0);   // below the counting limit of 1 bit per sample
        Assert.True(File.Exists(Path.Combine(dir, "rss-cover-threshold.csv")));
    }

    [Fact]
    public void Wp_construction_small_run_gives_linear_growth_in_log_one_over_eps()
    {
        var spec = new WpConstructionSpec { Dims = [2, 4], MaxUnits = 30, Trials = 20, Epsilons = [1e-1, 3e-2, 1e-2, 3e-3, 1e-3] };
        var (o, _) = ClaimHarness.Run(new WpConstructionClaim(), spec);
        Assert.NotEqual(Verdict.Contradicted, o.Verdict);
        Assert.True(o.Metrics["slope_d4"] > o.Metrics["slope_d2"]);
    }

    [Fact]
    public void Gap_figure_small_run_shares_paths_with_np2d_and_draws_figure_g()
    {
        var spec = new GapSpec { Trials = 8, NpWidths = [4, 8, 12], AnalyticMaxWidth = 2000, WpDims = [2], WpMaxUnits = 24, InverseEpsilons = [2, 5, 10, 30, 100] };
        var claim = new GapFigureClaim();
        var (o, dir) = ClaimHarness.Run(claim, spec);
        Assert.True(File.Exists(Path.Combine(dir, "gap-figure.png")));
        Assert.Contains("gap-figure-ratio", o.Figures);
        // common random numbers: the same seed and trial give np-2d's exact values
        var ctx = new TrialContext(7, claim.Id, 2, PruneTheory.Gpu.ComputeBackend.Cpu, 1, default);
        var gap = claim.RunTrial(spec, ctx);
        var np = new NpTwoDClaim().RunTrial(new NpTwoDSpec { Widths = [4, 8, 12], Target = "0" }, new TrialContext(7, "np-2d", 2, PruneTheory.Gpu.ComputeBackend.Cpu, 1, default));
        Assert.Equal(np.Points.Select(p => p.Upper), gap.Np.Select(p => p.Upper));
        // analytic passage is a certified lower bound on the exact first passage
        for (int e = 0; e < spec.InverseEpsilons.Length; e++)
            for (int i = 0; i < gap.Np.Length; i++)
                if (gap.Np[i].Upper <= 1 / spec.InverseEpsilons[e]) Assert.InRange(gap.AnalyticPassage[e], 1, gap.Np[i].N);
    }
}

public class NeuronVsWeightRegistryTests
{
    [Fact]
    public void Slice_passages_reduce_to_the_circle_passages_in_d2()
    {
        var spec = new GapSpec { AnalyticMaxWidth = 3000, InverseEpsilons = [2, 10, 50, 200] };
        for (int t = 0; t < 5; t++)
        {
            var path = TheoryFixtures.Key(t, "passage");
            Assert.Equal(GapFigureClaim.AnalyticPassages(path, Math.PI / 4, spec),
                GapFigureClaim.SlicePassages(path, [Math.Sqrt(0.5), Math.Sqrt(0.5)], spec));
        }
    }

    [Fact]
    public void All_claims_are_registered_and_their_presets_validate()
    {
        var registry = new ClaimRegistry(typeof(NpTwoDClaim).Assembly);
        foreach (var id in new[] { "np-2d", "rss-cover", "wp-construction", "gap-figure", "wp-model-a", "np-slices", "np-model-b", "gap-model-b" })
        {
            var claim = registry.Get(id);
            Assert.False(string.IsNullOrWhiteSpace(claim.Statement));
            foreach (var scale in new[] { Scale.Quick, Scale.Paper })
            {
                var spec = claim.Preset(scale);
                Assert.Empty(spec.Validate());
                Assert.True(claim.TrialCount(spec) >= 3);
            }
        }
    }
}
