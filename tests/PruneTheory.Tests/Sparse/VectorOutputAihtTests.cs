using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PruneTheory.Experiments;
using PruneTheory.ProofsSim.Claims.Iht;
using PruneTheory.Random;
using PruneTheory.Sparse;
using Xunit;

namespace PruneTheory.Tests.Sparse;

public class VectorOutputAihtTests
{
    private static (DesignMatrix X, int[] Y) Tiny(ulong seed, int n, int d, int c)
    {
        var x = DesignMatrix.Gaussian(RngKey.FromSeed(seed).FoldIn("x"), n, d);
        var rng = RngKey.FromSeed(seed).FoldIn("y").Stream();
        return (x, Enumerable.Range(0, n).Select(_ => rng.NextInt(c)).ToArray());
    }

    private static GateSet DenseGates(double[] h, int d)
    {
        var g = new GateSet(default, d);
        g.SetFrom(SparseWeights.FromDense(h));
        return g;
    }

    [Property(MaxTest = 20)]
    public void GradientMatchesCentralFiniteDifferences(PositiveInt seedArg)
    {
        ulong seed = (ulong)seedArg.Get;
        int n = 12, d = 4, m = 3, c = 3;
        var (x, y) = Tiny(seed, n, d, c);
        var rng = RngKey.FromSeed(seed).FoldIn("w").Stream();
        var values = new double[d * m + m * c];
        rng.FillGaussian(values);
        var w = new VectorOutputWeights(d, m, c, SparseWeights.FromDense(values));
        var h = new double[d * m];
        rng.FillGaussian(h);
        var gates = DenseGates(h, d); // fixed gates: the loss is smooth in w, so FD is exact up to O(h²)
        var par = new ParallelOptions();
        var g = VectorOutputAiht.Gradient(x, y, w, gates, par, out _);
        const double step = 1e-5;
        for (int k = 0; k < values.Length; k++)
        {
            var plus = (double[])values.Clone(); plus[k] += step;
            var minus = (double[])values.Clone(); minus[k] -= step;
            VectorOutputAiht.Gradient(x, y, w with { W = SparseWeights.FromDense(plus) }, gates, par, out double lp);
            VectorOutputAiht.Gradient(x, y, w with { W = SparseWeights.FromDense(minus) }, gates, par, out double lm);
            double fd = (lp - lm) / (2 * step);
            Assert.True(Math.Abs(fd - g[k]) <= 1e-6 * Math.Max(1, Math.Abs(g[k])), $"entry {k}: analytic {g[k]}, FD {fd}");
        }
    }

    [Property(MaxTest = 100)]
    public void StreamedMergeFromEmptyEqualsGlobalOfficialTopS(PositiveInt sArg, PositiveInt seedArg, PositiveInt blockArg)
    {
        int total = 30, block = 1 + blockArg.Get % 7, s = sArg.Get % (total + 5) + 1;
        var v = new double[total];
        var rng = RngKey.FromSeed((ulong)seedArg.Get).Stream();
        for (int k = 0; k < total; k++) v[k] = rng.NextInt(3) == 0 ? 0 : rng.NextInt(4) - 2 + 0.5; // many exact ties, some zeros
        var merged = new StreamedSupport(SparseWeights.Empty(total), Math.Min(s, total), TopRule.Official);
        for (int lo = 0; lo < total; lo += block) merged.Update(lo, v.AsSpan(lo, Math.Min(block, total - lo)));
        var got = merged.ToSparse();
        var expected = TopSelector.HardThreshold(v, s, TopRule.Official);
        Assert.Equal(expected.Indices, got.Indices);
        Assert.Equal(expected.Values, got.Values);
    }

    [Fact]
    public void StreamedMergeLetsStaleEntriesCompeteAsTheOfficialCodeDoes()
    {
        // s = 1; the held entry of block 2 (pre-step value 10) beats block 1's new 5, then is overwritten by 0.1:
        // the official merge ends with {5: 0.1}, while a global top-1 of the new values would keep {1: 5}.
        var held = new SparseWeights(6, [5], [10.0]);
        var merged = new StreamedSupport(held, 1, TopRule.Official);
        merged.Update(0, [0.0, 5.0, 0.0]);
        Assert.Equal([5], merged.ToSparse().Indices);
        merged.Update(3, [0.0, 0.0, 0.1]);
        Assert.Equal([5], merged.ToSparse().Indices);
        Assert.Equal([0.1], merged.ToSparse().Values);
        Assert.Equal([1], TopSelector.HardThreshold([0, 5, 0, 0, 0, 0.1], 1).Indices);
        // a held entry overwritten with zero stays (official update_block), a new zero does not enter
        var z = new StreamedSupport(new SparseWeights(4, [1], [2.0]), 3, TopRule.Official);
        z.Update(0, [0.0, 0.0, 0.0, 0.0]);
        Assert.Equal([1], z.ToSparse().Indices);
        Assert.Equal([0.0], z.ToSparse().Values);
    }

    private sealed class RecordingDraws : IVectorOutputDraws
    {
        public readonly List<(int Block, int Layer, double Bound)> Calls = [];
        public GateSet RandomGates(int inputDim) => new(RngKey.FromSeed(7), inputDim);
        public void Reinit(int block, int layer, double bound, Span<double> values)
        {
            lock (Calls) Calls.Add((block, layer, bound));
            values.Fill(layer == 1 ? 0.25 : -0.5);
        }
        public int[] Order(int epoch, int n) => Enumerable.Range(0, n).ToArray();
    }

    [Fact]
    public void ReinitRedrawsEachLayerWhoseMaxIsZeroWithTheOfficialBounds()
    {
        int d = 2, m = 4, c = 3;
        var (x, y) = Tiny(8, 10, d, c);
        // W1 blocks: [-1, -2] (max < 0: kept), [-1, 0] (max = 0: redrawn), [0.5, 0] (kept), [0, 0] (redrawn);
        // W2 rows: row 0 = [0, 0, 0] (redrawn), rows 1-3 hold a positive entry (kept).
        var dense = new double[d * m + m * c];
        double[] w1 = [-1, -2, -1, 0, 0.5, 0, 0, 0];
        w1.CopyTo(dense, 0);
        dense[d * m + 3] = 1; dense[d * m + 6 + 1] = 2; dense[d * m + 9 + 2] = 3;
        var w = new VectorOutputWeights(d, m, c, SparseWeights.FromDense(dense));
        var o = new VectorOutputAihtOptions { Sparsity = 20, Width = m, Classes = c, BatchSize = 10 };
        var draws = new RecordingDraws();
        var gates = draws.RandomGates(d);
        VectorOutputAiht.Step(x, y, w, gates, reinit: true, draws, o, new ParallelOptions(), out _);
        var calls = draws.Calls.OrderBy(t => t.Block).ThenBy(t => t.Layer).ToArray();
        Assert.Equal([(0, 2), (1, 1), (3, 1)], calls.Select(t => (t.Block, t.Layer)));
        Assert.All(calls, t => Assert.Equal(t.Layer == 1 ? 1 / Math.Sqrt(d * m) : 1 / Math.Sqrt(m * c), t.Bound, 15));
        draws.Calls.Clear();
        VectorOutputAiht.Step(x, y, w, gates, reinit: false, draws, o, new ParallelOptions(), out _);
        Assert.Empty(draws.Calls); // only at an epoch's first batch
    }

    [Fact]
    public void SolveKeepsTheBudgetOverW1AndW2AndIsDeterministicForAnyThreadCount()
    {
        var (x, y) = Tiny(3, 60, 8, 3);
        var o = new VectorOutputAihtOptions { Sparsity = 15, Width = 5, Classes = 3, Epochs = 3, BatchSize = 25, StepSize = 0.05 };
        VectorOutputAihtResult Run(int threads) => VectorOutputAiht.Solve(x, y, RngKey.FromSeed(1), RngKey.FromSeed(2), RngKey.FromSeed(3), o,
            new ParallelOptions { MaxDegreeOfParallelism = threads });
        var a = Run(1); var b = Run(2); var c = Run(7);
        Assert.False(a.Diverged);
        Assert.Equal(9, a.Steps);
        Assert.Equal(15, a.Weights.NonZeros);
        Assert.Equal(a.Weights.Values, b.Weights.Values);
        Assert.Equal(a.Weights.Values, c.Weights.Values);
        Assert.True(a.Weights.Values.AsSpan(0, 8 * 5).ContainsAnyExcept(0.0) && a.Weights.Values.AsSpan(8 * 5).ContainsAnyExcept(0.0),
            "both layers hold part of the budget");
        var other = VectorOutputAiht.Solve(x, y, RngKey.FromSeed(9), RngKey.FromSeed(2), RngKey.FromSeed(3), o);
        Assert.NotEqual(a.Weights.Values, other.Weights.Values); // the gate key matters
    }

    [Fact]
    public void SplitBudgetKeepsHalfPerLayer()
    {
        var (x, y) = Tiny(4, 60, 8, 3);
        var o = new VectorOutputAihtOptions { Sparsity = 15, Width = 5, Classes = 3, Epochs = 2, BatchSize = 30, StepSize = 0.05, SplitBudget = true };
        var w = VectorOutputAiht.Solve(x, y, RngKey.FromSeed(1), RngKey.FromSeed(2), RngKey.FromSeed(3), o).Weights;
        Assert.Equal(8, w.W1NonZeros);
        Assert.Equal(7, w.NonZeros - w.W1NonZeros);
    }

    [Fact]
    public void SolveLearnsASeparableProblem()
    {
        // class = argmax of the first three inputs' signs pattern: learnable by a small ReLU net
        int n = 300, d = 6, c = 3;
        var x = DesignMatrix.Gaussian(RngKey.FromSeed(5), n, d);
        var y = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, c).MaxBy(k => x[i, k])).ToArray();
        var o = new VectorOutputAihtOptions { Sparsity = 40, Width = 8, Classes = c, Epochs = 40, BatchSize = 100, StepSize = 0.5 };
        var res = VectorOutputAiht.Solve(x, y, RngKey.FromSeed(1), RngKey.FromSeed(2), RngKey.FromSeed(3), o);
        double acc = VectorOutputAiht.Accuracy(VectorOutputAiht.Predict(x, res.Weights), y, c);
        Assert.True(acc > 0.8, $"train accuracy {acc}");
    }

    [Fact]
    public void BadInputIsRejected()
    {
        var (x, y) = Tiny(1, 10, 3, 2);
        var o = new VectorOutputAihtOptions { Sparsity = 5, Width = 2, Classes = 2, BatchSize = 5 };
        Assert.Throws<ArgumentException>(() => VectorOutputAiht.Solve(x, y.Take(9).ToArray(), default, default, default, o));
        Assert.Throws<ArgumentException>(() => VectorOutputAiht.Solve(x, y.Select(v => v + 2).ToArray(), default, default, default, o));
        Assert.Throws<ArgumentException>(() => VectorOutputAiht.Solve(x, y, default, default, default, o with { Classes = 1 }));
    }

    [Fact]
    public void Mnist10ClaimOnATinySplitRuns()
    {
        var spec = new IhtMnist10Spec { TrainPerClass = 30, TestPerClass = 20, BatchSize = 100, Epochs = 2, Widths = [3, 5], Sparsities = [50, 300], Seeds = 2, ImpWidths = [3] };
        var (outcome, trials, _) = IhtClaimTests.RunClaim(new IhtMnist10Claim(), spec);
        if (outcome.Verdict == Verdict.Skipped) { Assert.All(trials, t => Assert.True(t.DataMissing)); return; }
        Assert.Equal(4, trials.Count);
        Assert.All(trials, t => Assert.All(t.IhtNonZeros.Zip(spec.Sparsities), p => Assert.InRange(p.First, 1, p.Second)));
        Assert.All(trials, t => Assert.Equal(t.M == 3, t.ImpRemaining is not null));
        Assert.All(trials, t => Assert.All(t.IhtW1NonZeros!.Zip(t.IhtNonZeros), p => Assert.InRange(p.First, 0, p.Second)));
        Assert.Equal(2, outcome.Metrics["cells_compared"]); // IMP only at m = 3
        Assert.Contains("iht-mnist10-accuracy", outcome.Figures);
        var again = IhtClaimTests.RunClaim(new IhtMnist10Claim(), spec).Trials;
        Assert.Equal(trials.Select(t => t.IhtAccuracy.Concat(t.ImpAccuracy ?? [])).SelectMany(v => v), again.Select(t => t.IhtAccuracy.Concat(t.ImpAccuracy ?? [])).SelectMany(v => v));
    }
}
