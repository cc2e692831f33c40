using BenchmarkDotNet.Attributes;
using PruneTheory.Networks;
using PruneTheory.Random;

namespace PruneTheory.Bench.Networks;

/// <summary>
/// One training epoch of LeNet-300-100 over 60,000 synthetic 784-pixel samples, batch 128,
/// SGD lr 0.01 momentum 0.9 (the target: ≤ 3 s on 2 cores; PyTorch 1.13 CPU ≈ 14 s).
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class LeNetEpochBenchmark
{
    private LabeledData? _data;

    [GlobalSetup]
    public void Setup() => _data = TrainingBench.SyntheticImages(60_000, RngKey.FromSeed(0).FoldIn("lenet-epoch-bench").FoldIn("data"));

    [Benchmark]
    public double Epoch60k() => TrainingBench.LeNetEpoch(data: _data).FinalLoss;
}
