using System.Text.Json;
using PruneTheory.Experiments;
using PruneTheory.Gpu;
using PruneTheory.Networks;
using PruneTheory.ProofsSim.Claims.Restoration;
using Xunit;

namespace PruneTheory.Tests.Restoration;

/// <summary>
/// Claims split into (network × cell) trials share each trained network through the model cache; a stored row must not
/// depend on whether the cache was cold or warm, nor on the threads (so shards of any split store the same rows).
/// </summary>
public class SharedNetworkTrialsTests
{
    private static readonly LbylConvBnSpec Tiny = new()
    {
        Seeds = 2, Config = [4, 0], Hidden = 8, Epochs = 1, ValidationCount = 200, TrainLimit = 600, TestLimit = 300,
        Ratios = [0.25, 0.5], ThresholdGrid = [0.1], Lambda1Grid = [0], Lambda2Grid = [0.1],
    };

    [Fact]
    public void Cell_rows_equal_with_cold_warm_or_no_cache_and_any_threads()
    {
        var claim = new LbylConvBnClaim();
        string Row(int trial, int threads) =>
            JsonSerializer.Serialize(claim.RunTrial(Tiny, new TrialContext(7, claim.Id, trial, ComputeBackend.Cpu, threads, default)));
        Assert.Equal(4, claim.TrialCount(Tiny)); // 2 networks × 2 ratios
        var cache = TempCache();
        string cold = TrainedModels.Scoped(cache, () => Row(3, 1));
        string warm = TrainedModels.Scoped(new ModelCache(cache.Directory), () => Row(3, 1)); // a new instance reads the file
        string uncached = TrainedModels.Scoped(null, () => Row(3, 2));
        Assert.Equal(cold, warm);
        Assert.Equal(cold, uncached);
    }

    [Fact]
    public void Cells_of_one_network_share_it_and_networks_differ()
    {
        var claim = new LbylConvBnClaim();
        var cache = TempCache();
        var rows = TrainedModels.Scoped(cache, () =>
            Enumerable.Range(0, 4).Select(i => claim.RunTrial(Tiny, new TrialContext(7, claim.Id, i, ComputeBackend.Cpu, 1, default))).ToArray());
        Assert.Equal([0, 0, 1, 1], rows.Select(r => r.Network));
        Assert.Equal(rows[0].Baseline, rows[1].Baseline);
        Assert.Equal(rows[2].Baseline, rows[3].Baseline);
        Assert.Equal(2, Directory.GetFiles(cache.Directory, "*.safetensors").Length); // trained once per network
    }

    private static ModelCache TempCache() => new(Path.Combine(Path.GetTempPath(), "prunetheory-cache-" + Guid.NewGuid().ToString("N")[..8]));

    [Fact]
    public void Regroup_rejects_a_partial_replicate()
    {
        Assert.Throws<ArgumentException>(() => ReplicateCells.Regroup([1, 2, 3], 2, g => g.Sum()));
        Assert.Equal([3, 7], ReplicateCells.Regroup([1, 2, 3, 4], 2, g => g.Sum()));
        Assert.Equal((2, 1), ReplicateCells.Of(7, 3));
    }
}
