using PruneTheory.Experiments;
using PruneTheory.ProofsSim.Claims.Iht;
using PruneTheory.Random;
using PruneTheory.Sparse;
using Xunit;

namespace PruneTheory.Tests.Sparse;

/// <summary>The planted variants of spec E1 (two hidden layers, vector output), the layer-wise and squared-loss solvers
/// and their claims on small grids.</summary>
public class PlantedVariantTests
{
    private static double Relu(double v) => v > 0 ? v : 0;

    [Fact]
    public void DeepInstanceLabelsAreTheTwoLayerNetworkComputedNaively()
    {
        int n = 60, d = 5, m = 4, s = 13;
        var inst = PlantedVariants.Deep(RngKey.FromSeed(3), 0, n, d, m, s);
        Assert.Equal(6, inst.W1.NonZeros); // ⌊13/2⌋ per layer
        Assert.Equal(6, inst.W2.NonZeros);
        double[] w1 = inst.W1.ToDense(), w2 = inst.W2.ToDense();
        for (int r = 0; r < n; r++)
        {
            var h = Enumerable.Range(0, m).Select(j => Relu(Enumerable.Range(0, d).Sum(i => inst.X[r, i] * w1[j * d + i]))).ToArray();
            double y = Enumerable.Range(0, m).Sum(j => Relu(Enumerable.Range(0, m).Sum(i => h[i] * w2[j * m + i])));
            Assert.Equal(y, inst.Labels[r], 12);
        }
    }

    [Fact]
    public void VectorInstanceTargetsAreReluXW1TimesW2()
    {
        int n = 40, d = 4, m = 3, c = 2, s = 9;
        var inst = PlantedVariants.Vector(RngKey.FromSeed(4), 1, n, d, m, c, s);
        Assert.Equal(4, inst.Truth.W1NonZeros);
        Assert.Equal(8, inst.Truth.NonZeros);
        var w = inst.Truth.Values;
        for (int r = 0; r < n; r++)
            for (int k = 0; k < c; k++)
            {
                double z = Enumerable.Range(0, m).Sum(j => Relu(Enumerable.Range(0, d).Sum(i => inst.X[r, i] * w[j * d + i])) * w[d * m + j * c + k]);
                Assert.Equal(z, inst.Targets[r * c + k], 12);
            }
    }

    [Fact]
    public void OneLayerLayerwiseFitIsPlainAiht()
    {
        var inst = PlantedInstance.Generate(RngKey.FromSeed(5), 0, 300, 6, 3, 5);
        var o = new AihtOptions { Sparsity = 5, Steps = 12 };
        var lw = LayerwiseAiht.Solve(inst.X, inst.Labels, 3, 1, 5, o, inst.GateKey);
        var direct = Aiht.Solve(inst.Operator(), inst.Labels, o);
        Assert.Equal(direct.Weights.Indices, lw.Layers[0].Weights.Indices);
        Assert.Equal(direct.FinalPsnr, lw.Psnr, 9);
    }

    [Fact]
    public void TwoLayerFitSplitsTheBudgetAndFitsTheSecondLayerOnTheHiddenFeatures()
    {
        var inst = PlantedVariants.Deep(RngKey.FromSeed(6), 0, 400, 6, 4, 16);
        var lw = LayerwiseAiht.Solve(inst.X, inst.Labels, 4, 2, 16, new AihtOptions { Sparsity = 8, Steps = 10 }, inst.GateKey);
        Assert.Equal(2, lw.Layers.Count);
        Assert.All(lw.Layers, l => Assert.True(l.Weights.Count <= 8));
        Assert.Equal(24, lw.Layers[0].Weights.Length); // d·m
        Assert.Equal(16, lw.Layers[1].Weights.Length); // m·m
        var hidden = PlantedVariants.Hidden(inst.X, lw.Layers[0].Weights, 4);
        var yHat = new double[400];
        new GatedReluOperator(hidden, 4, new GateSet(default, 4)).Predict(lw.Layers[1].Weights, yHat);
        Assert.Equal(RecoveryMetrics.Psnr(inst.Labels, yHat, RecoveryMetrics.Peak(inst.Labels)), lw.Psnr, 12);
    }

    private sealed class CountingDraws(IVectorOutputDraws inner) : IVectorOutputDraws
    {
        public int Calls;
        public GateSet RandomGates(int inputDim) => inner.RandomGates(inputDim);
        public void Reinit(int block, int layer, double bound, Span<double> values) { Interlocked.Increment(ref Calls); inner.Reinit(block, layer, bound, values); }
        public int[] Order(int epoch, int n) => inner.Order(epoch, n);
    }

    [Fact]
    public void FullBatchSquaredLossRunReinitialisesAtStepZeroOnlyAndLowersTheError()
    {
        var inst = PlantedVariants.Vector(RngKey.FromSeed(7), 0, 300, 6, 4, 3, 20);
        var draws = new CountingDraws(new KeyedVectorOutputDraws(inst.GateKey, RngKey.FromSeed(8), RngKey.FromSeed(9)));
        var losses = new List<double>();
        var o = new VectorOutputAihtOptions { Sparsity = 20, Width = 4, Classes = 3, Epochs = 30, BatchSize = 300, Loss = VectorLoss.SquaredError, StepSize = 0.05 };
        var res = VectorOutputAiht.SolveRegression(inst.X, inst.Targets, draws, o, null, (_, _, l) => losses.Add(l));
        Assert.False(res.Diverged);
        Assert.Equal(30, losses.Count);
        Assert.Equal(2 * 4, draws.Calls); // every block of both layers is dead at w = 0, and only step 0 re-draws
        Assert.True(res.Weights.NonZeros <= 20);
        Assert.True(losses[^1] < losses[1], $"loss {losses[1]} → {losses[^1]}");
    }

    [Fact]
    public void SquaredLossStepFollowsTheOfficialRule()
    {
        Assert.Equal(2, VectorOutputAihtOptions.OfficialSquaredStep(5, 2));   // 5 < 6·2^0.536 ≈ 8.7
        Assert.Equal(0.005, VectorOutputAihtOptions.OfficialSquaredStep(20, 2));
        Assert.Throws<ArgumentException>(() => VectorOutputAiht.SolveRegression(DesignMatrix.Gaussian(RngKey.FromSeed(1), 10, 2), new double[15],
            new KeyedVectorOutputDraws(RngKey.FromSeed(1), RngKey.FromSeed(2), RngKey.FromSeed(3)),
            new VectorOutputAihtOptions { Sparsity = 3, Width = 2, Classes = 2, BatchSize = 10, Loss = VectorLoss.SquaredError }));
    }

    [Fact]
    public void ImpRegressionPrunesToTheBudgetOverAllOutputs()
    {
        var inst = PlantedVariants.Vector(RngKey.FromSeed(10), 0, 200, 5, 3, 2, 8);
        var res = ImpBaseline.RunRegression(inst.X, inst.Targets, 2, RngKey.FromSeed(11), new ImpOptions { Sparsity = 8, Width = 3, EpochsPerRound = 3 });
        Assert.True(res.FinalRemaining <= 8);
        Assert.True(res.Rounds[^2].Remaining > 8);
        Assert.Equal(5 * 3 + 3 * 2 - 2, res.Rounds[0].Remaining); // d·m + m·c = 21 weights, round(0.1·21) = 2 pruned first
        Assert.All(res.Rounds, r => Assert.True(double.IsFinite(r.Score)));
    }

    [Fact]
    public void DeepAndVectorClaimsRunOnSmallGrids()
    {
        var deep = new IhtPlantedDeepSpec { N = 300, D = 6, Widths = [3, 4], Sparsities = [6, 12], Seeds = 2, Steps = 6, ImpWidths = [3], ImpEpochsPerRound = 3 };
        var (o1, t1, _) = IhtClaimTests.RunClaim(new IhtPlantedDeepClaim(), deep);
        Assert.Equal(deep.Cells().Count, t1.Count);
        Assert.DoesNotContain(t1, t => t.S / 2 > t.M * t.M);
        Assert.Contains("iht-planted-deep-psnr", o1.Figures);
        Assert.True(o1.Metrics.ContainsKey("aiht_sd_m3_s6"));
        var vec = new IhtPlantedVectorSpec { N = 200, D = 5, Outputs = 3, Widths = [2, 3], Sparsities = [6, 12], Seeds = 2, BatchSize = 100, Epochs = 3, ImpWidths = [2] };
        var (o2, t2, _) = IhtClaimTests.RunClaim(new IhtPlantedVectorClaim(), vec);
        Assert.Equal(8, t2.Count);
        Assert.All(t2, t => Assert.Equal(t.M == 2, t.ImpPsnr is not null));
        Assert.Contains("iht-planted-vector-imp-psnr", o2.Figures);
        Assert.NotEqual(Verdict.Confirmed, o2.Verdict); // 4 paired runs cannot put a Wilson bound at 0.75
    }
}
