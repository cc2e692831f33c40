using PruneTheory.Experiments;
using PruneTheory.Gpu;
using PruneTheory.ProofsSim.Claims.Foundation;
using PruneTheory.Tests.Support;
using Xunit;

namespace PruneTheory.Tests.Experiments;

/// <summary>Stored rows are identical whatever the thread count, sharding or interruption.</summary>
public class DeterminismTests
{
    private static readonly BreakpointCauchyClaim Claim = new();
    private static readonly BreakpointCauchySpec Spec = new() { Trials = 24, SamplesPerTrial = 4096 };
    private static PlannedRun Plan => PlannedRun.Create(Claim, Spec, 42, Scale.Quick);

    private static IReadOnlyList<(int, string)> RunAll(string dir, int threads, Shard shard, CancellationToken ct = default, int commitEvery = 256)
    {
        using var store = ResultStore.OpenOrCreate(dir);
        try { TrialRunner.Execute(store, Plan, new ExecutionOptions(threads, shard, commitEvery), ComputeBackend.Cpu, null, ct); }
        catch (OperationCanceledException) { }
        return store.Trials(Plan.Identity.Name);
    }

    [Fact]
    public void One_and_two_threads_store_identical_rows()
    {
        using var tmp = new TempDir();
        Assert.Equal(RunAll(tmp.Sub("a"), 1, Shard.Whole), RunAll(tmp.Sub("b"), 2, Shard.Whole));
    }

    [Fact]
    public void Two_shards_merged_equal_the_whole_run()
    {
        using var tmp = new TempDir();
        var whole = RunAll(tmp.Sub("whole"), 2, Shard.Whole);
        var s1 = RunAll(tmp.Sub("s1"), 1, new Shard(1, 2));
        var s2 = RunAll(tmp.Sub("s2"), 2, new Shard(2, 2));
        Assert.Equal(12, s1.Count);
        Assert.Empty(s1.Select(r => r.Item1).Intersect(s2.Select(r => r.Item1)));
        using var merged = ResultStore.OpenOrCreate(tmp.Sub("merged"));
        foreach (var s in new[] { "s1", "s2" }) { using var st = ResultStore.OpenExisting(tmp.Sub(s)); merged.MergeFrom(st); }
        merged.MergeFrom(ResultStore.OpenExisting(tmp.Sub("s1"))); // merging twice counts nothing twice
        Assert.Equal(whole, merged.Trials(Plan.Identity.Name));
    }

    [Fact]
    public void Interrupted_then_resumed_equals_uninterrupted()
    {
        using var tmp = new TempDir();
        var whole = RunAll(tmp.Sub("whole"), 2, Shard.Whole);
        using var cts = new CancellationTokenSource();
        int seen = 0;
        using (var store = ResultStore.OpenOrCreate(tmp.Sub("cut")))
        {
            Assert.ThrowsAny<OperationCanceledException>(() =>
                TrialRunner.Execute(store, Plan, new ExecutionOptions(1, Shard.Whole, CommitEvery: 1), ComputeBackend.Cpu,
                    n => { if ((seen += n) >= 7) cts.Cancel(); }, cts.Token));
            int stored = store.Trials(Plan.Identity.Name).Count;
            Assert.InRange(stored, 7, Spec.Trials - 1);
        }
        Assert.Equal(whole, RunAll(tmp.Sub("cut"), 2, Shard.Whole));
    }

    [Fact]
    public void Conflicting_rows_are_refused()
    {
        using var tmp = new TempDir();
        using var store = ResultStore.OpenOrCreate(tmp.Path);
        store.Register(Plan.ToStored());
        store.AddTrials(Plan.Identity.Name, [(0, "{\"a\":1}")]);
        store.AddTrials(Plan.Identity.Name, [(0, "{\"a\":1}")]);
        Assert.Throws<StoreException>(() => store.AddTrials(Plan.Identity.Name, [(0, "{\"a\":2}")]));
    }
}
