using BenchmarkDotNet.Attributes;
using PruneTheory.Gpu;
using PruneTheory.Random;
using PruneTheory.Theory.Breakpoints;

namespace PruneTheory.Bench.Random;

/// <summary>Throughput of the counter-based generator and of the breakpoint-cauchy trial kernel.</summary>
[MemoryDiagnoser]
public class PhiloxBenchmarks
{
    private readonly RngKey _key = RngKey.FromSeed(1);

    [Benchmark(OperationsPerInvoke = 1 << 20, Description = "Philox4x32-10 block")]
    public uint Blocks()
    {
        uint acc = 0;
        for (ulong i = 0; i < 1 << 20; i++) acc ^= Philox4x32.Block(_key, i).X;
        return acc;
    }

    [Benchmark(OperationsPerInvoke = 1 << 20, Description = "breakpoint sample, 27 windows, 2 threads")]
    public long[] Breakpoints() =>
        BreakpointHits.Count(_key, 1 << 20, Enumerable.Repeat(0.5, 27).ToArray(), Enumerable.Repeat(0.2, 27).ToArray(), ComputeBackend.Cpu, 2);
}
