using PruneTheory.IO;
using PruneTheory.Networks;
using PruneTheory.Tests.Data;
using Xunit;

namespace PruneTheory.Tests.Networks;

public class ModelCacheTests
{
    private sealed record TrainSpec(int Hidden = 300, double LearningRate = 0.1, int Epochs = 2, int Seed = 0);

    private static Func<IReadOnlyDictionary<string, TensorData>> Trainer(Func<int> counter, float value) => () =>
    {
        counter();
        return new Dictionary<string, TensorData> { ["w"] = new([2], [value, -value]) };
    };

    [Fact]
    public void Trains_once_and_reuses_the_stored_model_across_instances()
    {
        using var tmp = new TempDir();
        int calls = 0;
        var spec = new TrainSpec();
        var first = new ModelCache(tmp.Path).GetOrTrain("lenet-v1", spec, Trainer(() => ++calls, 1.5f));
        var second = new ModelCache(tmp.Path).GetOrTrain("lenet-v1", spec with { }, Trainer(() => ++calls, 9f));
        Assert.Equal(1, calls);
        Assert.Equal(new[] { 1.5f, -1.5f }, second.Tensors["w"].Data);
        Assert.Equal(first.Metadata[ModelCache.HashKey], second.Metadata[ModelCache.HashKey]);
        Assert.Equal("{\"epochs\":2,\"hidden\":300,\"learningRate\":0.1,\"seed\":0}", second.Metadata[ModelCache.SpecKey]);
        Assert.True(File.Exists(new ModelCache(tmp.Path).PathOf("lenet-v1", spec)));
    }

    [Fact]
    public void Any_spec_or_kind_change_gives_a_new_entry()
    {
        var spec = new TrainSpec();
        string key = ModelCache.Key("lenet-v1", spec);
        Assert.Equal(64, key.Length);
        Assert.NotEqual(key, ModelCache.Key("lenet-v1", spec with { Seed = 1 }));
        Assert.NotEqual(key, ModelCache.Key("lenet-v1", spec with { LearningRate = 0.10000000000000002 }));
        Assert.NotEqual(key, ModelCache.Key("lenet-v2", spec));
        Assert.Equal(key, ModelCache.Key("lenet-v1", new TrainSpec(300, 0.1, 2, 0)));
    }

    [Fact]
    public void Concurrent_requests_train_once()
    {
        using var tmp = new TempDir();
        var cache = new ModelCache(tmp.Path);
        int calls = 0;
        Parallel.For(0, 16, _ => cache.GetOrTrain("m", new TrainSpec(), Trainer(() => Interlocked.Increment(ref calls), 2f)));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void Corrupt_or_mismatching_files_are_retrained()
    {
        using var tmp = new TempDir();
        var cache = new ModelCache(tmp.Path);
        var spec = new TrainSpec(Hidden: 10);
        string path = cache.PathOf("m", spec);
        Directory.CreateDirectory(tmp.Path);
        File.WriteAllBytes(path, [1, 2, 3]);                                  // truncated file
        int calls = 0;
        Assert.Equal(3f, cache.GetOrTrain("m", spec, Trainer(() => ++calls, 3f)).Tensors["w"].Data[0]);
        Assert.Equal(1, calls);
        Safetensors.Write(path, new Dictionary<string, TensorData> { ["w"] = new([2], [7f, 7f]) }); // no spec metadata
        Assert.Equal(4f, new ModelCache(tmp.Path).GetOrTrain("m", spec, Trainer(() => ++calls, 4f)).Tensors["w"].Data[0]);
        Assert.Equal(2, calls);
        Assert.True(new ModelCache(tmp.Path).Contains("m", spec));
    }

    [Fact]
    public void A_failed_training_is_retried_on_the_next_request()
    {
        using var tmp = new TempDir();
        var cache = new ModelCache(tmp.Path);
        Assert.Throws<InvalidOperationException>(() => cache.GetOrTrain("m", new TrainSpec(), () => throw new InvalidOperationException("boom")));
        int calls = 0;
        cache.GetOrTrain("m", new TrainSpec(), Trainer(() => ++calls, 1f));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void Kinds_must_be_file_name_safe() =>
        Assert.Throws<ArgumentException>(() => new ModelCache("/tmp/x").PathOf("../evil", new TrainSpec()));
}
