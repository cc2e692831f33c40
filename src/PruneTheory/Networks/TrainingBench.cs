using System.Diagnostics;
using PruneTheory.Random;

namespace PruneTheory.Networks;

/// <summary>Result of one timed LeNet-300-100 epoch.</summary>
public sealed record EpochBenchResult(int Samples, int BatchSize, double Seconds, double FinalLoss)
{
    public double SamplesPerSecond => Samples / Seconds;
}

/// <summary>
/// Plain stopwatch timing of one LeNet-300-100 training epoch (SGD momentum 0.9, lr 0.01) on
/// synthetic Fashion-MNIST-shaped data, for the CLI's quick `bench` table; BenchmarkDotNet
/// classes in bench/ give the careful numbers. One warm-up step precedes the timed epoch.
/// </summary>
public static class TrainingBench
{
    public static LabeledData SyntheticImages(int samples, RngKey key)
    {
        if (samples <= 0) throw new ArgumentException($"need a positive sample count, got {samples}");
        var x = new Tensor(samples, 784);
        var labels = new int[samples];
        var rng = key.Stream();
        for (int i = 0; i < samples; i++)
        {
            labels[i] = rng.NextInt(10);
            for (int p = 0; p < 784; p++)   // class-dependent stripes plus noise, in the normalised range [-1, 1]
                x.Data[i * 784 + p] = (float)Math.Clamp((p / 28 % 10 == labels[i] ? 0.6 : -0.6) + 0.3 * rng.NextGaussian(), -1, 1);
        }
        return new LabeledData(x, labels);
    }

    public static EpochBenchResult LeNetEpoch(int samples = 60_000, int batchSize = 128, LabeledData? data = null)
    {
        var key = RngKey.FromSeed(0).FoldIn("lenet-epoch-bench");
        data ??= SyntheticImages(samples, key.FoldIn("data"));
        var model = Models.LeNet300100(key.FoldIn("init"));
        var opt = new Sgd(model.Parameters, 0.01, momentum: 0.9);
        Trainer.Fit(model, data.Slice(0, Math.Min(batchSize, data.Count)), opt, LossKind.CrossEntropy, new TrainOptions(1, batchSize), key);
        var sw = Stopwatch.StartNew();
        var stats = Trainer.Fit(model, data, opt, LossKind.CrossEntropy, new TrainOptions(1, batchSize), key);
        return new EpochBenchResult(data.Count, batchSize, sw.Elapsed.TotalSeconds, stats[0].MeanLoss);
    }
}
