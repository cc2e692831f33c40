using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PruneTheory.Networks;
using PruneTheory.Pruning;
using PruneTheory.Random;
using PruneTheory.Tests.Networks;
using Xunit;

namespace PruneTheory.Tests.Pruning;

public class SurgeryTests
{
    /// <summary>Model kind 0: MLP with biases; 1: MLP with BatchNorm1d; 2: tiny VGG (conv-BN-pool-conv-BN-flatten-dense-BN-dense).</summary>
    private static (Sequential Model, Tensor Input) Build(int kind, RngKey key)
    {
        var x = GradCheck.Random(key.FoldIn("x"), 6, kind == 2 ? 1 : 7);
        switch (kind)
        {
            case 0: return (Models.Mlp([7, 9, 8, 3], bias: true, key), x);
            case 1:
                return (new Sequential(("fc1", new Dense(7, 9, true, key.FoldIn(1))), ("bn1", new BatchNorm1d(9)), ("r1", new ReLU()),
                    ("fc2", new Dense(9, 3, true, key.FoldIn(2)))), x);
            default:
                return (Models.SmallVgg(key, [3, 0, 4], hidden: 5, classes: 3, imageSize: 6),
                    GradCheck.Random(key.FoldIn("x"), 6, 1, 6, 6));
        }
    }

    /// <summary>Random running statistics and affine BN parameters, so eval mode is a non-trivial function.</summary>
    private static void Perturb(Sequential model, RngKey key)
    {
        var rng = key.Stream();
        foreach (var (_, layer) in model.Leaves(""))
            if (layer is BatchNorm bn)
                for (int c = 0; c < bn.Channels; c++)
                {
                    bn.RunningMean.Data[c] = (float)rng.NextGaussian(); bn.RunningVar.Data[c] = (float)rng.NextUniform(0.5, 2);
                    bn.Gamma.Value.Data[c] = (float)rng.NextUniform(0.5, 2); bn.Beta.Value.Data[c] = (float)rng.NextGaussian();
                }
    }

    private static bool Close(Tensor a, Tensor b)
    {
        if (!a.SameShape(b)) return false;
        for (int i = 0; i < a.Length; i++)
            if (Math.Abs(a.Data[i] - b.Data[i]) > 1e-5 * (1 + Math.Abs(a.Data[i]))) return false;
        return true;
    }

    [Property(MaxTest = 40)]
    public Property MaskAndSliceGiveTheSameFunction() => Prop.ForAll(
        (from kind in Gen.Choose(0, 2) from seed in Gen.Choose(0, 1_000_000) from train in ArbMap.Default.GeneratorFor<bool>()
         select (kind, seed, train)).ToArbitrary(), c =>
    {
        var key = RngKey.FromSeed((ulong)c.seed);
        var (masked, x) = Build(c.kind, key); var (sliced, _) = Build(c.kind, key);
        Perturb(masked, key.FoldIn("bn")); Perturb(sliced, key.FoldIn("bn"));
        var groups = CouplingGroup.Find(masked);
        var slicedGroups = CouplingGroup.Find(sliced);
        var rng = key.FoldIn("keep").Stream();
        int before = sliced.Parameters.Sum(p => p.Value.Length);
        for (int gi = 0; gi < groups.Count; gi++)
        {
            int n = groups[gi].Units, always = rng.NextInt(n);
            var keep = Enumerable.Range(0, n).Select(j => j == always || rng.NextDouble() < 0.5).ToArray();
            var report = NeuronSurgery.Mask(groups[gi], keep);
            if (report.Removed != keep.Count(k => !k)) return false;
            NeuronSurgery.Slice(slicedGroups[gi], keep);
            if (slicedGroups[gi].Units != keep.Count(k => k)) return false;
        }
        bool smaller = sliced.Parameters.Sum(p => p.Value.Length) <= before;
        return smaller && Close(masked.Forward(x, c.train), sliced.Forward(x, c.train));
    });

    [Fact]
    public void GroupsOfSmallVggCoupleConvBnAndFlattenBlocks()
    {
        var groups = CouplingGroup.Find(Models.SmallVgg(RngKey.FromSeed(1)));
        Assert.Equal(["features.0>features.1>features.4:1", "features.4>features.5>classifier.0:49", "classifier.0>classifier.1>classifier.3:1"],
            groups.Select(g => $"{g.ProducerName}>{g.NormName}>{g.ConsumerName}:{g.InputBlock}"));
        Assert.Equal(["ip1>>ip2:1", "ip2>>ip3:1"],
            CouplingGroup.Find(Models.LeNet300100(RngKey.FromSeed(1))).Select(g => $"{g.ProducerName}>{g.NormName}>{g.ConsumerName}:{g.InputBlock}"));
    }

    [Fact]
    public void SliceWithCompensationRestoresAProportionalNeuronExactly()
    {
        // unit 4 of the hidden layer is 2.5 × unit 1 (weights and bias): ReLU(2.5u) = 2.5 ReLU(u), so Z[4, 1] = 2.5 is exact (NM's case)
        var model = Models.Mlp([5, 6, 3], bias: true, RngKey.FromSeed(3));
        var g = CouplingGroup.Find(model)[0];
        var w = g.ProducerWeight.Value.Data; var b = g.ProducerBias!.Value.Data;
        for (int k = 0; k < 5; k++) w[4 * 5 + k] = 2.5f * w[1 * 5 + k];
        b[4] = 2.5f * b[1];
        var x = GradCheck.Random(RngKey.FromSeed(4), 10, 5);
        var reference = model.Forward(x, false);
        var keep = new[] { true, true, true, true, false, true };
        var z = new double[6, 5];
        for (int j = 0, col = 0; j < 6; j++) if (keep[j]) z[j, col++] = 1;
        z[4, 1] = 2.5;
        NeuronSurgery.Slice(g, keep, z);
        Assert.True(Close(reference, model.Forward(x, false)));
        Assert.Equal([5, 5], g.ProducerWeight.Value.Shape);
        Assert.Equal([3, 5], g.ConsumerWeight.Value.Shape);
    }

    [Fact]
    public void BadKeepVectorsThrow()
    {
        var g = CouplingGroup.Find(Models.LeNet300100(RngKey.FromSeed(1)))[1];
        Assert.Throws<ArgumentException>(() => NeuronSurgery.Mask(g, new bool[99]));
        Assert.Throws<ArgumentException>(() => NeuronSurgery.Slice(g, new bool[100]));
        Assert.Throws<ArgumentException>(() => NeuronSurgery.Slice(g, Enumerable.Repeat(true, 100).ToArray(), new double[100, 3]));
    }
}
