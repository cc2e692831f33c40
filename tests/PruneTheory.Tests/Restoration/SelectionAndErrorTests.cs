using MathNet.Numerics.LinearAlgebra;
using PruneTheory.Restoration;
using Xunit;
using static PruneTheory.Tests.Restoration.TinyNets;

namespace PruneTheory.Tests.Restoration;

/// <summary>Kept counts, criteria, conditioning and bad inputs (spec §3.1, §3.2, §7 numerics).</summary>
public class SelectionAndErrorTests
{
    [Theory]
    [InlineData(0.5, 150, 50)] [InlineData(0.6, 120, 40)] [InlineData(0.7, 90, 30)] [InlineData(0.8, 60, 20)]
    public void LeNet_kept_counts_round_half_to_even(double r, int m1, int m2)
    {
        Assert.Equal(m1, KeepCount.Kept(300, r, KeepCountRule.Round));
        Assert.Equal(m2, KeepCount.Kept(100, r, KeepCountRule.Round));
    }

    [Fact]
    public void Vgg_kept_counts_floor_and_rules_differ()
    {
        int[] widths = [64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512];
        Assert.Equal([57, 57, 115, 115, 230, 230, 230, 460, 460, 460, 460, 460, 460], widths.Select(n => KeepCount.Kept(n, 0.1, KeepCountRule.Floor)));
        Assert.Equal(59, KeepCount.Kept(300, 0.8, KeepCountRule.Floor)); // 300·0.2 = 59.999… in IEEE double
        Assert.Equal(2, KeepCount.Kept(5, 0.5, KeepCountRule.Round));  // 2.5 → 2 (half to even)
        Assert.Throws<ArgumentException>(() => KeepCount.Kept(10, 1.0, KeepCountRule.Round));
        Assert.Throws<ArgumentException>(() => KeepCount.Kept(10, double.NaN, KeepCountRule.Round));
    }

    [Fact]
    public void Criteria_scores_and_ties_toward_lower_index()
    {
        var v = Matrix<double>.Build.DenseOfArray(new double[,] { { 3, 4 }, { -1, 0 }, { 0, 5 }, { 1, 1 } });
        Assert.Equal([7, 1, 5, 2], Criteria.Scores(v, PruningCriterion.L1Norm));
        Assert.Equal([5, 1, 5, Math.Sqrt(2)], Criteria.Scores(v, PruningCriterion.L2Norm));
        double d01 = Math.Sqrt(32), d02 = Math.Sqrt(10), d03 = Math.Sqrt(13), d12 = Math.Sqrt(26), d13 = Math.Sqrt(5), d23 = Math.Sqrt(17);
        var gm = Criteria.Scores(v, PruningCriterion.L2GeometricMedian);
        Assert.Equal(d01 + d02 + d03, gm[0], 12); Assert.Equal(d01 + d12 + d13, gm[1], 12); Assert.Equal(d03 + d13 + d23, gm[3], 12);
        var warnings = new List<string>();
        Assert.Equal([0], Criteria.SelectKept([5, 1, 5, 2], 1, warnings, "x"));
        Assert.Single(warnings);
        Assert.Equal([0, 2], Criteria.SelectKept([5, 1, 5, 2], 2, warnings, "x"));
        Assert.Single(warnings); // no tie at this boundary
    }

    [Fact]
    public void Singular_gram_throws_and_svd_fallback_is_finite()
    {
        var r = Rng(5, "singular");
        // 3×3 grayscale filters: d = 9 < m = 12, so XᵀX is singular (spec §5.3).
        var layer = new PrunableLayer("conv1", Gaussian(r, 16, 9), null, RandomBn(r, 16));
        var ex = Assert.Throws<GramNotPositiveDefiniteException>(() =>
            Restorer.Restore(layer, RestoreMethod.Lbyl, PruningCriterion.L2Norm, 0.25, new RestoreOptions { Mode = RestoreMode.Corrected, Lambda1 = 0, Lambda2 = 0 }));
        Assert.Equal((12, 9, "conv1"), (ex.Kept, ex.Dimension, ex.Layer));
        var fallback = Restorer.Restore(layer, RestoreMethod.Lbyl, PruningCriterion.L2Norm, 0.25,
            new RestoreOptions { Mode = RestoreMode.Corrected, Lambda2 = 0, Fallback = SolverFallback.Svd });
        Assert.True(fallback.Z.Enumerate().All(double.IsFinite));
        // CodeExact with λ1‖t‖² > 0 is SPD even with λ2 = 0; λ2 > 0 always is.
        Restorer.Restore(layer, RestoreMethod.Lbyl, PruningCriterion.L2Norm, 0.25, new RestoreOptions { Lambda1 = 1e-3, Lambda2 = 0, CrossCheckQr = true });
        Restorer.Restore(layer, RestoreMethod.Lbyl, PruningCriterion.L2Norm, 0.25, new RestoreOptions { Mode = RestoreMode.Corrected, Lambda2 = 1e-2, CrossCheckQr = true });
        // FC: two identical kept neurons make the centred Gram singular.
        var w = Gaussian(r, 6, 5); w.SetRow(1, w.Row(0));
        var fc = new PrunableLayer("fc", w, [0.5, 0.5, 0.1, 0.2, 0.3, 0.4]);
        Assert.Throws<GramNotPositiveDefiniteException>(() => Restorer.WithKept(fc, RestoreMethod.Lbyl, PruningCriterion.L2Norm, [0, 1, 2], new RestoreOptions { Lambda2 = 0 }.Resolve(false)));
    }

    [Fact]
    public void Ill_conditioned_gram_with_ridge_solves_and_matches_qr()
    {
        var r = Rng(6, "illcond");
        var w = Gaussian(r, 10, 20);
        for (int c = 0; c < 20; c++) w[1, c] = w[0, c] + 1e-7 * w[1, c]; // kept neurons 0 and 1 nearly collinear
        var fc = new PrunableLayer("fc", w, Uniform(r, 10, -1, 1));
        var res = Restorer.WithKept(fc, RestoreMethod.Lbyl, PruningCriterion.L2Norm, [0, 1, 2, 3, 4], new RestoreOptions { Lambda2 = 1e-3, CrossCheckQr = true }.Resolve(false));
        Assert.True(res.Z.Enumerate().All(double.IsFinite));
        var conv = new PrunableLayer("conv", w, null, RandomBn(r, 10));
        foreach (var mode in new[] { RestoreMode.CodeExact, RestoreMode.Corrected })
            Restorer.WithKept(conv, RestoreMethod.Lbyl, PruningCriterion.L2Norm, [0, 1, 2, 3, 4], new RestoreOptions { Mode = mode, Lambda1 = 1e-4, Lambda2 = 1e-3, CrossCheckQr = true }.Resolve(true));
    }

    [Fact]
    public void Bad_inputs_are_refused_with_typed_errors()
    {
        var r = Rng(7, "bad");
        var w = Gaussian(r, 4, 3);
        w[2, 1] = double.NaN;
        var nan = Assert.Throws<RestorationInputException>(() => new PrunableLayer("ip1", w, [0, 0, 0, 0]));
        Assert.Equal(("ip1", 2), (nan.Layer, nan.Neuron));
        Assert.Throws<RestorationInputException>(() => new PrunableLayer("ip1", Gaussian(r, 4, 3), [0, double.PositiveInfinity, 0, 0]));
        Assert.Throws<RestorationInputException>(() => new PrunableLayer("ip1", Gaussian(r, 4, 3), [0, 0]));
        var bn = RandomBn(r, 4); bn.Gamma[3] = 0;
        var conv = new PrunableLayer("conv", Gaussian(r, 4, 9), null, bn);
        var g0 = Assert.Throws<RestorationInputException>(() => Restorer.Restore(conv, RestoreMethod.Lbyl, PruningCriterion.L2Norm, 0.5, new RestoreOptions()));
        Assert.Contains("γ", g0.Quantity);
        var bn2 = RandomBn(r, 4); bn2.RunningVar[0] = 0; // σ = ν = 0 in CodeExact
        Assert.Throws<RestorationInputException>(() => Restorer.Restore(new PrunableLayer("c", Gaussian(r, 4, 9), null, bn2), RestoreMethod.NeuronMerging, PruningCriterion.L2Norm, 0.5, new RestoreOptions()));
        foreach (var mode in new[] { RestoreMode.CodeExact, RestoreMode.Corrected })
        {
            var bn3 = RandomBn(r, 4); bn3.RunningVar[2] = -0.25; // corrupt checkpoint: Corrected would get σ = √(ν + ε) = NaN
            var neg = Assert.Throws<RestorationInputException>(() => Restorer.Restore(new PrunableLayer("c", Gaussian(r, 4, 9), null, bn3),
                RestoreMethod.Lbyl, PruningCriterion.L2Norm, 0.5, new RestoreOptions { Mode = mode }));
            Assert.Equal(("running_var", 2), (neg.Quantity.Split(' ')[^1], neg.Neuron));
            Assert.DoesNotContain("NaN", neg.Message);
        }
        Assert.Throws<ArgumentException>(() => new RestoreOptions { NmThreshold = 2 }.Resolve(false));
        var zeroKept = Gaussian(r, 4, 3); zeroKept.ClearRow(0);
        Assert.Throws<RestorationInputException>(() => Restorer.WithKept(new PrunableLayer("c", zeroKept, null, RandomBn(r, 4)), RestoreMethod.NeuronMerging, PruningCriterion.L2Norm, [0, 1], new RestoreOptions().Resolve(true)));
        Assert.Throws<ArgumentException>(() => new RestoreOptions { Lambda2 = -1 }.Resolve(false));
        Assert.Throws<ArgumentException>(() => new RestoreOptions { NmThreshold = double.NaN }.Resolve(false));
        Assert.Throws<ArgumentException>(() => Delivery.ApplyToConsumer(Gaussian(r, 2, 5), Delivery.KeptIdentity(4, [0, 1])));
    }

    [Fact]
    public void Q6_degenerate_min_max_picks_position_zero_in_code_exact()
    {
        Assert.Equal(0, NeuronMerging.ArgminScore([0.5, 0.1, 0.3], [2, 2, 2], 0.85, degenerateIsNaN: true));
        Assert.Equal(1, NeuronMerging.ArgminScore([0.5, 0.1, 0.3], [2, 2, 2], 0.85, degenerateIsNaN: false));
    }
}
