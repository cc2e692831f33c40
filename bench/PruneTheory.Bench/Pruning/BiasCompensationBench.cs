using BenchmarkDotNet.Attributes;
using PruneTheory.Pruning.BiasCompensation;
using PruneTheory.Random;

namespace PruneTheory.Bench.Pruning;

/// <summary>EC scores (S, ΔB) for every weight of 784-300-100-10 from 10,000 calibration samples (exact, 10 backward passes); target &lt; 1 s.</summary>
[MemoryDiagnoser]
public class BiasCompensationBench
{
    private Mlp _net = null!;
    private CalibrationSet _calib = null!;

    [GlobalSetup]
    public void Setup()
    {
        int[] sizes = [784, 300, 100, 10];
        var s = RngKey.FromSeed(1).Stream();
        var w = new double[3][]; var b = new double[3][];
        for (int l = 0; l < 3; l++)
        {
            w[l] = new double[sizes[l + 1] * sizes[l]]; b[l] = new double[sizes[l + 1]];
            for (int q = 0; q < w[l].Length; q++) w[l][q] = s.NextGaussian() * Math.Sqrt(2.0 / sizes[l]);
        }
        _net = new Mlp(sizes, w, b, HiddenActivation.Relu);
        const int n = 10_000;
        var x = new double[n * 784]; var y = new double[n * 10];
        for (int q = 0; q < x.Length; q++) x[q] = s.NextDouble() < 0.8 ? 0 : s.NextDouble();
        for (int r = 0; r < n; r++) y[r * 10 + s.NextInt(10)] = 1;
        _calib = new CalibrationSet(x, y, n, 784, 10, CalibrationLoss.SoftmaxCrossEntropy);
    }

    [Benchmark]
    public double ExactScores() => CompensationStatistics.Accumulate(_net, _calib, new SensitivityOptions()).Scores().S[0][1];

    [Benchmark]
    public double LossLevelScores() => CompensationStatistics.Accumulate(_net, _calib, new SensitivityOptions(SensitivityKind.LossSquared)).Scores().S[0][1];
}
