using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PruneTheory.Networks;
using PruneTheory.Pruning;
using PruneTheory.Random;
using Xunit;

namespace PruneTheory.Tests.Pruning;

public class MagnitudePruningTests
{
    [Property(MaxTest = 30)]
    public Property GlobalRemovesExactlyTheRequestedCountBelowOneThreshold() => Prop.ForAll(
        (from s in Gen.Choose(0, 100) from seed in Gen.Choose(0, 1_000_000) select (s / 100.0, seed)).ToArbitrary(), c =>
    {
        var model = Models.Mlp([12, 10, 4], bias: true, RngKey.FromSeed((ulong)c.seed));
        var weights = MagnitudePruning.Weights(model);
        var report = MagnitudePruning.Global(weights, c.Item1);
        int total = 12 * 10 + 10 * 4;
        var removed = weights.SelectMany(w => w.Parameter.Value.Data.Select((v, i) => (v, m: w.Parameter.Mask![i]))).ToList();
        float maxRemoved = removed.Where(r => r.m == 0).Select(r => Math.Abs(r.v)).DefaultIfEmpty(0).Max();
        float minKept = removed.Where(r => r.m == 1).Select(r => Math.Abs(r.v)).DefaultIfEmpty(float.MaxValue).Min();
        return report.Removed == (int)Math.Round(c.Item1 * total) && report.Total == total
               && Math.Abs(report.Achieved - (double)report.Removed / total) < 1e-15
               && model.NamedParameters().Where(p => p.Parameter.Value.Rank == 1).All(p => p.Parameter.Mask is null);
    });

    [Fact]
    public void GlobalThresholdSeparatesRemovedFromKept()
    {
        var model = Models.LeNet300100(RngKey.FromSeed(2));
        var weights = MagnitudePruning.Weights(model);
        var original = weights.Select(w => (float[])w.Parameter.Value.Data.Clone()).ToList();
        var report = MagnitudePruning.Global(weights, 0.9);
        Assert.Equal(0.9, report.Requested);
        Assert.Equal(Math.Round(0.9 * 266_200), report.Removed);
        var all = weights.SelectMany((w, t) => original[t].Select((v, i) => (abs: Math.Abs(v), kept: w.Parameter.Mask![i] == 1f))).ToList();
        Assert.True(all.Where(a => !a.kept).Max(a => a.abs) <= all.Where(a => a.kept).Min(a => a.abs));
        // layers differ in achieved sparsity under one global threshold
        Assert.True(report.Entries[0].Sparsity > report.Entries[2].Sparsity);
    }

    [Fact]
    public void LayerwiseHitsEveryTensorAndIterativePruningNeverRevives()
    {
        var model = Models.Mlp([20, 15, 5], bias: false, RngKey.FromSeed(3));
        var weights = MagnitudePruning.Weights(model);
        var r1 = MagnitudePruning.Layerwise(weights, 0.5);
        Assert.Equal([150, 38], r1.Entries.Select(e => e.Removed)); // 300·0.5, round(75·0.5 = 37.5) to even = 38
        var dead = weights.Select(w => w.Parameter.Mask!.Select(m => m == 0f).ToArray()).ToList();
        weights[0].Parameter.Value.Data[Array.IndexOf(dead[0], true)] = 0f; // stays dead whatever its value
        var r2 = MagnitudePruning.Global(weights, 0.8);
        Assert.Equal(300, r2.Removed);
        for (int t = 0; t < 2; t++)
            for (int i = 0; i < dead[t].Length; i++)
                if (dead[t][i]) Assert.Equal(0f, weights[t].Parameter.Mask![i]);
        Assert.Throws<ArgumentException>(() => MagnitudePruning.Global(weights, 1.5));
    }
}
