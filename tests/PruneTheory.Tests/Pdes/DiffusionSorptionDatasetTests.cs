using PruneTheory.Pdes;
using Xunit;

namespace PruneTheory.Tests.Pdes;

public sealed class DiffusionSorptionDatasetTests
{
    private static readonly DiffusionSorptionSettings Small = new() { Cells = 64, StepSeconds = 1, Snapshots = 11 };

    [Fact]
    public void SamplesAreDeterministicPerIndexAndInRange()
    {
        var a = DiffusionSorptionDataset.Generate(Small, 7, 10, 3, maxThreads: 1);
        var b = DiffusionSorptionDataset.Generate(Small, 7, 11, 2, maxThreads: 2);
        Assert.Equal(a.InitialValues[1..], b.InitialValues);
        Assert.Equal(a.Snapshot(1, 10).ToArray(), b.Snapshot(0, 10).ToArray());
        Assert.All(a.InitialValues, c => Assert.InRange(c, 0, 0.2));
        Assert.NotEqual(a.InitialValues[0], a.InitialValues[1]);
        Assert.NotEqual(DiffusionSorptionDataset.InitialValue(7, 10), DiffusionSorptionDataset.InitialValue(8, 10));
    }

    [Fact]
    public void CacheRoundTripsAndKeysOnSettings()
    {
        string dir = Path.Combine(Path.GetTempPath(), "pt-diffsorp-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = DiffusionSorptionCache.GetOrGenerate(Small, 3, 0, 2, dir);
            var files = Directory.GetFiles(dir);
            Assert.Single(files);
            Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
            var again = DiffusionSorptionCache.GetOrGenerate(Small, 3, 0, 2, dir);
            Assert.Equal(first.Values, again.Values);
            Assert.Equal(first.InitialValues, again.InitialValues);
            DiffusionSorptionCache.GetOrGenerate(Small with { StepSeconds = 0.5 }, 3, 0, 2, dir);
            Assert.Equal(2, Directory.GetFiles(dir).Length);
            File.WriteAllBytes(files[0], [1, 2, 3]);   // corrupt: regenerated, not read
            var regenerated = DiffusionSorptionCache.GetOrGenerate(Small, 3, 0, 2, dir);
            Assert.Equal(first.Values, regenerated.Values);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void RejectsBadSettings()
    {
        Assert.Throws<ArgumentException>(() => DiffusionSorptionDataset.Generate(Small with { StepSeconds = 0.3 }, 1, 0, 1));
        Assert.Throws<ArgumentException>(() => DiffusionSorptionDataset.Generate(Small, 1, -1, 1));
        Assert.Throws<ArgumentException>(() => new DiffusionSorptionSolver(Small with { Cells = 2 }));
    }
}
