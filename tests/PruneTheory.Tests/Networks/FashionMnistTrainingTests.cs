using PruneTheory.Data;
using PruneTheory.IO;
using PruneTheory.Networks;
using PruneTheory.Random;
using PruneTheory.Tests.Data;
using Xunit;

namespace PruneTheory.Tests.Networks;

/// <summary>
/// The accuracy target: LeNet-300-100 trained here reaches ≥ 88 % on the Fashion-MNIST test
/// set. It needs the full 60,000-image training set (not committed: shared/data or
/// /usr/share/datasets); the committed 10k subset tops out near 85 % (measured, docs/networks.md).
/// </summary>
public class FashionMnistTrainingTests
{
    private const string Images = "data/fashion-mnist/train-images-idx3-ubyte.gz", Labels = "data/fashion-mnist/train-labels-idx1-ubyte.gz";

    [SharedFileFact(Images, Labels)]
    public void LeNet300100ReachesAtLeast88PercentInSixEpochsOfSgd()
    {
        var locator = new DataLocator([new DataLocator.Root("repo", RepoPaths.RepoDataDir()),
                                       new DataLocator.Root("shared", Path.Combine(SharedFiles.Dir!, "data"))]);
        var train = Datasets.FashionMnistTrain(locator).ToLabeledData(PixelNormalization.MinusOneToOne);
        var test = Datasets.FashionMnistTest(locator).ToLabeledData(PixelNormalization.MinusOneToOne);
        Assert.Equal(60_000, train.Count);
        var key = RngKey.FromSeed(0);
        var model = Models.LeNet300100(key.FoldIn("init"));
        // 4 epochs at 0.05, then 0.01 and 0.002 (measured 88.78 %, about 1 s per epoch on 2 cores)
        var options = new TrainOptions(6, 128, LearningRate: e => e < 4 ? 0.05 : e == 4 ? 0.01 : 0.002);
        Trainer.Fit(model, train, new Sgd(model.Parameters, 0.05, momentum: 0.9), LossKind.CrossEntropy, options, key.FoldIn("order"));
        double acc = Trainer.Evaluate(model, test, LossKind.CrossEntropy).Accuracy;
        Assert.True(acc >= 0.88, $"test accuracy {acc:P2}");
    }
}
