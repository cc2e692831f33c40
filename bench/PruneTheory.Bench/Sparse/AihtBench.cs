using BenchmarkDotNet.Attributes;
using PruneTheory.Random;
using PruneTheory.Sparse;

namespace PruneTheory.Bench.Sparse;

/// <summary>
/// Time of one AIHT iteration on the quick planted problem (n = 2000, d = 20, m = 50; spec §4 E1) in the
/// steady state (gates already updated, support non-empty), and of the streamed Aᵀr + top-s pass alone.
/// MemoryDiagnoser reports the bytes each iteration allocates; the persistent working memory is in
/// <see cref="IhtMemory"/> (grows linearly in s, independent of m).
/// </summary>
[MemoryDiagnoser]
public class AihtBench
{
    private PlantedInstance _inst = null!;
    private AihtRun _run = null!;
    private GatedReluOperator _op = null!;
    private TopSelector[] _chunkSel = null!;
    private TopSelector _top = null!;
    private double[] _r = null!;

    [Params(10, 50, 200)]
    public int S { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _inst = PlantedInstance.Generate(RngKey.FromSeed(0).FoldIn("bench"), 0, 2000, 20, 50, S);
        _op = _inst.Operator();
        _op.Parallelism = new ParallelOptions { MaxDegreeOfParallelism = Threads };
        // Many steps so the benchmark can keep advancing; 3 warm steps reach the steady state.
        _run = new AihtRun(_op, _inst.Labels, new AihtOptions { Sparsity = S, Steps = int.MaxValue, DivergenceFactor = 1e300 });
        for (int t = 0; t < 3; t++) _run.Advance();
        _chunkSel = Enumerable.Range(0, GatedReluOperator.ChunkCount).Select(_ => new TopSelector(S)).ToArray();
        _top = new TopSelector(S);
        _r = (double[])_inst.Labels.Clone();
    }

    /// <summary>One full AIHT step: step size, streamed top-s, 10 accelerated steps, pattern update, PSNR.</summary>
    [Benchmark]
    public int AihtIteration()
    {
        if (_run.Finished) Setup();
        _run.Advance();
        return _run.Step;
    }

    /// <summary>Streamed H_s(w − μAᵀr) over all m blocks (never storing A).</summary>
    [Benchmark]
    public int StreamedThresholdStep()
    {
        _op.StreamedThresholdStep(_run.Weights, _r, 1e-3, _chunkSel, _top);
        return _top.Count;
    }
}
