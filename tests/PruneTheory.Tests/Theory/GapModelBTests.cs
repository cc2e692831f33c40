using PruneTheory.Experiments;
using PruneTheory.Figures;
using PruneTheory.ProofsSim.Claims.NeuronVsWeight;
using PruneTheory.Random;
using PruneTheory.Theory.Construction;
using PruneTheory.Theory.Relu2D;
using PruneTheory.Theory.Selection;
using Xunit;

namespace PruneTheory.Tests.Theory;

/// <summary>Issue 18 item 1 in model B: the certified first passages and the claim that uses them.</summary>
public class GapModelBTests
{
    private static readonly int[] Widths = [4, 6, 8, 10, 12];
    private static readonly double[] Eps = [0.6, 0.4, 0.3, 0.2, 0.15, 0.1, 0.07];

    /// <summary>The true passage from brute-force optima (every subset, exact P1) at each width.</summary>
    private static int TruePassage(CircleProblem full, Arch arch, double eps)
    {
        foreach (int n in Widths)
            if (TheoryFixtures.BruteForce(new ArcVerifier(full.Prefix(n), arch)).Value <= eps) return n;
        return int.MaxValue;
    }

    [Theory]
    [InlineData(Arch.B)]
    [InlineData(Arch.A)]
    public void Milp_and_gray_code_passages_bracket_the_brute_force_passage(Arch arch)
    {
        for (int seed = 0; seed < 4; seed++)
        {
            var full = BlockNetwork.Circle(TheoryFixtures.Key(seed, "passage-b"), Widths[^1], Math.PI / 4);
            var milp = new FirstPassage(full, Widths, arch, grayMax: 0, TimeSpan.FromSeconds(2)).Solve(Eps);
            var gray = new FirstPassage(full, Widths, arch, grayMax: 20, TimeSpan.FromSeconds(2)).Solve(Eps);
            for (int e = 0; e < Eps.Length; e++)
            {
                int truth = TruePassage(full, arch, Eps[e]);
                foreach (var b in new[] { milp[e], gray[e] })
                {
                    Assert.True(b.Lower <= truth, $"seed {seed} ε {Eps[e]}: certified lower end {b.Lower} above the true passage {truth}");
                    if (b.Upper > 0) Assert.True(b.Upper >= truth && b.Upper >= b.Lower, $"seed {seed} ε {Eps[e]}: verified width {b.Upper} below the true passage {truth}");
                }
                // the MILP decides every instance here, so its bracket is as tight as the grid allows: Upper is the true passage
                if (truth != int.MaxValue) Assert.Equal(truth, milp[e].Upper);
                else Assert.Equal(-1, milp[e].Upper);
            }
        }
    }

    [Fact]
    public void Block_network_units_carry_the_constructions_coordinates()
    {
        var path = TheoryFixtures.Key(3, "block-net");
        var p = BlockNetwork.Circle(path, 10, 0);
        for (int i = 0; i < 10; i++)
        {
            int block = i % 2, k = i / 2;
            var (alpha, w) = BlockConstruction.Unit(path, block, k);
            double norm = Math.Abs(p.C[i] / alpha);   // ‖w‖
            double coordinate = norm * (block == 0 ? Math.Cos(p.Psi[i]) : Math.Sin(p.Psi[i]));
            Assert.Equal(w, coordinate, 1e-12);
        }
        Assert.Throws<ArgumentException>(() => BlockNetwork.Circle(path, 5, 0));
    }

    [Fact]
    public void Gap_model_b_rule_confirms_a_growing_ratio_and_not_a_flat_one()
    {
        var claim = new GapModelBClaim();
        var spec = claim.PresetFor(Scale.Quick) with { ExactTrials = 30 };
        for (ulong s = 0; s < 3; s++)
        {
            Assert.Equal(Verdict.Confirmed, NvwVerdictRuleTests.OnSynthetic(claim, spec, holds: true, s, "gap-b-rule-test").Verdict);
            var flat = NvwVerdictRuleTests.OnSynthetic(claim, spec, holds: false, s, "gap-b-rule-test");
            Assert.NotEqual(Verdict.Confirmed, flat.Verdict);
            Assert.True(flat.Metrics["np_passage_exponent"] < 0.6, flat.Reason);
        }
    }

    [Fact]
    public void Gap_model_b_small_run_shares_the_construction_with_wp_construction_and_draws_its_figure()
    {
        var spec = new GapModelBSpec { Trials = 4, ExactTrials = 3, NpWidths = [4, 8, 12, 16, 24], WpMaxUnits = 24, InverseEpsilons = [2, 3, 4, 6] };
        var claim = new GapModelBClaim();
        var (o, dir) = ClaimHarness.Run(claim, spec);
        Assert.True(File.Exists(Path.Combine(dir, "gap-model-b.png")), string.Join(",", Directory.GetFiles(dir)));
        var ctx = new TrialContext(7, claim.Id, 1, PruneTheory.Gpu.ComputeBackend.Cpu, 1, default);
        var t = claim.RunTrial(spec, ctx);
        var wp = new WpConstructionClaim().RunTrial(new WpConstructionSpec { Dims = [2], MinUnits = 8, MaxUnits = 24, Step = 2 },
            new TrialContext(7, "wp-construction", 1, PruneTheory.Gpu.ComputeBackend.Cpu, 1, default));
        // the same network and target as wp-construction's d = 2 paths: its first running minimum is the construction at n = 8
        var path = WpConstructionClaim.PathKey(ctx).FoldIn(2UL);
        double at8 = BlockConstruction.Build(path, WpConstructionClaim.TargetFor("flat", 2, path), 8).Error;
        Assert.Equal(at8, wp.Errors[0][0]);
        Assert.True(t.Wp[7] <= at8);
        Assert.All(t.Np, b => Assert.True(b.Upper < 0 || b.Upper >= b.Lower));
        Assert.Contains("gap-model-b", o.Figures);
    }
}
