using PruneTheory.Networks;
using PruneTheory.Pruning.BiasCompensation;
using PruneTheory.Random;
using Xunit;

namespace PruneTheory.Tests.Pruning;

/// <summary>Spec §7 (conv extension) and §8.8: the engine-based statistics agree with the float64 MLP path and with dense on 1×1 maps.</summary>
public sealed class ConvCompensationTests
{
    private static Tensor Inputs(int n, int[] shape, int seed, bool constant = false)
    {
        var s = RngKey.FromSeed((ulong)seed).Stream();
        var t = new Tensor([n, .. shape]);
        for (int q = 0; q < t.Length; q++) t.Data[q] = constant ? 0.6f : (float)s.NextDouble();
        return t;
    }

    private static void AssertClose(double[][] expected, double[][] actual, double rel, double abs)
    {
        for (int l = 0; l < expected.Length; l++)
            for (int q = 0; q < expected[l].Length; q++)
                Assert.True(Math.Abs(expected[l][q] - actual[l][q]) <= rel * Math.Abs(expected[l][q]) + abs, $"layer {l} entry {q}: {expected[l][q]} vs {actual[l][q]}");
    }

    [Fact]
    public void DenseSequentialMatchesTheFloat64MlpPath()
    {
        var model = EngineAdapter.BuildSequential([5, 7, 6, 3], HiddenActivation.Relu, RngKey.FromSeed(1), InitScheme.PyTorchDefault);
        var x = Inputs(300, [5], 2);
        var seq = SequentialCompensation.Accumulate(model, x, batchSize: 128).Scores();
        var net = EngineAdapter.ToMlp(model);
        var xd = x.Data.Select(v => (double)v).ToArray();
        var mlp = CompensationStatistics.Accumulate(net, new CalibrationSet(xd, new double[300 * 3], 300, 5, 3, CalibrationLoss.HalfSquaredError), new SensitivityOptions()).Scores();
        double scale = mlp.S0.SelectMany(v => v).Max();
        AssertClose(mlp.S0, seq.S0, 1e-4, 1e-7 * scale);
        AssertClose(mlp.S, seq.S, 1e-3, 1e-6 * scale);
        AssertClose(mlp.DeltaB, seq.DeltaB, 1e-3, 1e-6);
    }

    [Fact]
    public void ConvOnAOneByOneMapEqualsDense()
    {
        var conv = new Sequential(("c", new Conv2d(2, 4, 3, RngKey.FromSeed(3))), ("r", new ReLU()), ("f", new Flatten()), ("d", new Dense(4, 2, true, RngKey.FromSeed(4))));
        var dense = new Sequential(("c", new Dense(18, 4, true, RngKey.FromSeed(5))), ("r", new ReLU()), ("d", new Dense(4, 2, true, RngKey.FromSeed(4))));
        var cl = (Conv2d)conv.Children[0].Layer; var dl = (Dense)dense.Children[0].Layer;
        cl.Weight.Value.Data.CopyTo(dl.Weight.Value.Data, 0);   // [4, 2, 3, 3] row-major = [4, 18]
        cl.Bias!.Value.Data.CopyTo(dl.Bias!.Value.Data, 0);
        var x = Inputs(200, [2, 3, 3], 6);
        var a = SequentialCompensation.Accumulate(conv, x).Scores();
        var b = SequentialCompensation.Accumulate(dense, x.Reshape(200, 18)).Scores();
        AssertClose(b.S0, a.S0, 1e-5, 1e-12);
        AssertClose(b.S, a.S, 1e-4, 1e-10);
        AssertClose(b.DeltaB, a.DeltaB, 1e-4, 1e-9);
    }

    [Fact]
    public void ConstantInputWithoutPaddingIsFreeAndPruningItKeepsOutputs()
    {
        var model = new Sequential(("c", new Conv2d(1, 3, 3, RngKey.FromSeed(7))), ("r", new ReLU()), ("f", new Flatten()), ("d", new Dense(3 * 4 * 4, 2, true, RngKey.FromSeed(8))));
        var x = Inputs(50, [1, 6, 6], 9, constant: true);
        var sc = SequentialCompensation.Accumulate(model, x).Scores();
        double s0 = sc.S0[0].Max();
        Assert.True(sc.S[0].Max() <= 1e-6 * s0, $"S {sc.S[0].Max()} vs S0 {s0}");
        var before = model.Forward(x, false).Data.ToArray();
        var mask = new[] { sc.Dead[0].SelectMany(d => Enumerable.Repeat(!d, 9)).ToArray(), new bool[sc.S[1].Length] };
        SequentialPruning.Apply(model, mask, new Importance(sc.S, sc.DeltaB));
        var after = model.Forward(x, false).Data;
        for (int q = 0; q < before.Length; q++) Assert.Equal(before[q], after[q], 4);
    }

    [Fact]
    public void ExactBlockEqualsDiagonalOnOneByOneMaps()
    {
        var conv = new Sequential(("c", new Conv2d(2, 4, 3, RngKey.FromSeed(3))), ("r", new ReLU()), ("f", new Flatten()), ("d", new Dense(4, 2, true, RngKey.FromSeed(4))));
        var x = Inputs(100, [2, 3, 3], 6);
        var diag = SequentialCompensation.Accumulate(conv, x).Scores();
        var exact = SequentialCompensation.Accumulate(conv, x, exactConvBlock: true).Scores();
        AssertClose(diag.S0, exact.S0, 1e-9, 1e-15);
        AssertClose(diag.S, exact.S, 1e-7, 1e-14);
        AssertClose(diag.DeltaB, exact.DeltaB, 1e-7, 1e-12);
    }

    [Fact]
    public void ExactBlockIsExactOnLinearConvNets()
    {
        // no activation: f is linear in every z[o,p], so removing w[o,c,u] with δb* changes the outputs by exactly S (§7 exact block)
        var model = new Sequential(("c", new Conv2d(2, 3, 3, RngKey.FromSeed(10), padding: 1)), ("f", new Flatten()), ("d", new Dense(3 * 5 * 5, 2, true, RngKey.FromSeed(11))));
        var x = Inputs(40, [2, 5, 5], 12);
        var sc = SequentialCompensation.Accumulate(model, x, exactConvBlock: true).Scores();
        var diag = SequentialCompensation.Accumulate(model, x).Scores();
        var f0 = model.Forward(x, false).Data.ToArray();
        var state = model.StateDict();
        double maxRel = 0, diagRel = 0;
        foreach (int q in new[] { 0, 7, 20, 33, 53 })
        {
            var m = new Sequential(("c", new Conv2d(2, 3, 3, RngKey.FromSeed(10), padding: 1)), ("f", new Flatten()), ("d", new Dense(3 * 5 * 5, 2, true, RngKey.FromSeed(11))));
            m.LoadStateDict(state);
            var mask = new[] { new bool[sc.S[0].Length], new bool[sc.S[1].Length] };
            mask[0][q] = true;
            SequentialPruning.Apply(m, mask, new Importance(sc.S, sc.DeltaB));
            var f1 = m.Forward(x, false).Data;
            double d = f0.Zip(f1, (a, b) => (double)(a - b) * (a - b)).Sum() / 40;
            maxRel = Math.Max(maxRel, Math.Abs(d - sc.S[0][q]) / sc.S[0][q]);
            diagRel = Math.Max(diagRel, Math.Abs(diag.S[0][q] - sc.S[0][q]) / sc.S[0][q]);
        }
        Assert.True(maxRel < 1e-3, $"measured D vs exact-block S: max relative error {maxRel}");
        Assert.True(diagRel > 1e-2, $"the diagonal form should differ on a 5×5 map (max relative difference {diagRel})");
    }

    /// <summary>
    /// A linear conv net with residual blocks of all three shortcut kinds (identity, 1×1 conv, option A): f is linear in
    /// every z, so removing one weight with δb* changes the outputs by exactly the exact-block S, in the stem, in each main
    /// branch and in the shortcut conv. Fails if the statistics' pass sends a gradient down the wrong branch or records a
    /// layer's input or output gradient under another layer's index.
    /// </summary>
    [Fact]
    public void ExactBlockIsExactThroughResidualBlocks()
    {
        static Sequential Build() => Sequential.Indexed(
            new Conv2d(2, 3, 3, RngKey.FromSeed(20), padding: 1),
            new ResidualBlock(Sequential.Indexed(new Conv2d(3, 3, 3, RngKey.FromSeed(21), padding: 1)), ResidualShortcut.Identity),
            new ResidualBlock(Sequential.Indexed(new Conv2d(3, 3, 3, RngKey.FromSeed(22), padding: 1)), ResidualShortcut.Layers,
                Sequential.Indexed(new Conv2d(3, 3, 1, RngKey.FromSeed(23)))),
            new ResidualBlock(Sequential.Indexed(new Conv2d(3, 5, 3, RngKey.FromSeed(24), stride: 2, padding: 1)), ResidualShortcut.PadChannels),
            new Flatten(), new Dense(5 * 3 * 3, 2, true, RngKey.FromSeed(25)));
        var model = Build();
        var x = Inputs(30, [2, 5, 5], 26);
        var sc = SequentialCompensation.Accumulate(model, x, exactConvBlock: true).Scores();
        Assert.Equal(6, sc.S.Length);
        var f0 = model.Forward(x, false).Data.ToArray();
        var state = model.StateDict();
        double maxRel = 0;
        for (int layer = 0; layer < 5; layer++)
            foreach (int q in new[] { 0, sc.S[layer].Length / 2, sc.S[layer].Length - 1 })
            {
                var m = Build();
                m.LoadStateDict(state);
                var mask = sc.S.Select(v => new bool[v.Length]).ToArray();
                mask[layer][q] = true;
                SequentialPruning.Apply(m, mask, new Importance(sc.S, sc.DeltaB));
                var f1 = m.Forward(x, false).Data;
                double d = f0.Zip(f1, (a, b) => (double)(a - b) * (a - b)).Sum() / 30;
                maxRel = Math.Max(maxRel, Math.Abs(d - sc.S[layer][q]) / sc.S[layer][q]);
            }
        Assert.True(maxRel < 1e-3, $"measured D vs exact-block S: max relative error {maxRel}");
    }

    [Fact]
    public void BatchNormIsRejected() =>
        Assert.Throws<ArgumentException>(() => SequentialCompensation.Accumulate(
            new Sequential(("d", new Dense(2, 2, true, RngKey.FromSeed(1))), ("b", new BatchNorm1d(2))), new Tensor(4, 2)));
}
