using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PruneTheory.Pruning.BiasCompensation;
using PruneTheory.Random;
using Xunit;
using static PruneTheory.Tests.Pruning.TestNets;

namespace PruneTheory.Tests.Pruning;

/// <summary>Spec §8.2, 8.4–8.8: identity at 0 %, equivariance, dead units, nested masks, exact counts, bounds.</summary>
public sealed class StructureProperties
{
    private static Arbitrary<Case> Any => Cases(HiddenActivation.Relu, HiddenActivation.Tanh, HiddenActivation.Identity).ToArbitrary();
    private static Arbitrary<Case> Deep => Cases(HiddenActivation.Relu, HiddenActivation.Tanh).Where(c => c.Sizes.Length >= 3).ToArbitrary();

    [Property(MaxTest = 15)]
    public Property ZeroPercentIsBitIdenticalForEveryMethod() => Prop.ForAll(Any, c =>
    {
        var net = Net(c); var calib = CalibData(c);
        foreach (string m in PruningMethods.All)
        {
            var (pruned, mask) = PruningMethods.OneShot(net, calib, PruningMethods.Create(m, RngKey.FromSeed(1), 8, 4), 0);
            if (Pruner.Count(mask) != 0) return false.Label($"{m}: mask not empty");
            for (int li = 0; li < net.Layers; li++)
                if (!net.Weights[li].SequenceEqual(pruned.Weights[li]) || !net.Biases[li].SequenceEqual(pruned.Biases[li])) return false.Label(m);
            if (!net.Predict(calib.X, calib.Count).SequenceEqual(pruned.Predict(calib.X, calib.Count))) return false.Label(m);
        }
        return true.ToProperty();
    });

    [Property(MaxTest = 40)]
    public Property ScoresAreBetweenZeroAndUncompensated() => Prop.ForAll(Any, c =>
    {
        var net = Net(c);
        foreach (var kind in new[] { SensitivityKind.ExactOutput, SensitivityKind.Fisher, SensitivityKind.LossSquared, SensitivityKind.Local })
        {
            var sc = CompensationStatistics.Accumulate(net, CalibData(c, CalibrationLoss.SoftmaxCrossEntropy), new SensitivityOptions(kind)).Scores();
            for (int li = 0; li < net.Layers; li++)
                for (int q = 0; q < sc.S[li].Length; q++)
                    if (!(sc.S[li][q] >= 0 && sc.S[li][q] <= sc.S0[li][q] * (1 + 1e-12) && double.IsFinite(sc.DeltaB[li][q]))) return false.Label($"{kind} S={sc.S[li][q]} S0={sc.S0[li][q]}");
        }
        return true.ToProperty();
    });

    [Property(MaxTest = 40)]
    public Property HiddenPermutationPermutesScoresAndKeepsPrunedOutputs() => Prop.ForAll(Deep, Gen.Choose(1, 9).ToArbitrary(), (c, tenths) =>
    {
        var net = Net(c); var calib = CalibData(c);
        int l = 1, n = net.Sizes[l];   // hidden layer l = output of weight matrix 0
        var perm = RngKey.FromSeed((ulong)c.Seed).FoldIn("perm").Stream().Permutation(n);
        var p = net.Clone();
        for (int i = 0; i < n; i++)
        {
            Array.Copy(net.Weights[0], perm[i] * net.Sizes[0], p.Weights[0], i * net.Sizes[0], net.Sizes[0]);
            p.Biases[0][i] = net.Biases[0][perm[i]];
            for (int k = 0; k < net.Sizes[2]; k++) p.Weights[1][k * n + i] = net.Weights[1][k * n + perm[i]];
        }
        var ec = PruningMethods.Create("ec", default);
        var a = CompensationStatistics.Accumulate(net, calib, new SensitivityOptions()).Scores();
        var b = CompensationStatistics.Accumulate(p, calib, new SensitivityOptions()).Scores();
        int nIn = net.Sizes[0];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < nIn; j++)
                if (Math.Abs(a.S[0][perm[i] * nIn + j] - b.S[0][i * nIn + j]) > 1e-12 * (a.S0[0][perm[i] * nIn + j] + 1e-300)
                    || Math.Abs(a.DeltaB[0][perm[i] * nIn + j] - b.DeltaB[0][i * nIn + j]) > 1e-10 * (Math.Abs(a.DeltaB[0][perm[i] * nIn + j]) + 1e-12))
                    return false.Label("scores not permuted");
        // the spec asks for data without score ties: tied scores (e.g. the zeros of dead ReLU units, whose removal can
        // switch them on) are broken by position, which a permutation changes; skip such cases
        var all = a.S.SelectMany(s => s).OrderBy(s => s).ToArray();
        for (int q = 1; q < all.Length; q++) if (all[q] - all[q - 1] <= 1e-9 * all[q]) return true.ToProperty();
        var (pa, _) = PruningMethods.OneShot(net, calib, ec, tenths / 10.0);
        var (pb, _) = PruningMethods.OneShot(p, calib, ec, tenths / 10.0);
        var fa = pa.Predict(calib.X, calib.Count); var fb = pb.Predict(calib.X, calib.Count);
        return fa.Zip(fb).All(t => Math.Abs(t.First - t.Second) <= 1e-10 * (1 + Math.Abs(t.First))).Label("pruned outputs differ");
    });

    [Property(MaxTest = 40)]
    public Property RebatchingAndReorderingSamplesKeepsStatistics() => Prop.ForAll(Any, Gen.Choose(1, 9).ToArbitrary(), (c, batch) =>
    {
        var net = Net(c); var calib = CalibData(c);
        var order = RngKey.FromSeed((ulong)c.Seed).FoldIn("order").Stream().Permutation(calib.Count);
        var a = CompensationStatistics.Accumulate(net, calib, new SensitivityOptions());
        var b = CompensationStatistics.Accumulate(net, calib.Reorder(order), new SensitivityOptions(), batchSize: batch);
        bool Close(double[][] x, double[][] y) => x.Zip(y).All(t => t.First.Zip(t.Second).All(u => Math.Abs(u.First - u.Second) <= 1e-12 * (Math.Abs(u.First) + 1e-300)));
        return (Close(a.M0, b.M0) && Close(a.M1, b.M1) && Close(a.M2, b.M2)).ToProperty();
    });

    [Property(MaxTest = 40)]
    public Property DeadUnitHasZeroRowAndFreeOutgoingWeights() =>
        Prop.ForAll(Cases(HiddenActivation.Relu).Where(c => c.Sizes.Length >= 3).ToArbitrary(), c =>
        {
            var net = Net(c); var calib = CalibData(c);
            int i = c.Seed % net.Sizes[1], nIn = net.Sizes[0], n1 = net.Sizes[1];
            net.Biases[0][i] = -1e3;
            var st = CompensationStatistics.Accumulate(net, calib, new SensitivityOptions());
            var sc = st.Scores();
            bool rowZero = Enumerable.Range(0, nIn).All(j => sc.S[0][i * nIn + j] == 0 && sc.DeltaB[0][i * nIn + j] == 0);
            bool outgoingZero = Enumerable.Range(0, net.Sizes[2]).All(k => sc.S[1][k * n1 + i] == 0 && sc.DeltaB[1][k * n1 + i] == 0);
            bool finite = sc.S.Concat(sc.DeltaB).All(a => a.All(double.IsFinite));
            var mask = net.Weights.Select(w => new bool[w.Length]).ToArray();
            for (int j = 0; j < nIn; j++) mask[0][i * nIn + j] = true;
            for (int k = 0; k < net.Sizes[2]; k++) mask[1][k * n1 + i] = true;
            double d = Deviation(net, Pruner.Apply(net, mask, new Importance(sc.S, sc.DeltaB)), calib);
            return (st.M0[0][i] == 0 && rowZero && outgoingZero && finite && d == 0).Label($"m0={st.M0[0][i]} D={d}");
        });

    [Property(MaxTest = 60)]
    public Property KeptSetsAreNestedAndBiasesAddUp() => Prop.ForAll(Any, Gen.Choose(0, 100).ToArbitrary(), Gen.Choose(0, 100).ToArbitrary(), (c, r1, r2) =>
    {
        if (r1 > r2) (r1, r2) = (r2, r1);
        var net = Net(c); var imp = PruningMethods.Create("ec", default).Score(net, CalibData(c));
        var m1 = Selection.Select(imp.Scores, r1 / 100.0, SelectionScope.Global);
        var m2 = Selection.Select(imp.Scores, r2 / 100.0, SelectionScope.Global);
        bool nested = m1.Zip(m2).All(t => t.First.Zip(t.Second).All(u => !u.First || u.Second));
        var p1 = Pruner.Apply(net, m1, imp); var p2 = Pruner.Apply(net, m2, imp);
        var extra = Pruner.Apply(p1, m2, imp, alreadyPruned: m1);
        bool biases = extra.Biases.Zip(p2.Biases).All(t => t.First.Zip(t.Second).All(u => Math.Abs(u.First - u.Second) <= 1e-12 * (1 + Math.Abs(u.Second))));
        return (nested && biases).ToProperty();
    });

    [Property(MaxTest = 60)]
    public Property AchievedSparsityEqualsRequested() => Prop.ForAll(Any, Gen.Choose(0, 1000).ToArbitrary(), (c, permille) =>
    {
        double rho = permille / 1000.0;
        var net = Net(c); var calib = CalibData(c);
        var imp = new MagnitudeScorer().Score(net, calib);
        long n = net.WeightCount;
        bool global = Pruner.Count(Selection.Select(imp.Scores, rho, SelectionScope.Global)) == (long)Math.Floor(rho * n + 0.5);
        var lw = Selection.Select(imp.Scores, rho, SelectionScope.LayerWise);
        bool perLayer = lw.Select((m, li) => m.Count(x => x) == (long)Math.Floor(rho * net.Weights[li].Length + 0.5)).All(x => x);
        var steps = PruningMethods.Iterative(net, calib, PruningMethods.Create("ec", default), [rho / 2, rho]);
        long zeros = steps[^1].Weights.Sum(w => (long)w.Count(v => v == 0));
        bool iterative = zeros == (long)Math.Floor(rho * n + 0.5);   // random Gaussian weights are never exactly zero unmasked
        return (global && perLayer && iterative).ToProperty();
    });

    [Fact]
    public void HalfMidpointRoundsAwayFromZero()
    {
        Assert.Equal(3, Selection.PruneCount(0.5, 5));
        Assert.Equal(1, Selection.PruneCount(0.5, 1));
        Assert.Equal(7, Selection.PruneCount(0.7, 10));
        Assert.Throws<ArgumentException>(() => Selection.PruneCount(1.5, 10));
    }
}
