using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PruneTheory.Random;
using PruneTheory.Sparse;
using Xunit;

namespace PruneTheory.Tests.Sparse;

public class AihtTests
{
    private static readonly RngKey Root = RngKey.FromSeed(11).FoldIn("aiht-tests");

    [Theory]
    [InlineData(1, 1, 0)]
    [InlineData(1, 5, 1)]
    [InlineData(1, 20, 2)]
    [InlineData(2, 1, 0)]
    public void RecoversPlantedNetworksInsideTheSuccessRegion(int m, int s, int seed)
    {
        var inst = PlantedInstance.Generate(Root, seed, 1000, 20, m, s);
        Assert.False(inst.AllZeroLabels);
        var res = Aiht.Solve(inst.Operator(), inst.Labels, new AihtOptions { Sparsity = s, Steps = 15 });
        Assert.False(res.Diverged, res.DivergenceReason);
        Assert.True(res.FinalPsnr >= RecoveryMetrics.SuccessPsnrDb, $"PSNR {res.FinalPsnr:F1} dB");
        Assert.True(res.FinalRelErr <= 1e-3);
    }

    [Fact]
    public void StepZeroSelectsTopSOfAdjointLabels()
    {
        var inst = PlantedInstance.Generate(Root, 0, 300, 8, 6, 7);
        var op = inst.Operator();
        var aty = new double[op.Cols];
        op.ApplyAdjoint(inst.Labels, aty);
        var expected = TopSelector.HardThreshold(aty, 7).Indices;
        var res = Aiht.Solve(inst.Operator(), inst.Labels, new AihtOptions { Sparsity = 7, Steps = 1, InnerSteps = 0 });
        Assert.Equal(expected, res.Weights.Indices);
        Assert.All(res.Weights.Values, v => Assert.True(Math.Abs(v) < 1e-10)); // μ = 1e-14: selection only
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(0)]
    public void PatternUpdatesHappenIffStepPositiveAndDivisible(int k)
    {
        var inst = PlantedInstance.Generate(Root, 1, 200, 5, 4, 6);
        var res = Aiht.Solve(inst.Operator(), inst.Labels, new AihtOptions { Sparsity = 6, Steps = 12, PatternPeriod = k });
        Assert.Equal(12, res.Trace.Count);
        foreach (var st in res.Trace)
            Assert.Equal(k > 0 && st.Step > 0 && st.Step % k == 0, st.PatternUpdated);
    }

    [Fact]
    public void DeadNeuronsNeverRevive()
    {
        var inst = PlantedInstance.Generate(Root, 2, 400, 10, 8, 12);
        // Run step by step through the public solver: after the first update (end of step 1) the set of
        // blocks holding a nonzero weight can only shrink.
        HashSet<int>? alive = null;
        for (int steps = 2; steps <= 10; steps++)
        {
            var res = Aiht.Solve(inst.Operator(), inst.Labels, new AihtOptions { Sparsity = 12, Steps = steps });
            var blocks = res.Weights.Indices.Where((c, t) => res.Weights.Values[t] != 0).Select(c => c / 10).ToHashSet();
            if (alive is not null) Assert.Subset(alive, blocks);
            alive = blocks;
        }
        Assert.NotNull(alive);
    }

    [Property(MaxTest = 20)]
    public Property AccelerationNeverIncreasesTheLoss(NonNegativeInt seedRaw, PositiveInt kRaw)
    {
        ulong seed = (ulong)seedRaw.Get;
        int n = 30, k = 1 + kRaw.Get % 8;
        var rng = RngKey.FromSeed(seed).FoldIn("accel").Stream();
        var data = new double[n * k]; rng.FillGaussian(data);
        var a = new ColumnMatrix(n, k, data);
        var y = new double[n]; rng.FillGaussian(y);
        var w0 = new double[k]; rng.FillGaussian(w0);
        var ax = new double[n]; var r = new double[n];
        a.Apply(w0, ax);
        double f0 = ax.Zip(y).Sum(p => (p.First - p.Second) * (p.First - p.Second));
        double mu = Math.Exp(rng.NextUniform(-8, 4));
        var (values, loss, _, muEnd) = Aiht.Accelerate(a, y, w0, mu, new AihtOptions { Sparsity = k }, new double[k], new double[k], new double[k], ax, r);
        a.Apply(values, ax);
        double fCheck = ax.Zip(y).Sum(p => (p.First - p.Second) * (p.First - p.Second));
        return (loss <= f0 && muEnd <= mu && Math.Abs(fCheck - loss) <= 1e-9 * (1 + f0)).Label($"f0={f0} f={loss} mu {mu}->{muEnd}");
    }

    [Fact]
    public void FailedLineSearchRestoresWTilde()
    {
        var a = new ColumnMatrix(3, 1, [1.0, 0, 0]);
        double[] y = [1, 0, 0], w0 = [0.5];
        // μ = 1e6 overshoots; one try only, so the search gives up and must restore w̃.
        var (values, loss, failed, _) = Aiht.Accelerate(a, y, w0, 1e6, new AihtOptions { Sparsity = 1, InnerSteps = 1, LineSearchTries = 1 },
            new double[1], new double[1], new double[1], new double[3], new double[3]);
        Assert.True(failed);
        Assert.Equal(0.5, values[0]);
        Assert.Equal(0.25, loss);
    }

    [Fact]
    public void DivergenceIsReportedNotHidden()
    {
        var x = DesignMatrix.FromRowMajor(4, 2, [1e200, 1, -1e200, 2, 3e200, -1, 1e200, 1e200]);
        var op = new GatedReluOperator(x, 3, new GateSet(RngKey.FromSeed(1), 2));
        var res = Aiht.Solve(op, [1, 2, 3, 4], new AihtOptions { Sparsity = 2, Steps = 5 });
        Assert.True(res.Diverged);
        Assert.False(string.IsNullOrEmpty(res.DivergenceReason));
    }

    [Fact]
    public void SolveIsBitIdenticalForAnyThreadCount()
    {
        var inst = PlantedInstance.Generate(Root, 0, 600, 10, 20, 15);
        AihtResult Run(int threads)
        {
            var op = inst.Operator();
            op.Parallelism = new ParallelOptions { MaxDegreeOfParallelism = threads };
            return Aiht.Solve(op, inst.Labels, new AihtOptions { Sparsity = 15, Steps = 6 });
        }
        var a = Run(1); var b = Run(2);
        Assert.Equal(a.Weights.Indices, b.Weights.Indices);
        Assert.Equal(a.Weights.Values, b.Weights.Values);
        Assert.Equal(a.Trace.Select(t => t.Loss), b.Trace.Select(t => t.Loss));
    }

    [Fact]
    public void WorkingMemoryDoesNotDependOnWidth()
    {
        IhtMemory Mem(int m)
        {
            var inst = PlantedInstance.Generate(Root, 0, 200, 20, m, 10);
            return Aiht.Solve(inst.Operator(), inst.Labels, new AihtOptions { Sparsity = 10, Steps = 1 }).Memory;
        }
        Assert.Equal(Mem(10), Mem(10_000));
    }
}
