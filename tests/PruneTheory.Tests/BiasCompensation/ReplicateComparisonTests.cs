using PruneTheory.Experiments;
using PruneTheory.ProofsSim.Claims.BiasCompensation;
using Xunit;

namespace PruneTheory.Tests.BiasCompensation;

/// <summary>The bias-compensation verdict rule on hand-made replicates (one value per trained network).</summary>
public sealed class ReplicateComparisonTests
{
    private static MethodCurve Curve(string m, double loss, double acc, double rel = double.NaN) =>
        new(m, [loss], [0], [acc], [rel], [0], [0], [0]);

    /// <summary>Replicates where EC's loss is lower by gains[i] and its accuracy higher by accGains[i].</summary>
    private static List<MethodCurve[]> Reps(double[] gains, double[] accGains, double ecAcc = 0.9) =>
        gains.Select((g, i) => new[] { Curve("EC", 1.0 + 0.1 * i, ecAcc), Curve("Magnitude", 1.0 + 0.1 * i + g, ecAcc - accGains[i]) }).ToList();

    private static ComparisonResult Result(List<MethodCurve[]> reps, double? constant = null) =>
        ReplicateComparison.EcVersus("g", reps, "Magnitude", 0, 0.9, Metric.Accuracy, constant is { } c ? [c] : null).Result;

    [Fact]
    public void BothMetricsStablyInEcsFavourIsAWin() =>
        Assert.Equal(ComparisonResult.Favours, Result(Reps([0.30, 0.32, 0.29], [0.03, 0.031, 0.029])));

    [Fact]
    public void LowerLossButLowerAccuracyIsAgainstEc() =>
        Assert.Equal(ComparisonResult.Against, Result(Reps([0.30, 0.32, 0.29], [-0.04, -0.045, -0.041])));

    [Fact]
    public void OneNetworkCarryingTheEffectIsUnresolved()
    {
        // pooled mean loss gain > 0, but leaving out the third network moves it below 0
        Assert.Equal(ComparisonResult.Unresolved, Result(Reps([-0.01, -0.02, 0.9], [0.03, 0.031, 0.029])));
    }

    [Fact]
    public void OneNetworkIsNeverEnough() =>
        Assert.Equal(ComparisonResult.Unresolved, Result(Reps([0.3], [0.03])));

    [Fact]
    public void CellsWhereBothAreNoBetterThanAConstantCountForNeitherSide()
    {
        var reps = Reps([0.30, 0.32, 0.29], [-0.04, -0.045, -0.041], ecAcc: 0.10);
        Assert.Equal(ComparisonResult.NotCounted, Result(reps, constant: 0.2));   // EC 10 %, rival 14 %: both ≤ 20 %
        Assert.Equal(ComparisonResult.Against, Result(Reps([0.30, 0.32, 0.29], [-0.04, -0.045, -0.041], ecAcc: 0.5), constant: 0.11));
    }

    [Fact]
    public void RegressionJudgesRelativeL2()
    {
        var reps = new[] { 0.0, 1, 2 }.Select(i => new[] { Curve("EC", 1 + i, double.NaN, 0.2 + 0.01 * i), Curve("Random", 1.5 + i, double.NaN, 0.1 + 0.01 * i) }).ToList();
        // lower loss but higher relative L2 is impossible on one test set; planted here only to see the rule read relative L2
        Assert.Equal(ComparisonResult.Against, ReplicateComparison.EcVersus("g", reps, "Random", 0, 0.9, Metric.RelativeL2, null).Result);
        Assert.Equal(ComparisonResult.NotCounted, ReplicateComparison.EcVersus("g", reps, "Random", 0, 0.9, Metric.RelativeL2, [0.05]).Result);
    }

    [Fact]
    public void VerdictNeedsEveryCountedComparison()
    {
        var win = ReplicateComparison.EcVersus("g", Reps([0.30, 0.32, 0.29], [0.03, 0.031, 0.029]), "Magnitude", 0, 0.9, Metric.Accuracy, null);
        var open = ReplicateComparison.EcVersus("g", Reps([-0.01, -0.02, 0.9], [0.03, 0.031, 0.029]), "Magnitude", 0, 0.9, Metric.Accuracy, null);
        var lost = ReplicateComparison.EcVersus("g", Reps([0.30, 0.32, 0.29], [-0.04, -0.045, -0.041]), "Magnitude", 0, 0.9, Metric.Accuracy, null);
        Assert.Equal(Verdict.Confirmed, ReplicateComparison.Verdict([win, win], "t").Verdict);
        Assert.Equal(Verdict.Inconclusive, ReplicateComparison.Verdict([win, open], "t").Verdict);
        Assert.Equal(Verdict.Contradicted, ReplicateComparison.Verdict([win, open, lost], "t").Verdict);
        Assert.Equal(Verdict.Inconclusive, ReplicateComparison.Verdict([], "t").Verdict);
    }

    [Theory]
    [InlineData(typeof(BiasCompTrial))]
    [InlineData(typeof(BiasCompDiffSorpTrial))]
    [InlineData(typeof(BiasCompConvTrial))]
    [InlineData(typeof(BiasCompSyntheticTrial))]
    [InlineData(typeof(MethodCurve))]
    public void TrialRowsHoldNoTimings(Type record) =>
        Assert.DoesNotContain(record.GetProperties(), p => p.Name.Contains("Second", StringComparison.OrdinalIgnoreCase) || p.Name.Contains("Time", StringComparison.Ordinal));
}
