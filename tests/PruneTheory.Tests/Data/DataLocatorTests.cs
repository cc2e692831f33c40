using PruneTheory.Data;
using Xunit;

namespace PruneTheory.Tests.Data;

public class DataLocatorTests
{
    private static readonly DataFile File1 = DataFiles.FashionTrainImages;

    [Fact]
    public void First_root_holding_the_file_wins_in_the_documented_order()
    {
        using var tmp = new TempDir();
        string[] names = ["explicit", "env", "repo", "system", "shared"];
        var roots = names.Select(n => new DataLocator.Root(n, Path.Combine(tmp.Path, n))).ToList();
        foreach (var n in names) File.WriteAllText(tmp.File(n, File1.Set, File1.FileName), n);
        var locator = new DataLocator(roots);
        foreach (var n in names)
        {
            string found = locator.Find(File1);
            Assert.Equal(n, File.ReadAllText(found));
            File.Delete(found);
        }
        Assert.Null(locator.TryFind(File1));
    }

    [Fact]
    public void Accepts_flat_folders_and_uncompressed_files()
    {
        using var tmp = new TempDir();
        var locator = new DataLocator([new DataLocator.Root("r", tmp.Path)]);
        File.WriteAllText(tmp.File(File1.FileName[..^3]), "raw flat");       // R/train-images-idx3-ubyte
        Assert.Equal("raw flat", File.ReadAllText(locator.Find(File1)));
        File.WriteAllText(tmp.File(File1.FileName), "gz flat");               // R/file beats the raw variant
        Assert.Equal("gz flat", File.ReadAllText(locator.Find(File1)));
        File.WriteAllText(tmp.File(File1.Set, File1.FileName), "gz in set");  // R/set/file beats R/file
        Assert.Equal("gz in set", File.ReadAllText(locator.Find(File1)));
    }

    [Fact]
    public void Missing_file_error_names_file_places_and_remedy()
    {
        using var tmp = new TempDir();
        var locator = new DataLocator([new DataLocator.Root("--data DIR", null), new DataLocator.Root("data/ in the repository", tmp.Path)]);
        var ex = Assert.Throws<FileNotFoundException>(() => locator.Find(File1));
        Assert.Contains("fashion-mnist/train-images-idx3-ubyte.gz", ex.Message);
        Assert.Contains("1. --data DIR: (not set)", ex.Message);
        Assert.Contains($"2. data/ in the repository: {Path.Combine(tmp.Path, "fashion-mnist", "train-images-idx3-ubyte.gz")}", ex.Message);
        Assert.Contains("apt-get install dataset-fashion-mnist", ex.Message);
        Assert.Contains("PRUNETHEORY_DATA", ex.Message);
        Assert.Equal("train-images-idx3-ubyte.gz", ex.FileName);
    }

    [Fact]
    public void Default_order_is_explicit_env_repo_system_shared()
    {
        var roots = new DataLocator("/explicit").Roots;
        Assert.Equal(["--data DIR", "$PRUNETHEORY_DATA", "data/ in the repository", "system data sets", "../shared/data beside the repository"],
            roots.Select(r => r.Label));
        Assert.Equal("/explicit", roots[0].Dir);
        Assert.Equal("/usr/share/datasets", roots[3].Dir);
        Assert.EndsWith(Path.DirectorySeparatorChar + "data", roots[2].Dir);
        Assert.True(File.Exists(Path.Combine(roots[2].Dir!, "..", "PruneTheory.sln")));
        Assert.EndsWith(Path.Combine("shared", "data"), roots[4].Dir);
    }
}
