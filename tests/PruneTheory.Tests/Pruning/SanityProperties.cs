using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PruneTheory.Pruning.BiasCompensation;
using PruneTheory.Random;
using Xunit;
using static PruneTheory.Tests.Pruning.TestNets;

namespace PruneTheory.Tests.Pruning;

/// <summary>Spec §8.8 and the baselines: GEMM, Fisher and probe sensitivities, NonLinear, loss variant (c).</summary>
public sealed class SanityProperties
{
    [Property(MaxTest = 60)]
    public Property GemmFormsMatchNaiveProductForAnyThreadCount() =>
        Prop.ForAll(Gen.Choose(1, 70).ToArbitrary(), Gen.Choose(1, 300).ToArbitrary(), Gen.Choose(1, 40).ToArbitrary(), (m, k, n) =>
        {
            var s = RngKey.FromSeed((ulong)(m * 100000 + k * 100 + n)).Stream();
            var a = new double[m * k]; var b = new double[k * n]; s.FillGaussian(a); s.FillGaussian(b);
            var naive = new double[m * n];
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) { double t = 0; for (int p = 0; p < k; p++) t += a[i * k + p] * b[p * n + j]; naive[i * n + j] = t; }
            var c1 = new double[m * n]; var c2 = new double[m * n]; var c3 = new double[m * n]; var c4 = new double[m * n];
            DoubleGemm.NN(a, b, c1, m, k, n, maxThreads: 1);
            DoubleGemm.NN(a, b, c2, m, k, n, maxThreads: 2);
            DoubleGemm.NT(a, DoubleGemm.Transpose(b, k, n), c3, m, k, n);
            DoubleGemm.TN(DoubleGemm.Transpose(a, m, k), b, c4, m, k, n);
            bool close = naive.Zip(c1).All(t => Math.Abs(t.First - t.Second) <= 1e-12 * (1 + Math.Abs(t.First)) * k);
            return (close && c1.SequenceEqual(c2) && c1.SequenceEqual(c3) && c1.SequenceEqual(c4)).ToProperty();
        });

    [Property(MaxTest = 40)]
    public Property SparseStatisticsMatchDenseProducts() =>
        Prop.ForAll(Gen.Choose(1, 40).ToArbitrary(), Gen.Choose(1, 60).ToArbitrary(), Gen.Choose(1, 50).ToArbitrary(), (nOut, rows, nIn) =>
        {
            var s = RngKey.FromSeed((ulong)(nOut * 10000 + rows * 100 + nIn)).Stream();
            var g = new double[rows * nOut]; var a = new double[rows * nIn];
            for (int q = 0; q < g.Length; q++) g[q] = s.NextDouble();
            for (int q = 0; q < a.Length; q++) a[q] = s.NextDouble() < 0.8 ? 0 : s.NextGaussian();
            var aa = a.Select(v => v * v).ToArray();
            var d1 = new double[nOut * nIn]; var d2 = new double[nOut * nIn]; var s1 = new double[nOut * nIn]; var s2 = new double[nOut * nIn];
            DoubleGemm.TN(g, a, d1, nOut, rows, nIn); DoubleGemm.TN(g, aa, d2, nOut, rows, nIn);
            SparseStatistics.Accumulate(g, a, s1, s2, nOut, rows, nIn);
            bool Close(double[] x, double[] y) => x.Zip(y).All(t => Math.Abs(t.First - t.Second) <= 1e-12 * (1 + Math.Abs(t.First)) * rows);
            return (Close(d1, s1) && Close(d2, s2)).ToProperty();
        });

    [Fact]
    public void FisherSensitivityMatchesMonteCarloAndIsNonNegative()
    {
        var net = Net(5, [3, 6, 4], HiddenActivation.Tanh); var calib = CalibData(5, 3, 4, 3, CalibrationLoss.SoftmaxCrossEntropy);
        var fw = MlpForward.Run(net, calib.X, calib.Count);
        var g = Sensitivities.Compute(net, fw, calib.Y, calib.Loss, new SensitivityOptions(SensitivityKind.Fisher), 0);
        Assert.All(g.SelectMany(x => x), v => Assert.True(v >= 0));
        // Monte-Carlo: ŷ ~ p, g ≈ mean (J_iᵀ(p − e_ŷ))², via the loss-level pass with sampled one-hot targets
        var p = CalibrationSet.Softmax(fw.Output, calib.Count, 4);
        var s = RngKey.FromSeed(9).Stream();
        var mc = g.Select(x => new double[x.Length]).ToArray();
        const int draws = 40000;
        for (int t = 0; t < draws; t++)
        {
            var y = new double[calib.Count * 4];
            for (int r = 0; r < calib.Count; r++)
            {
                double u = s.NextDouble(), acc = 0; int k = 0;
                for (; k < 3; k++) { acc += p[r * 4 + k]; if (u < acc) break; }
                y[r * 4 + k] = 1;
            }
            var gs = Sensitivities.Compute(net, fw, y, CalibrationLoss.SoftmaxCrossEntropy, new SensitivityOptions(SensitivityKind.LossSquared), 0);
            for (int l = 0; l < mc.Length; l++) for (int q = 0; q < mc[l].Length; q++) mc[l][q] += gs[l][q] / draws;
        }
        for (int l = 0; l < g.Length; l++)
            for (int q = 0; q < g[l].Length; q++) Assert.True(Math.Abs(mc[l][q] - g[l][q]) < 0.03 * g[l][q] + 1e-4, $"layer {l}: {mc[l][q]} vs {g[l][q]}");
    }

    [Fact]
    public void ProbeSensitivityConvergesToExact()
    {
        var net = Net(6, [3, 8, 16], HiddenActivation.Relu); var calib = CalibData(6, 3, 16, 50);
        var exact = CompensationStatistics.Accumulate(net, calib, new SensitivityOptions()).M0[0];
        double Err(int k)
        {
            var m0 = CompensationStatistics.Accumulate(net, calib, new SensitivityOptions(SensitivityKind.RademacherProbes, k, RngKey.FromSeed(3))).M0[0];
            return Math.Sqrt(m0.Zip(exact).Sum(t => (t.First - t.Second) * (t.First - t.Second)) / exact.Sum(v => v * v));
        }
        double e4 = Err(4), e64 = Err(64), e1024 = Err(1024);
        Assert.True(e64 < e4 && e1024 < e64 && e1024 < 0.05, $"{e4} {e64} {e1024}");
    }

    [Fact]
    public void NonLinearOnOutputLayerMeasuresExactlyTheScoreAndRefitNeverWorse()
    {
        var net = Net(8, [3, 5, 2], HiddenActivation.Tanh); var calib = CalibData(8, 3, 2, 40);
        var ec = PruningMethods.Create("ec", default).Score(net, calib);
        var cheap = new NonLinearScorer(40).Score(net, calib);
        var refit = new NonLinearScorer(40, refit: true).Score(net, calib);
        var subset = new NonLinearScorer(40, refit: true, only: (l, q) => l == 0 && q % 2 == 1).Score(net, calib);
        for (int q = 0; q < net.Weights[0].Length; q++) Assert.Equal(q % 2 == 1 ? refit.Scores[0][q] : 0, subset.Scores[0][q]);
        Assert.All(subset.Scores[1], v => Assert.Equal(0, v));
        for (int q = 0; q < net.Weights[1].Length; q++) Assert.Equal(ec.Scores[1][q], cheap.Scores[1][q], 12);   // g ≡ 1: D at δb* = S
        for (int l = 0; l < 2; l++)
            for (int q = 0; q < net.Weights[l].Length; q++)
            {
                Assert.True(refit.Scores[l][q] <= cheap.Scores[l][q] + 1e-15);
                var single = net.Weights.Select(w => new bool[w.Length]).ToArray(); single[l][q] = true;
                Assert.Equal(cheap.Scores[l][q], Deviation(net, Pruner.Apply(net, single, cheap), calib), 12);
            }
    }

    [Property(MaxTest = 30)]
    public Property LossVariantCScoreIsTheRemovalCostOnLinearNetworks() => Prop.ForAll(Cases(HiddenActivation.Identity).ToArbitrary(), c =>
    {
        // the ranked score is ΔL of removing w with the shift w·H_wb/H_bb alone (the row offset, a bias-only step, left out)
        var net = Net(c); var calib = CalibData(c);
        var imp = new LossSecondOrderScorer(damping: 0).Score(net, calib) with { RowOffsets = null };
        double l0 = calib.MeanLoss(net.Predict(calib.X, calib.Count));
        int li = c.Seed % net.Layers, q = c.Seed % net.Weights[li].Length;
        var mask = net.Weights.Select(w => new bool[w.Length]).ToArray(); mask[li][q] = true;
        var pruned = Pruner.Apply(net, mask, imp);
        double dl = calib.MeanLoss(pruned.Predict(calib.X, calib.Count)) - l0;
        return (Math.Abs(dl - imp.Scores[li][q]) <= 1e-9 * (Math.Abs(dl) + l0)).Label($"ΔL={dl} S^L={imp.Scores[li][q]}");
    });

    [Fact]
    public void UnknownMethodAndBadInputAreRejected()
    {
        Assert.Throws<ArgumentException>(() => PruningMethods.Create("nope", default));
        Assert.Throws<ArgumentException>(() => new Mlp([2, 3], [new double[5]], [new double[3]], HiddenActivation.Relu));
        Assert.Throws<ArgumentException>(() => Selection.Select([[double.NaN]], 0.5, SelectionScope.Global));
    }
}
