using BenchmarkDotNet.Attributes;
using PruneTheory.Random;
using PruneTheory.Sparse;

namespace PruneTheory.Bench.Sparse;

/// <summary>
/// One IMP round on the quick planted problem (n = 2000, d = 20; spec §3.4): rewind, 15 full-batch Adam steps,
/// global magnitude pruning of 10% and evaluation. A budget of N − 1 weights makes Run stop after one round.
/// </summary>
[MemoryDiagnoser]
public class ImpRoundBench
{
    private PlantedInstance _inst = null!;

    [Params(5, 20, 50)]
    public int M { get; set; }

    [GlobalSetup]
    public void Setup() => _inst = PlantedInstance.Generate(RngKey.FromSeed(0).FoldIn("bench"), 0, 2000, 20, M, 10);

    [Benchmark]
    public int ImpRound()
    {
        int weights = (int)ImpMemoryModel.Parameters(20, M);
        var res = ImpBaseline.Run(_inst.X, _inst.Labels, RngKey.FromSeed(1), new ImpOptions { Sparsity = weights - 1, Width = M });
        return res.Rounds.Count;
    }
}
