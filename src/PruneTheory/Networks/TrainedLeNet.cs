using PruneTheory.Data;
using PruneTheory.Random;

namespace PruneTheory.Networks;

/// <summary>How a LeNet-300-100 is trained; its canonical JSON keys the model cache.</summary>
public sealed record LeNetTrainingSpec
{
    /// <summary>A <see cref="Datasets.Names"/> entry: "fashion-mnist/train-10k" (committed) or "fashion-mnist/train" (full 60k).</summary>
    public string TrainSet { get; init; } = "fashion-mnist/train-10k";
    public int Epochs { get; init; } = 10;
    public int BatchSize { get; init; } = 128;
    public double LearningRate { get; init; } = 0.05;
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 5e-4;
    public ulong Seed { get; init; }
}

/// <summary>
/// LeNet-300-100 trained by SGD with momentum on a Fashion-MNIST training set, inputs normalised as
/// the reference model's ((x − 0.5) / 0.5), trained once per spec and reused through a <see cref="ModelCache"/>.
/// Initialisation from Seed.FoldIn("init"), minibatch order from Seed.FoldIn("order"): deterministic.
/// </summary>
public static class TrainedLeNet
{
    /// <summary>Cache kind; bump the version when the training procedure changes.</summary>
    public const string Kind = "lenet-300-100-sgd-v1";
    public static readonly PixelNormalization Normalization = PixelNormalization.MinusOneToOne;

    /// <summary>The trained model for <paramref name="spec"/> (cached). Cost on a miss: Epochs × |TrainSet| forward+backward.</summary>
    public static Sequential GetOrTrain(LeNetTrainingSpec spec, ModelCache? cache = null, DataLocator? locator = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Epochs < 0 || spec.BatchSize <= 0 || !(spec.LearningRate > 0) || spec.Momentum < 0 || spec.WeightDecay < 0)
            throw new ArgumentException($"invalid LeNet training spec {spec}");
        var key = RngKey.FromSeed(spec.Seed);
        return (cache ?? ModelCache.Default()).GetOrTrain(Kind, spec,
            () => Models.LeNet300100(key.FoldIn("init")),
            model =>
            {
                var data = Datasets.ByName(spec.TrainSet, locator).ToLabeledData(Normalization);
                var sgd = new Sgd(model.Parameters, spec.LearningRate, spec.Momentum, spec.WeightDecay);
                Trainer.Fit(model, data, sgd, LossKind.CrossEntropy, new TrainOptions(spec.Epochs, spec.BatchSize), key.FoldIn("order"));
            });
    }

    /// <summary>Accuracy of <paramref name="model"/> on the Fashion-MNIST test set with this normalisation.</summary>
    public static Evaluation EvaluateOnTest(Sequential model, DataLocator? locator = null) =>
        Trainer.Evaluate(model, Datasets.FashionMnistTest(locator).ToLabeledData(Normalization), LossKind.CrossEntropy);
}
