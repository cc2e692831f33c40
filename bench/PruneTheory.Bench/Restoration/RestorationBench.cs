using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using PruneTheory.Random;
using PruneTheory.Restoration;

namespace PruneTheory.Bench.Restoration;

/// <summary>Delivery-matrix cost on LeNet-300-100's ip1 shape (300×785) and a 64-filter conv+BN layer (d = 288).</summary>
[MemoryDiagnoser]
public class RestorationBench
{
    private PrunableLayer _fc = null!, _conv = null!;

    [GlobalSetup]
    public void Setup()
    {
        var r = RngKey.FromSeed(1).FoldIn("bench").Stream();
        Matrix<double> G(int n, int d) => Matrix<double>.Build.Dense(n, d, (_, _) => r.NextGaussian());
        double[] U(int n, double lo, double hi) => Enumerable.Range(0, n).Select(_ => r.NextUniform(lo, hi)).ToArray();
        _fc = new PrunableLayer("ip1", G(300, 784), U(300, -1, 1));
        _conv = new PrunableLayer("conv", G(64, 288), null, new BatchNormParams(U(64, 0.5, 2), U(64, -1, 1), U(64, -1, 1), U(64, 0.5, 2)));
    }

    [Params(0.5, 0.8)] public double Ratio { get; set; }

    [Benchmark] public LayerRestoration LbylFc() => Restorer.Restore(_fc, RestoreMethod.Lbyl, PruningCriterion.L2Norm, Ratio, new RestoreOptions { Lambda2 = 0.3 });
    [Benchmark] public LayerRestoration NmFc() => Restorer.Restore(_fc, RestoreMethod.NeuronMerging, PruningCriterion.L2Norm, Ratio, new RestoreOptions());
    [Benchmark] public LayerRestoration LbylConvBn() => Restorer.Restore(_conv, RestoreMethod.Lbyl, PruningCriterion.L2Norm, Ratio, new RestoreOptions { Lambda1 = 1e-4, Lambda2 = 1e-2 });
    [Benchmark] public LayerRestoration GmCriterion() => Restorer.Restore(_fc, RestoreMethod.Prune, PruningCriterion.L2GeometricMedian, Ratio, new RestoreOptions());
}
