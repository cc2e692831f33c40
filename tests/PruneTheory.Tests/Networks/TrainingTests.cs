using PruneTheory.Networks;
using PruneTheory.Numerics;
using PruneTheory.Random;
using Xunit;

namespace PruneTheory.Tests.Networks;

public class TrainingTests
{
    /// <summary>Three Gaussian blobs in 10-D with unit noise around centres 4 apart.</summary>
    internal static LabeledData Blobs(int n, ulong seed)
    {
        var rng = RngKey.FromSeed(seed).FoldIn("blobs").Stream();
        var x = new Tensor(n, 10); var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = i % 3;
            for (int j = 0; j < 10; j++) x.Data[i * 10 + j] = (float)(rng.NextGaussian() + (j == y[i] ? 4 : 0));
        }
        return new LabeledData(x, y);
    }

    /// <summary>8×8 images: class k has a bright 3×3 square in quadrant k, plus noise.</summary>
    internal static LabeledData Quadrants(int n, ulong seed)
    {
        var rng = RngKey.FromSeed(seed).FoldIn("quadrants").Stream();
        var x = new Tensor(n, 1, 8, 8); var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = i % 4;
            int r0 = y[i] / 2 * 4 + rng.NextInt(2), c0 = y[i] % 2 * 4 + rng.NextInt(2);
            for (int p = 0; p < 64; p++) x.Data[i * 64 + p] = (float)(0.3 * rng.NextGaussian());
            for (int r = 0; r < 3; r++) for (int c = 0; c < 3; c++) x.Data[i * 64 + (r0 + r) * 8 + c0 + c] += 1f;
        }
        return new LabeledData(x, y);
    }

    [Fact]
    public void MlpLearnsBlobs()
    {
        var key = RngKey.FromSeed(3);
        var model = Models.Mlp([10, 32, 3], bias: true, key.FoldIn("init"));
        var train = Blobs(600, 1); var test = Blobs(300, 2);
        double before = Trainer.Evaluate(model, test, LossKind.CrossEntropy).Accuracy;
        var stats = Trainer.Fit(model, train, new Sgd(model.Parameters, 0.05, momentum: 0.9), LossKind.CrossEntropy,
            new TrainOptions(5, 32), key.FoldIn("order"));
        var after = Trainer.Evaluate(model, test, LossKind.CrossEntropy);
        Assert.True(stats[^1].MeanLoss < stats[0].MeanLoss / 2, $"loss {stats[0].MeanLoss} → {stats[^1].MeanLoss}");
        Assert.True(after.Accuracy > 0.97 && before < 0.7, $"accuracy {before} → {after.Accuracy}");
    }

    [Fact]
    public void ConvNetWithBatchNormLearnsQuadrants()
    {
        var key = RngKey.FromSeed(4);
        var model = Models.SmallVgg(key.FoldIn("init"), [4, 0, 8, 0], hidden: 16, classes: 4, imageSize: 8);
        Trainer.Fit(model, Quadrants(400, 1), new Adam(model.Parameters, 3e-3), LossKind.CrossEntropy, new TrainOptions(4, 20), key);
        var acc = Trainer.Evaluate(model, Quadrants(200, 2), LossKind.CrossEntropy).Accuracy;
        Assert.True(acc > 0.95, $"test accuracy {acc}");
    }

    [Fact]
    public void TwoLayerReluRegressionWithMseAndAdamFitsATeacher()
    {
        var teacher = Models.TwoLayerRelu(5, 4, 1, RngKey.FromSeed(10));
        var x = GradCheck.Random(RngKey.FromSeed(11), 256, 5);
        var data = new LabeledData(x, targets: teacher.Forward(x, false));
        var student = Models.TwoLayerRelu(5, 16, 1, RngKey.FromSeed(12));
        double start = Trainer.Evaluate(student, data, LossKind.MeanSquaredError).MeanLoss;
        Trainer.Fit(student, data, new Adam(student.Parameters, 1e-2), LossKind.MeanSquaredError, new TrainOptions(60, 256), RngKey.FromSeed(13));
        double end = Trainer.Evaluate(student, data, LossKind.MeanSquaredError).MeanLoss;
        Assert.True(end < start / 20, $"MSE {start} → {end}");
    }

    [Fact]
    public void TrainingIsBitIdenticalForAnyThreadCount()
    {
        float[] Run(int threads)
        {
            using var _ = Parallelism.Limit(threads);
            var key = RngKey.FromSeed(21);
            var model = Models.SmallVgg(key, [4, 0, 8, 0], hidden: 16, classes: 4, imageSize: 8);
            Trainer.Fit(model, Quadrants(160, 5), new Sgd(model.Parameters, 0.05, momentum: 0.9, weightDecay: 1e-4),
                LossKind.CrossEntropy, new TrainOptions(2, 40), key);
            return [.. model.StateDict().Values.SelectMany(t => t.Data)];
        }
        var one = Run(1);
        Assert.Equal(one, Run(2));
        Assert.Equal(one, Run(3));
    }
}
