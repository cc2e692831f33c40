using FsCheck.Xunit;
using PruneTheory.Experiments;
using PruneTheory.ProofsSim.Claims.NeuronVsWeight;
using PruneTheory.Theory.Relu2D;
using Xunit;

namespace PruneTheory.Tests.Theory;

public class ModelAAndSlicesTests
{
    /// <summary>Each masked option c·σ(cos(θ−ψ)) equals α σ(⟨m⊙w, x⟩) at x = (cos θ, sin θ).</summary>
    [Property(MaxTest = 20)]
    public void Masked_options_equal_masked_units(int seed, double rawTheta)
    {
        var net = NestedNetwork.Sample(TheoryFixtures.Key(seed, "mask"), 4, 2);
        var (p, groups) = MaskedUnits.Options(net, 4, 0.3);
        double t = double.IsFinite(rawTheta) ? rawTheta % 7 : 1;
        double x1 = Math.Cos(t), x2 = Math.Sin(t);
        for (int k = 0; k < 4; k++)
        {
            double[] expected =
            [
                net.Alpha[k] * Math.Max(0, net.W[k][0] * x1 + net.W[k][1] * x2),
                net.Alpha[k] * Math.Max(0, net.W[k][0] * x1),
                net.Alpha[k] * Math.Max(0, net.W[k][1] * x2),
            ];
            for (int o = 0; o < 3; o++)
            {
                Assert.Equal(k, groups[3 * k + o]);
                Assert.Equal(expected[o], p.C[3 * k + o] * Math.Max(0, Math.Cos(t - p.Psi[3 * k + o])), 1e-12);
            }
        }
    }

    [Fact]
    public void Wp_model_a_small_run_weight_pruning_never_worse_than_neuron_pruning()
    {
        var spec = new WpModelASpec { Widths = [4, 6, 8], Trials = 6, MilpSeconds = 2 };
        var claim = new WpModelAClaim();
        var (o, dir) = ClaimHarness.Run(claim, spec);
        Assert.True(File.Exists(Path.Combine(dir, "wp-model-a.png")));
        var tr = claim.RunTrial(spec, new TrialContext(7, claim.Id, 0, PruneTheory.Gpu.ComputeBackend.Cpu, 1, default));
        foreach (var target in tr.Targets)
            foreach (var p in target)
                Assert.True(p.WpUpper <= p.NpUpper + 1e-9 && p.WpUpper >= p.WpAnalytic - 1e-12);
        Assert.True(o.Metrics.ContainsKey("e1_over_generic_log_ratio"));
    }

    [Fact]
    public void Np_slices_small_run_d2_equals_np2d_style_circle_and_bounds_hold()
    {
        var spec = new NpSlicesSpec { Dims = [2, 4], Widths = [4, 8], Trials = 5, MilpSeconds = 2 };
        var claim = new NpSlicesClaim();
        var (o, _) = ClaimHarness.Run(claim, spec);
        Assert.Contains("np-slices", o.Figures);
        var tr = claim.RunTrial(spec, new TrialContext(7, claim.Id, 1, PruneTheory.Gpu.ComputeBackend.Cpu, 1, default));
        for (int t = 0; t < 2; t++)
            for (int di = 0; di < 2; di++)
                for (int i = 0; i < 2; i++)
                    Assert.True(tr.Lower[t][di][i] <= tr.Upper[t][di][i] + 1e-12);
        // flat target: S = ∅ gives max r_i = √(2/d), an upper bound on the slice optimum
        Assert.True(tr.Upper[1][1][1] <= Math.Sqrt(2.0 / 4) + 1e-12);
    }

    [Fact]
    public void Np_model_b_small_run_brackets_both_models()
    {
        var spec = new NpModelBSpec { Widths = [3, 6, 9], Trials = 6 };
        var claim = new NpModelBClaim();
        var (o, _) = ClaimHarness.Run(claim, spec);
        Assert.Contains("np-model-b", o.Figures);
        var tr = claim.RunTrial(spec, new TrialContext(7, claim.Id, 0, PruneTheory.Gpu.ComputeBackend.Cpu, 1, default));
        foreach (var p in tr.Points)
        {
            Assert.True(p.ALower <= p.AUpper + 1e-12 && p.BLower <= p.BUpper + 1e-12);
            Assert.True(p.AUpper >= p.AnalyticA - 1e-12);
        }
    }
}
