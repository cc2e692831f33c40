using PruneTheory.Networks;
using PruneTheory.Pruning;
using PruneTheory.Random;
using PruneTheory.Restoration;
using Xunit;
using static PruneTheory.Tests.Restoration.TinyNets;

namespace PruneTheory.Tests.Restoration;

/// <summary>Restoration on the network engine's coupling groups agrees with the matrix-level code and keeps its guarantees.</summary>
public class GroupRestorerTests
{
    private static Tensor RandomInput(int seed, params int[] shape)
    {
        var t = new Tensor(shape);
        Rng(seed, "input").FillGaussian(t.Data);
        return t;
    }

    [Fact]
    public void Lenet_groups_match_the_dense_chain_adapter()
    {
        var model = Models.LeNet300100(RngKey.FromSeed(4));
        var options = new RestoreOptions { Lambda2 = 0.3 };
        var (viaChain, _) = MlpAdapter.Restore(model, RestoreMethod.Lbyl, PruningCriterion.L2Norm, 0.6, options);
        var results = GroupRestorer.RestoreInPlace(model, RestoreMethod.Lbyl, PruningCriterion.L2Norm, 0.6, options);
        Assert.Equal([120, 40], results.Select(r => r.Kept.Length));
        var x = RandomInput(1, 16, 784);
        var a = viaChain.Forward(x, false).Data; var b = model.Forward(x, false).Data;
        Assert.True(a.Zip(b, (p, q) => Math.Abs(p - q)).Max() < 1e-4, "the two restoration paths differ");
    }

    [Fact]
    public void Zero_ratio_leaves_a_conv_bn_net_unchanged_and_flags_max_pool()
    {
        var model = Models.SmallVgg(RngKey.FromSeed(2), [6, 0, 8, 0], hidden: 16);
        RandomiseBn(model, 3);
        var x = RandomInput(2, 4, 1, 28, 28);
        var before = model.Forward(x, false).Data;
        var results = GroupRestorer.RestoreInPlace(model, RestoreMethod.Lbyl, PruningCriterion.L2Norm, 0.0,
            new RestoreOptions { Lambda1 = 1e-3, Lambda2 = 1e-2 }, include: g => g.Producer is Conv2d);
        Assert.Equal(2, results.Length);
        Assert.All(results, r => Assert.True(r.CompensationCrossesMaxPool));
        Assert.Equal(before, model.Forward(x, false).Data);
    }

    /// <summary>A real Conv2d+BatchNorm2d net whose pruned filters are consistent positive multiples: NM (Corrected) keeps the function (float32).</summary>
    [Fact]
    public void Nm_corrected_is_exact_on_an_engine_conv_bn_net()
    {
        var model = Models.SmallVgg(RngKey.FromSeed(5), [6, 4, 0], hidden: 8);
        RandomiseBn(model, 6);
        var g = CouplingGroup.Find(model)[0];
        int[] parents = [0, 2, 3];
        var (w, bn) = NeuronMergingExactnessTests.ConsistentMultiples(Rng(7, "engine"), 9, 6, parents, sameBn: false,
            parentScale: 10, sLo: 0.01, sHi: 0.05); // parents dominate the l2 criterion
        MlpAdapter.Fill(g.ProducerWeight.Value.Data, w);
        var norm = g.Norm!;
        for (int i = 0; i < 6; i++)
        {
            norm.Gamma.Value.Data[i] = (float)bn.Gamma[i]; norm.Beta.Value.Data[i] = (float)bn.Beta[i];
            norm.RunningMean.Data[i] = (float)bn.RunningMean[i]; norm.RunningVar.Data[i] = (float)bn.RunningVar[i];
        }
        var x = RandomInput(3, 4, 1, 28, 28);
        var before = model.Forward(x, false).Data;
        var results = GroupRestorer.RestoreInPlace(model, RestoreMethod.NeuronMerging, PruningCriterion.L2Norm, 0.5,
            new RestoreOptions { Mode = RestoreMode.Corrected, NmLambda = 1.0 }, include: h => h.ProducerName == "features.0");
        Assert.Equal(parents, results[0].Kept);
        Assert.Equal(3, results[0].MergedCount);
        Assert.False(results[0].CompensationCrossesMaxPool);
        var after = model.Forward(x, false).Data;
        double scale = before.Max(v => Math.Abs(v));
        Assert.True(before.Zip(after, (p, q) => Math.Abs(p - q)).Max() <= 2e-3 * (1 + scale), $"max diff {before.Zip(after, (p, q) => Math.Abs(p - q)).Max()}");
    }

    private static void RandomiseBn(Sequential model, int seed)
    {
        var r = Rng(seed, "bn");
        foreach (var (_, layer) in model.Leaves(""))
            if (layer is BatchNorm bn)
                for (int i = 0; i < bn.Channels; i++)
                {
                    bn.Gamma.Value.Data[i] = (float)r.NextUniform(0.5, 2); bn.Beta.Value.Data[i] = (float)r.NextUniform(-1, 1);
                    bn.RunningMean.Data[i] = (float)r.NextUniform(-1, 1); bn.RunningVar.Data[i] = (float)r.NextUniform(0.5, 2);
                }
    }
}
