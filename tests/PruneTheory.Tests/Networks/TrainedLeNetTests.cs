using PruneTheory.Data;
using PruneTheory.IO;
using PruneTheory.Networks;
using PruneTheory.Tests.Data;
using Xunit;

namespace PruneTheory.Tests.Networks;

public class TrainedLeNetTests
{
    private static DataLocator RepoOnly => new([new DataLocator.Root("repo", RepoPaths.RepoDataDir())]);

    [Fact]
    public void Trains_on_the_committed_subset_once_then_reuses_the_cached_model()
    {
        using var tmp = new TempDir();
        var cache = new ModelCache(tmp.Path);
        var spec = new LeNetTrainingSpec { Epochs = 2 };
        Assert.False(cache.Contains(TrainedLeNet.Kind, spec));
        var trained = TrainedLeNet.GetOrTrain(spec, cache, RepoOnly);
        Assert.True(cache.Contains(TrainedLeNet.Kind, spec));
        var acc = TrainedLeNet.EvaluateOnTest(trained, RepoOnly).Accuracy;
        Assert.True(acc > 0.75, $"2 epochs on 10k images: test accuracy {acc:P2}");   // measured 77.37 %

        var again = TrainedLeNet.GetOrTrain(spec, cache, RepoOnly);
        Assert.Equal(acc, TrainedLeNet.EvaluateOnTest(again, RepoOnly).Accuracy);
        Assert.Equal(trained.StateDict()["ip1.weight"].Data, again.StateDict()["ip1.weight"].Data);
        Assert.False(cache.Contains(TrainedLeNet.Kind, spec with { Seed = 1 }));
    }

    [Fact]
    public void Rejects_unknown_training_sets_and_bad_specs()
    {
        using var tmp = new TempDir();
        var cache = new ModelCache(tmp.Path);
        Assert.Contains("unknown data set", Assert.Throws<ArgumentException>(() =>
            TrainedLeNet.GetOrTrain(new LeNetTrainingSpec { TrainSet = "cifar", Epochs = 1 }, cache, RepoOnly)).Message);
        Assert.Throws<ArgumentException>(() => TrainedLeNet.GetOrTrain(new LeNetTrainingSpec { BatchSize = 0 }, cache, RepoOnly));
    }
}
