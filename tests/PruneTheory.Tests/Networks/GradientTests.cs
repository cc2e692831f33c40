using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PruneTheory.Networks;
using PruneTheory.Random;

namespace PruneTheory.Tests.Networks;

/// <summary>Finite-difference gradient checks for every layer and loss, over random small shapes.</summary>
public class GradientTests
{
    private const double Tol = 2e-2;
    private static RngKey Key(int seed) => RngKey.FromSeed((ulong)seed).FoldIn("gradcheck");
    private static Gen<int> Seeds => Gen.Choose(0, 1_000_000);
    private static Gen<bool> Bools => ArbMap.Default.GeneratorFor<bool>();

    [Property(MaxTest = 25)]
    public Property Dense() => Prop.ForAll((from n in Gen.Choose(1, 6) from i in Gen.Choose(1, 9) from o in Gen.Choose(1, 9)
                                            from b in Bools from s in Seeds select (n, i, o, b, s)).ToArbitrary(), c =>
    {
        var layer = new Dense(c.i, c.o, c.b, Key(c.s).FoldIn("w"));
        return GradCheck.WorstRelativeError(layer, GradCheck.Random(Key(c.s), c.n, c.i), true, Key(c.s)) < Tol;
    });

    [Property(MaxTest = 25)]
    public Property Conv2d() => Prop.ForAll((from n in Gen.Choose(1, 3) from ci in Gen.Choose(1, 3) from co in Gen.Choose(1, 4)
                                             from k in Gen.Choose(1, 3) from st in Gen.Choose(1, 2) from p in Gen.Choose(0, 1)
                                             from h in Gen.Choose(3, 7) from w in Gen.Choose(3, 7) from b in Bools from s in Seeds
                                             select (n, ci, co, k, st, p, h, w, b, s)).ToArbitrary(), c =>
    {
        var layer = new PruneTheory.Networks.Conv2d(c.ci, c.co, c.k, Key(c.s).FoldIn("w"), c.st, c.p, c.b);
        return GradCheck.WorstRelativeError(layer, GradCheck.Random(Key(c.s), c.n, c.ci, c.h, c.w), true, Key(c.s)) < Tol;
    });

    [Property(MaxTest = 25)]
    public Property BatchNorm1d() => Prop.ForAll((from n in Gen.Choose(4, 8) from ch in Gen.Choose(1, 5) from train in Bools
                                                  from s in Seeds select (n, ch, train, s)).ToArbitrary(), c =>
    {
        var layer = new PruneTheory.Networks.BatchNorm1d(c.ch);
        RandomiseAffine(layer, Key(c.s));
        // n ≥ 4: with two samples the normalised output is ±1 and FD sees only float noise
        return GradCheck.WorstRelativeError(layer, GradCheck.Random(Key(c.s), c.n, c.ch), c.train, Key(c.s), h: 3e-3) < Tol;
    });

    [Property(MaxTest = 25)]
    public Property BatchNorm2d() => Prop.ForAll((from n in Gen.Choose(1, 3) from ch in Gen.Choose(1, 3) from h in Gen.Choose(1, 4)
                                                  from w in Gen.Choose(2, 4) from train in Bools from s in Seeds
                                                  select (n, ch, h, w, train, s)).ToArbitrary(), c =>
    {
        var layer = new PruneTheory.Networks.BatchNorm2d(c.ch);
        RandomiseAffine(layer, Key(c.s));
        return GradCheck.WorstRelativeError(layer, GradCheck.Random(Key(c.s), c.n, c.ch, c.h, c.w), c.train, Key(c.s), h: 3e-3) < Tol;
    });

    private static void RandomiseAffine(BatchNorm bn, RngKey key)
    {
        var rng = key.FoldIn("affine").Stream();
        for (int i = 0; i < bn.Channels; i++)
        {
            bn.Gamma.Value.Data[i] = (float)rng.NextUniform(0.5, 2); bn.Beta.Value.Data[i] = (float)rng.NextGaussian();
            bn.RunningMean.Data[i] = (float)rng.NextGaussian(); bn.RunningVar.Data[i] = (float)rng.NextUniform(0.5, 2);
        }
    }

    [Property(MaxTest = 20)]
    public Property ReLUAndFlatten() => Prop.ForAll((from n in Gen.Choose(1, 3) from ch in Gen.Choose(1, 3) from h in Gen.Choose(1, 4)
                                                     from s in Seeds select (n, ch, h, s)).ToArbitrary(), c =>
    {
        var x = GradCheck.Separated(Key(c.s), c.n, c.ch, c.h, c.h);
        var net = new Sequential(("relu", new ReLU()), ("flat", new Flatten()));
        return GradCheck.WorstRelativeError(net, x, true, Key(c.s), h: 1e-2) < Tol;
    });

    [Property(MaxTest = 20)]
    public Property MaxPool2d() => Prop.ForAll((from n in Gen.Choose(1, 2) from ch in Gen.Choose(1, 3) from k in Gen.Choose(2, 3)
                                                from st in Gen.Choose(1, 3) from h in Gen.Choose(3, 7) from s in Seeds
                                                select (n, ch, k, st, h, s)).ToArbitrary(), c =>
    {
        var x = GradCheck.Separated(Key(c.s), c.n, c.ch, c.h, c.h + 1);
        return GradCheck.WorstRelativeError(new PruneTheory.Networks.MaxPool2d(c.k, c.st), x, true, Key(c.s), h: 1e-2) < Tol;
    });

    [Property(MaxTest = 20)]
    public Property AvgPool2d() => Prop.ForAll((from n in Gen.Choose(1, 2) from ch in Gen.Choose(1, 3) from k in Gen.Choose(1, 3)
                                                from st in Gen.Choose(1, 3) from h in Gen.Choose(3, 7) from global in Bools from s in Seeds
                                                select (n, ch, k, st, h, global, s)).ToArbitrary(), c =>
    {
        var x = GradCheck.Random(Key(c.s), c.n, c.ch, c.h, c.h + 1);
        return GradCheck.WorstRelativeError(new PruneTheory.Networks.AvgPool2d(c.k, c.st, c.global), x, true, Key(c.s)) < Tol;
    });

    [Property(MaxTest = 25)]
    public Property SoftmaxCrossEntropy() => Prop.ForAll((from n in Gen.Choose(1, 6) from k in Gen.Choose(2, 8) from s in Seeds
                                                          select (n, k, s)).ToArbitrary(), c =>
    {
        var logits = GradCheck.Random(Key(c.s), c.n, c.k);
        var labels = Enumerable.Range(0, c.n).Select(i => (i * 7 + c.s) % c.k).ToArray();
        var g = Losses.SoftmaxCrossEntropy(logits, labels).Gradient;
        return GradCheck.Compare(logits.Data, g.Data, () => Losses.SoftmaxCrossEntropy(logits, labels).Value, 1e-3, 50, Key(c.s)) < 1e-3;
    });

    [Property(MaxTest = 25)]
    public Property MeanSquaredError() => Prop.ForAll((from n in Gen.Choose(1, 6) from k in Gen.Choose(1, 8) from s in Seeds
                                                       select (n, k, s)).ToArbitrary(), c =>
    {
        var y = GradCheck.Random(Key(c.s), c.n, c.k); var t = GradCheck.Random(Key(c.s).FoldIn(1), c.n, c.k);
        var g = Losses.MeanSquaredError(y, t).Gradient;
        return GradCheck.Compare(y.Data, g.Data, () => Losses.MeanSquaredError(y, t).Value, 1e-3, 50, Key(c.s)) < 1e-3;
    });

    /// <summary>
    /// Conv–BN2d–flatten–Dense–BN1d–Dense in training mode: the layers composed. Kinked layers (ReLU,
    /// max-pool) are left out here because a float32 FD step through hundreds of units crosses some kink;
    /// they are checked alone above on inputs kept away from their kinks.
    /// </summary>
    [Property(MaxTest = 10)]
    public Property SmoothComposite() => Prop.ForAll(Seeds.ToArbitrary(), s =>
    {
        var k = Key(s);
        var net = new Sequential(("c", new PruneTheory.Networks.Conv2d(1, 3, 3, k.FoldIn(1), padding: 1, bias: false)),
            ("b", new PruneTheory.Networks.BatchNorm2d(3)), ("f", new Flatten()), ("d", new Dense(108, 5, true, k.FoldIn(2))),
            ("b2", new PruneTheory.Networks.BatchNorm1d(5)), ("d2", new Dense(5, 3, true, k.FoldIn(3))));
        return GradCheck.WorstRelativeError(net, GradCheck.Random(k.FoldIn("x"), 8, 1, 6, 6), true, k, h: 1e-2) < Tol;
    });

    /// <summary>Residual blocks of every shortcut kind (identity, 1×1 conv, option A), smooth main branch (conv, tanh, conv).</summary>
    [Property(MaxTest = 12)]
    public Property ResidualBlock() => Prop.ForAll((from kind in Gen.Elements(ResidualShortcut.Identity, ResidualShortcut.Layers, ResidualShortcut.PadChannels)
                                                    from s in Seeds select (kind, s)).ToArbitrary(), c =>
    {
        var k = Key(c.s);
        int cin = 2, cout = c.kind == ResidualShortcut.Identity ? 2 : 4, stride = c.kind == ResidualShortcut.Identity ? 1 : 2;
        var main = Sequential.Indexed(new PruneTheory.Networks.Conv2d(cin, cout, 3, k.FoldIn(1), stride, padding: 1), new PruneTheory.Pruning.BiasCompensation.TanhLayer(),
            new PruneTheory.Networks.Conv2d(cout, cout, 3, k.FoldIn(2), padding: 1));
        var shortcut = c.kind == ResidualShortcut.Layers ? Sequential.Indexed(new PruneTheory.Networks.Conv2d(cin, cout, 1, k.FoldIn(3), stride)) : null;
        var block = new ResidualBlock(main, c.kind, shortcut);
        return GradCheck.WorstRelativeError(block, GradCheck.Random(k.FoldIn("x"), 2, cin, 6, 6), true, k, h: 1e-2) < Tol;
    });
}
