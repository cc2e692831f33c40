using FsCheck;
using FsCheck.Fluent;
using PruneTheory.Pruning.BiasCompensation;
using PruneTheory.Random;

namespace PruneTheory.Tests.Pruning;

/// <summary>Small random networks and calibration sets for the bias-compensation property tests.</summary>
public static class TestNets
{
    public sealed record Case(int Seed, int[] Sizes, HiddenActivation Act, int Samples)
    {
        public override string ToString() => $"seed={Seed} sizes=[{string.Join(",", Sizes)}] act={Act} N={Samples}";
    }

    public static Gen<Case> Cases(params HiddenActivation[] acts) =>
        from seed in Gen.Choose(0, 1_000_000)
        from depth in Gen.Choose(1, 3)
        from hidden in Gen.ArrayOf(Gen.Choose(2, 7), depth - 1)
        from din in Gen.Choose(1, 6)
        from dout in Gen.Choose(1, 4)
        from act in Gen.Elements(acts)
        from n in Gen.Choose(5, 60)
        select new Case(seed, [din, .. hidden, dout], act, n);

    public static Mlp Net(Case c) => Net(c.Seed, c.Sizes, c.Act);

    public static Mlp Net(int seed, int[] sizes, HiddenActivation act)
    {
        var s = RngKey.FromSeed((ulong)seed).FoldIn("net").Stream();
        var w = new double[sizes.Length - 1][]; var b = new double[sizes.Length - 1][];
        for (int l = 0; l < w.Length; l++)
        {
            w[l] = new double[sizes[l + 1] * sizes[l]]; b[l] = new double[sizes[l + 1]];
            for (int q = 0; q < w[l].Length; q++) w[l][q] = s.NextGaussian() / Math.Sqrt(sizes[l]);
            for (int q = 0; q < b[l].Length; q++) b[l][q] = 0.1 * s.NextGaussian();
        }
        return new Mlp(sizes, w, b, act);
    }

    public static CalibrationSet CalibData(Case c, CalibrationLoss loss = CalibrationLoss.HalfSquaredError) => CalibData(c.Seed, c.Sizes[0], c.Sizes[^1], c.Samples, loss);

    public static CalibrationSet CalibData(int seed, int din, int dout, int n, CalibrationLoss loss = CalibrationLoss.HalfSquaredError)
    {
        var s = RngKey.FromSeed((ulong)seed).FoldIn("data").Stream();
        var x = new double[n * din]; var y = new double[n * dout];
        for (int q = 0; q < x.Length; q++) x[q] = s.NextGaussian() + 0.5;
        if (loss == CalibrationLoss.SoftmaxCrossEntropy) for (int r = 0; r < n; r++) y[r * dout + s.NextInt(dout)] = 1;
        else for (int q = 0; q < y.Length; q++) y[q] = s.NextGaussian();
        return new CalibrationSet(x, y, n, din, dout, loss);
    }

    /// <summary>Measured D = mean‖f(θ') − f(θ)‖² on the calibration inputs.</summary>
    public static double Deviation(Mlp original, Mlp changed, CalibrationSet calib)
    {
        var f0 = original.Predict(calib.X, calib.Count); var f1 = changed.Predict(calib.X, calib.Count);
        double s = 0;
        for (int q = 0; q < f0.Length; q++) { double d = f1[q] - f0[q]; s += d * d; }
        return s / calib.Count;
    }

    /// <summary>Copy with w_ij of layer li scaled by (1 − t) and t·δb added to b_i.</summary>
    public static Mlp RemovePart(Mlp net, int li, int q, double t, double deltaB)
    {
        var m = net.Clone();
        int i = q / net.Sizes[li];
        m.Weights[li][q] *= 1 - t;
        m.Biases[li][i] += t * deltaB;
        return m;
    }

    public static Mlp ShiftBias(Mlp net, int li, int i, double d) { var m = net.Clone(); m.Biases[li][i] += d; return m; }
}
