using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PruneTheory.Networks;
using PruneTheory.Random;

namespace PruneTheory.Tests.Networks;

/// <summary>Forward passes against naive double-precision definitions (PyTorch: conv = cross-correlation).</summary>
public class ForwardReferenceTests
{
    private static RngKey Key(int seed) => RngKey.FromSeed((ulong)seed).FoldIn("forward");

    [Property(MaxTest = 30)]
    public Property Conv2dIsCrossCorrelationWithZeroPadding() => Prop.ForAll(
        (from n in Gen.Choose(1, 3) from ci in Gen.Choose(1, 3) from co in Gen.Choose(1, 4) from k in Gen.Choose(1, 4)
         from st in Gen.Choose(1, 3) from p in Gen.Choose(0, 2) from h in Gen.Choose(4, 9) from w in Gen.Choose(4, 9)
         from b in ArbMap.Default.GeneratorFor<bool>() from s in Gen.Choose(0, 1_000_000)
         select (n, ci, co, k, st, p, h, w, b, s)).ToArbitrary(), c =>
    {
        var conv = new Conv2d(c.ci, c.co, c.k, Key(c.s).FoldIn("w"), c.st, c.p, c.b);
        var x = GradCheck.Random(Key(c.s), c.n, c.ci, c.h, c.w);
        var y = conv.Forward(x, false);
        int oh = (c.h + 2 * c.p - c.k) / c.st + 1, ow = (c.w + 2 * c.p - c.k) / c.st + 1;
        if (!y.Shape.SequenceEqual([c.n, c.co, oh, ow])) return false;
        var wt = conv.Weight.Value.Data;
        for (int s = 0; s < c.n; s++)
            for (int o = 0; o < c.co; o++)
                for (int r = 0; r < oh; r++)
                    for (int q = 0; q < ow; q++)
                    {
                        double acc = c.b ? conv.Bias!.Value.Data[o] : 0, mag = Math.Abs(acc);
                        for (int i = 0; i < c.ci; i++)
                            for (int u = 0; u < c.k; u++)
                                for (int v = 0; v < c.k; v++)
                                {
                                    int ih = r * c.st - c.p + u, iw = q * c.st - c.p + v;
                                    if (ih < 0 || iw < 0 || ih >= c.h || iw >= c.w) continue;
                                    double term = (double)wt[((o * c.ci + i) * c.k + u) * c.k + v] * x.Data[((s * c.ci + i) * c.h + ih) * c.w + iw];
                                    acc += term; mag += Math.Abs(term);
                                }
                        if (Math.Abs(y.Data[((s * c.co + o) * oh + r) * ow + q] - acc) > 1e-5 * (mag + 1)) return false;
                    }
        return true;
    });

    [Property(MaxTest = 30)]
    public Property MaxPoolTakesTheWindowMaximum() => Prop.ForAll(
        (from k in Gen.Choose(1, 3) from st in Gen.Choose(1, 3) from h in Gen.Choose(3, 8) from s in Gen.Choose(0, 1_000_000)
         select (k, st, h, s)).ToArbitrary(), c =>
    {
        var x = GradCheck.Random(Key(c.s), 2, 3, c.h, c.h + 1);
        var y = new MaxPool2d(c.k, c.st).Forward(x, false);
        int oh = (c.h - c.k) / c.st + 1, ow = (c.h + 1 - c.k) / c.st + 1;
        if (!y.Shape.SequenceEqual([2, 3, oh, ow])) return false;
        for (int pl = 0; pl < 6; pl++)
            for (int r = 0; r < oh; r++)
                for (int q = 0; q < ow; q++)
                {
                    float m = float.NegativeInfinity;
                    for (int u = 0; u < c.k; u++)
                        for (int v = 0; v < c.k; v++) m = Math.Max(m, x.Data[(pl * c.h + r * c.st + u) * (c.h + 1) + q * c.st + v]);
                    if (y.Data[(pl * oh + r) * ow + q] != m) return false;
                }
        return true;
    });

    [Property(MaxTest = 30)]
    public Property DenseIsXTimesWTransposedPlusBias() => Prop.ForAll(
        (from n in Gen.Choose(1, 5) from i in Gen.Choose(1, 40) from o in Gen.Choose(1, 40) from s in Gen.Choose(0, 1_000_000)
         select (n, i, o, s)).ToArbitrary(), c =>
    {
        var dense = new Dense(c.i, c.o, true, Key(c.s).FoldIn("w"));
        var x = GradCheck.Random(Key(c.s), c.n, c.i);
        var y = dense.Forward(x, false);
        for (int r = 0; r < c.n; r++)
            for (int j = 0; j < c.o; j++)
            {
                double acc = dense.Bias!.Value.Data[j], mag = Math.Abs(acc);
                for (int k = 0; k < c.i; k++) { double t = (double)x.Data[r * c.i + k] * dense.Weight.Value.Data[j * c.i + k]; acc += t; mag += Math.Abs(t); }
                if (Math.Abs(y.Data[r * c.o + j] - acc) > 1e-5 * (mag + 1)) return false;
            }
        return true;
    });
}
