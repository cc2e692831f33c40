using BenchmarkDotNet.Attributes;
using PruneTheory.Random;
using PruneTheory.Theory.Relu2D;
using PruneTheory.Theory.Selection;
using PruneTheory.Theory.SubsetSum;

namespace PruneTheory.Bench.Theory;

/// <summary>
/// P4 Gray-code search: subset·grid-point updates per second = 2^N·M / time (M = 512 + kink angles, padded).
/// Issue target ≥ 1e10/s on 2 cores (N = 24: 2^24·560 ≈ 9.4e9 updates in about a second).
/// </summary>
[SimpleJob(warmupCount: 1, iterationCount: 3, invocationCount: 1)]
public class GrayCodeBenchmarks
{
    private QuantizedGrid _grid = null!;
    [Params(20, 24)] public int N { get; set; }

    [GlobalSetup]
    public void Setup() => _grid = new QuantizedGrid(NestedNetwork.Sample(RngKey.FromSeed(1), N, 2).Circle(0.3), 512);

    /// <summary>Updates performed per call: divide by the measured time for updates/s.</summary>
    public long Updates => (1L << N) * _grid.M;

    [Benchmark] public int Search() => GrayCodeSearch.Search(_grid, 64).Threshold;
}

/// <summary>P7: exact cover error at n = 24 (target &lt; 3 s) and single-target meet-in-the-middle at n = 40 (target &lt; 1 s).</summary>
[SimpleJob(warmupCount: 1, iterationCount: 3, invocationCount: 1)]
public class SubsetSumBenchmarks
{
    private double[] _x24 = null!, _x40 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _x24 = RssSamples.Draw(RngKey.FromSeed(2), 24, RssDistribution.Uniform);
        _x40 = RssSamples.Draw(RngKey.FromSeed(3), 40, RssDistribution.GaussianProduct);
    }

    [Benchmark] public double ExactCover24() => SubsetSumError.Cover(_x24);
    [Benchmark] public double MeetInTheMiddle40() => SubsetSumError.SingleTarget(_x40, 0.3).Error;
}
