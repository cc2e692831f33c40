using BenchmarkDotNet.Attributes;
using PruneTheory.Pdes;

namespace PruneTheory.Bench.Pdes;

/// <summary>One diffusion–sorption sample at the spec's resolution (1024 cells, h = 0.5 s, 101 snapshots); target &lt; 0.2 s.</summary>
[MemoryDiagnoser]
public class DiffusionSorptionBench
{
    private readonly DiffusionSorptionSolver _solver = new(new DiffusionSorptionSettings());

    [Params(0.0, 0.1)]
    public double InitialValue { get; set; }

    [Benchmark]
    public double OneSample() => _solver.Solve(InitialValue)[^512];
}
