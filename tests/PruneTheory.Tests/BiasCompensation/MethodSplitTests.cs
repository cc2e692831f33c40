using PruneTheory.Experiments;
using PruneTheory.Gpu;
using PruneTheory.Networks;
using PruneTheory.ProofsSim.Claims.BiasCompensation;
using PruneTheory.Tests.Support;
using Xunit;

namespace PruneTheory.Tests.BiasCompensation;

/// <summary>
/// Issue 12 item 2: a trained network's methods split over several trials that share the network through the model
/// cache. Stored rows are a pure function of (seed, claim, trial): the same with or without the cache, for any shard split.
/// </summary>
public sealed class MethodSplitTests
{
    private static readonly BiasCompSyntheticClaim Claim = new();
    private static readonly BiasCompSyntheticSpec Spec = new()
    {
        Seeds = 1, Steps = 30, TrainPoints = 300, TestPoints = 300, Calibration = 200, NonLinearSamples = 20, CheckWeights = 20, CheckSamples = 100,
        Ratios = [0, 0.5, 0.9], Methods = ["ec", "magnitude", "ec-noupdate", "ec-local"], MethodGroups = 2,
    };
    private static PlannedRun Plan => PlannedRun.Create(Claim, Spec, 7, Scale.Quick);

    private static IReadOnlyList<(int, string)> Run(string dir, Shard shard, ModelCache? cache) => TrainedModels.Scoped(cache, () =>
    {
        using var store = ResultStore.OpenOrCreate(dir);
        TrialRunner.Execute(store, Plan, new ExecutionOptions(2, shard, 256), ComputeBackend.Cpu, null, default);
        return store.Trials(Plan.Identity.Name);
    });

    private static IReadOnlyList<(int, string)> Merged(TempDir tmp, string name, params string[] shards)
    {
        using var merged = ResultStore.OpenOrCreate(tmp.Sub(name));
        foreach (var s in shards) { using var st = ResultStore.OpenExisting(tmp.Sub(s)); merged.MergeFrom(st); }
        return merged.Trials(Plan.Identity.Name);
    }

    [Fact]
    public void RowsAreEqualWithOrWithoutCacheForAnyShardSplit()
    {
        using var tmp = new TempDir();
        var cache = new ModelCache(tmp.Sub("cache"));
        var whole = Run(tmp.Sub("whole"), Shard.Whole, null);   // no cache: every trial trains its student
        Assert.Equal(4, whole.Count);                            // 2 activations × 2 method groups
        Run(tmp.Sub("a1"), new Shard(1, 2), cache);              // trains both students, stores them
        Run(tmp.Sub("a2"), new Shard(2, 2), cache);
        Assert.Equal(2, Directory.GetFiles(cache.Directory, "*.safetensors").Length);
        Assert.Equal(whole, Merged(tmp, "a", "a1", "a2"));
        foreach (int k in new[] { 1, 2, 3 }) Run(tmp.Sub($"b{k}"), new Shard(k, 3), new ModelCache(cache.Directory));   // cache hits
        Assert.Equal(whole, Merged(tmp, "b", "b1", "b2", "b3"));
    }

    [Fact]
    public void GroupsPartitionTheMethodsAndMergeBack()
    {
        string[] methods = ["magnitude", "random", "ec", "obd", "taylor"];
        var groups = Enumerable.Range(0, 3).Select(g => MethodSplit.Of(methods, 3, g)).ToList();
        Assert.Contains("ec", groups[0]);
        Assert.Equal(methods.Order(), groups.SelectMany(g => g).Order());
        Assert.All(groups, g => Assert.NotEmpty(g));
        Assert.NotEmpty(MethodSplit.Check(6, methods.Length));
        Assert.NotEmpty(MethodSplit.Check(0, methods.Length));
        var parts = new[] { ("a", 1, "y"), ("a", 0, "x"), ("b", 0, "z") };
        var merged = MethodSplit.Merge(parts, p => p.Item1, p => p.Item2,
            p => new[] { new MethodCurve(p.Item3, [], [], [], [], [], [], []) }, (p, c) => (p.Item1, p.Item2, string.Join("", c.Select(x => x.Method))));
        Assert.Equal([("a", 0, "xy"), ("b", 0, "z")], merged);
    }

    [Fact]
    public void PaperPresetsHaveAtLeast32Trials()
    {
        Assert.True(new BiasCompConvClaim().TrialCount(new BiasCompConvClaim().PresetFor(Scale.Paper)) >= 32);
        Assert.True(new BiasCompMnistClaim().TrialCount(new BiasCompMnistClaim().PresetFor(Scale.Paper)) >= 32);
        Assert.True(new BiasCompSyntheticClaim().TrialCount(new BiasCompSyntheticClaim().PresetFor(Scale.Paper)) >= 32);
        Assert.True(new BiasCompDiffSorpClaim().TrialCount(new BiasCompDiffSorpClaim().PresetFor(Scale.Paper)) >= 32);
    }
}
