using FsCheck.Xunit;
using PruneTheory.Theory.Construction;
using PruneTheory.Theory.Relu2D;
using Xunit;

namespace PruneTheory.Tests.Theory;

/// <summary>Model-A weight pruning for w* = e₁ (gap-figure's weight side): the subset-sum error is the exact sup error of the masked network.</summary>
public class AxisTargetConstructionTests
{
    [Property(MaxTest = 20)]
    public void Subset_sum_error_is_the_exact_masked_network_error_and_optimal_over_x1_masks(int seed)
    {
        int n = 2 + (int)((uint)seed % 18);
        var net = NestedNetwork.Sample(TheoryFixtures.Key(seed, "axis"), n, 2);
        var (err, kept) = AxisTargetConstruction.Solve(net, n);
        // exact verifier on the 3-option masked problem, x₁-only options of the kept units
        var (problem, _) = MaskedUnits.Options(net, n, 0);
        double exact = new ArcVerifier(problem).Evaluate(AxisTargetConstruction.AsMaskedSubset(n, kept)).Value;
        Assert.Equal(err, exact, 1e-9);
        // brute force over subsets of the positive-w₁ units (the construction's search space)
        var (values, _) = AxisTargetConstruction.Values(net, n);
        double best = 1;
        for (ulong m = 0; m < 1UL << values.Length; m++)
        {
            double sum = 0;
            for (int i = 0; i < values.Length; i++) if ((m >> i & 1) == 1) sum += values[i];
            best = Math.Min(best, Math.Abs(1 - sum));
        }
        Assert.Equal(best, err, 1e-12);
    }

    [Property(MaxTest = 10)]
    public void Error_path_is_nested_and_equals_the_solve_at_every_width(int seed)
    {
        var net = NestedNetwork.Sample(TheoryFixtures.Key(seed, "axis-path"), 24, 2);
        var path = AxisTargetConstruction.ErrorPath(net);
        for (int n = 1; n <= 24; n++)
        {
            Assert.Equal(AxisTargetConstruction.Solve(net, n).Error, path[n - 1], 1e-12);
            if (n > 1) Assert.True(path[n - 1] <= path[n - 2]);
        }
        // with a floor the path stops improving once below it, and stays an upper bound
        var floored = AxisTargetConstruction.ErrorPath(net, 0.05);
        for (int n = 0; n < 24; n++) Assert.True(floored[n] >= path[n] - 1e-15 && (path[n] > 0.05 || floored[n] <= 0.05));
    }
}
