using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PruneTheory.Pruning.BiasCompensation;
using Xunit;
using static PruneTheory.Tests.Pruning.TestNets;

namespace PruneTheory.Tests.Pruning;

/// <summary>Spec §8.1–8.3: exactness on linear networks, the clamp, predicted vs actual deviation.</summary>
public sealed class ExactnessProperties
{
    private static Arbitrary<Case> Linear => Cases(HiddenActivation.Identity).ToArbitrary();

    [Property(MaxTest = 60)]
    public Property LinearNetworkMeasuredDeviationEqualsScore() => Prop.ForAll(Linear, c =>
    {
        var net = Net(c); var calib = CalibData(c);
        var sc = CompensationStatistics.Accumulate(net, calib, new SensitivityOptions()).Scores();
        double fMax = 1 + net.Predict(calib.X, calib.Count).Max(Math.Abs);
        for (int li = 0; li < net.Layers; li++)
            for (int q = 0; q < net.Weights[li].Length; q++)
            {
                double d = Deviation(net, RemovePart(net, li, q, 1, sc.DeltaB[li][q]), calib);
                double s = sc.S[li][q];
                // 1e-12 relative, plus the round-off of measuring D from f' − f (|f| ~ fMax) and of the clamp regime
                if (Math.Abs(d - s) > 1e-12 * s + 1e-13 * Math.Sqrt(s) * fMax + 1e-15 * sc.S0[li][q]) return false.Label($"D={d} S={s} layer {li} q {q}");
            }
        return true.ToProperty();
    });

    [Property(MaxTest = 40)]
    public Property LinearNetworkBiasGradientVanishesAtOptimum() => Prop.ForAll(Linear, c =>
    {
        var net = Net(c); var calib = CalibData(c);
        var sc = CompensationStatistics.Accumulate(net, calib, new SensitivityOptions()).Scores();
        int li = net.Layers - 1 - c.Seed % net.Layers, nIn = net.Sizes[li], i = c.Seed % net.Sizes[li + 1];
        // remove every weight of row i with its summed ΔB: the row optimum is additive (§3.3)
        var mask = net.Weights.Select(w => new bool[w.Length]).ToArray();
        for (int j = 0; j < nIn; j++) mask[li][i * nIn + j] = true;
        var pruned = Pruner.Apply(net, mask, new Importance(sc.S, sc.DeltaB));
        const double h = 1e-3;
        double Slope(Mlp m) => (Deviation(net, ShiftBias(m, li, i, h), calib) - Deviation(net, ShiftBias(m, li, i, -h), calib)) / (2 * h);
        var uncompensated = Pruner.Apply(net, mask, new Importance(sc.S));
        double atOpt = Slope(pruned), atZero = Slope(uncompensated);
        return (Math.Abs(atOpt) <= 1e-7 * Math.Abs(atZero) + 1e-10).Label($"slope {atOpt} vs {atZero}");
    });

    [Property(MaxTest = 40)]
    public Property ConstantInputIsFreeAndExactForAnyActivation() =>
        Prop.ForAll(Cases(HiddenActivation.Relu, HiddenActivation.Tanh, HiddenActivation.Identity).ToArbitrary(), c =>
        {
            var net = Net(c); var calib = CalibData(c);
            int din = net.InputSize, j = c.Seed % din;
            var x = (double[])calib.X.Clone();
            for (int r = 0; r < calib.Count; r++) x[r * din + j] = 0.37;
            var constant = new CalibrationSet(x, calib.Y, calib.Count, din, calib.OutputSize, calib.Loss);
            var sc = CompensationStatistics.Accumulate(net, constant, new SensitivityOptions()).Scores();
            var mask = net.Weights.Select(w => new bool[w.Length]).ToArray();
            // dead rows (g ≡ 0) get ΔB = 0 by definition, so removing their weights may switch them on: live rows only
            for (int i = 0; i < net.Sizes[1]; i++) mask[0][i * din + j] = !sc.Dead[0][i];
            var pruned = Pruner.Apply(net, mask, new Importance(sc.S, sc.DeltaB));
            double d = Deviation(net, pruned, constant);
            double maxS = Enumerable.Range(0, net.Sizes[1]).Max(i => sc.S[0][i * din + j]);
            double scale = Enumerable.Range(0, net.Sizes[1]).Max(i => sc.S0[0][i * din + j]) + 1e-300;
            return (d <= 1e-24 + 1e-24 * scale && maxS <= 1e-13 * scale && maxS >= 0).Label($"D={d} S={maxS} S0={scale}");
        });

    [Fact]
    public void TanhPredictedDeviationConvergesAtFirstOrder()
    {
        var net = Net(11, [4, 8, 8, 3], HiddenActivation.Tanh); var calib = CalibData(11, 4, 3, 200);
        var sc = CompensationStatistics.Accumulate(net, calib, new SensitivityOptions()).Scores();
        int li = 1, q = 13;
        double s = sc.S[li][q];
        double Err(double t) => Math.Abs(Deviation(net, RemovePart(net, li, q, t, sc.DeltaB[li][q]), calib) / (t * t) - s) / s;
        double e1 = Err(1), e2 = Err(0.1), e3 = Err(0.01);
        Assert.True(e3 < 0.02 && e3 < e2 / 5 && e2 < e1 + 1e-12, $"relative errors {e1} {e2} {e3}");
        Assert.InRange(Math.Log10(e2 / e3), 0.8, 1.2);   // O(t)
    }

    [Property(MaxTest = 30)]
    public Property SensitivityMatchesCentralDifferencesInBias() =>
        Prop.ForAll(Cases(HiddenActivation.Tanh, HiddenActivation.Identity).ToArbitrary(), c =>
        {
            var net = Net(c); var calib = CalibData(c);
            var st = CompensationStatistics.Accumulate(net, calib, new SensitivityOptions());
            const double h = 1e-5;
            for (int li = 0; li < net.Layers; li++)
                for (int i = 0; i < net.Sizes[li + 1]; i++)
                {
                    var fp = ShiftBias(net, li, i, h).Predict(calib.X, calib.Count);
                    var fm = ShiftBias(net, li, i, -h).Predict(calib.X, calib.Count);
                    double m0 = 0;
                    for (int k = 0; k < fp.Length; k++) { double d = (fp[k] - fm[k]) / (2 * h); m0 += d * d; }
                    if (Math.Abs(m0 - st.M0[li][i]) > 1e-6 * (m0 + 1e-8)) return false.Label($"m0 fd {m0} vs {st.M0[li][i]}");
                }
            return true.ToProperty();
        });
}
