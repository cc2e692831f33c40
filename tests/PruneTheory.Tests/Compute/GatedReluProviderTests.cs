using PruneTheory.Gpu;
using PruneTheory.Sparse;
using Xunit;
using static PruneTheory.Tests.Sparse.OperatorFixtures;

namespace PruneTheory.Tests.Compute;

/// <summary>The gated-ReLU products and the streamed top-s step: ILGPU (CPU accelerator) equals SIMD bit for bit.</summary>
public class GatedReluProviderTests(IlgpuFixture fx) : IClassFixture<IlgpuFixture>
{
    private GatedReluOperator Op(int n, int d, int m, ulong seed, bool explicitGates, ComputeBackend provider)
    {
        var op = RandomOperator(n, d, m, seed);
        op.Provider = provider;
        if (explicitGates) op.Gates.SetFrom(SparseWeights.FromDense(Vector(seed, op.Cols, "h").Select((v, c) => c % 3 == 0 ? 0 : v).ToArray()));
        return op;
    }

    [Theory]
    [InlineData(45, 3, 5, 1UL, false)]  // n not a multiple of 32: lane tail
    [InlineData(64, 4, 17, 2UL, true)]  // more blocks than chunks, explicit gates
    [InlineData(7, 2, 3, 3UL, false)]   // n below one lane row
    public void Products_are_bit_identical(int n, int d, int m, ulong seed, bool explicitGates)
    {
        var cpu = Op(n, d, m, seed, explicitGates, ComputeBackend.Cpu);
        var dev = Op(n, d, m, seed, explicitGates, fx.Provider);
        var w = Vector(seed, cpu.Cols, "w").Select((v, c) => c % 4 == 1 ? 0 : v).ToArray();
        var r = Vector(seed, n, "r");
        double[] y1 = new double[n], y2 = new double[n], g1 = new double[cpu.Cols], g2 = new double[cpu.Cols];
        cpu.Apply(w, y1); dev.Apply(w, y2);
        cpu.ApplyAdjoint(r, g1); dev.ApplyAdjoint(r, g2);
        Assert.Equal(y1, y2);
        Assert.Equal(g1, g2);
        Assert.Contains(g1, v => v != 0);
        // and both agree with the definition of A (the fixed summation order changes no value beyond rounding)
        var a = Dense(cpu);
        for (int c = 0; c < cpu.Cols; c++)
        {
            double s = 0;
            for (int row = 0; row < n; row++) s += a[row, c] * r[row];
            Assert.True(Math.Abs(s - g1[c]) <= 1e-12 * (1 + Math.Abs(s)), $"column {c}: {s} vs {g1[c]}");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Streamed_threshold_step_keeps_the_same_weights(bool official)
    {
        var rule = official ? TopRule.Official : TopRule.Legacy;
        var cpu = Op(50, 3, 6, 5, false, ComputeBackend.Cpu);
        var dev = Op(50, 3, 6, 5, false, fx.Provider);
        var w = TopSelector.HardThreshold(Vector(5, cpu.Cols, "w"), 4);
        var r = Vector(5, 50, "r");
        foreach (int s in new[] { 1, 5, 40 }) // 40 > m·d: every candidate
        {
            TopSelector Run(GatedReluOperator op)
            {
                var chunks = Enumerable.Range(0, GatedReluOperator.ChunkCount).Select(_ => new TopSelector(s, rule)).ToArray();
                var result = new TopSelector(s, rule);
                op.StreamedThresholdStep(w, r, 0.3, chunks, result);
                return result;
            }
            var a = Run(cpu).ToSparse(cpu.Cols); var b = Run(dev).ToSparse(cpu.Cols);
            Assert.Equal(a.Indices, b.Indices);
            Assert.Equal(a.Values, b.Values);
        }
    }

    [Fact]
    public void Aiht_runs_identically_on_both_providers()
    {
        var inst = PlantedInstance.Generate(PruneTheory.Random.RngKey.FromSeed(9), 1, 80, 4, 3, 5);
        AihtResult Solve(ComputeBackend p) { var op = inst.Operator(); op.Provider = p; return Aiht.Solve(op, inst.Labels, new AihtOptions { Sparsity = 5, Steps = 6, PatternPeriod = 2 }); }
        var a = Solve(ComputeBackend.Cpu); var b = Solve(fx.Provider);
        Assert.Equal(a.Weights.Indices, b.Weights.Indices);
        Assert.Equal(a.Weights.Values, b.Weights.Values);
        Assert.Equal(a.Trace.Select(t => t.Loss), b.Trace.Select(t => t.Loss));
    }
}
