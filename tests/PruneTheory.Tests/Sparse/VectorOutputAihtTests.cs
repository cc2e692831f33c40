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

    [Property(MaxTest = 20)]
    public void GradientMatchesCentralFiniteDifferences(PositiveInt seedArg)
    {
        ulong seed = (ulong)seedArg.Get;
        int n = 12, d = 4, m = 3, c = 3;
        var (x, y) = Tiny(seed, n, d, c);
        var rng = RngKey.FromSeed(seed).FoldIn("w").Stream();
        var values = new double[d * m + m * c];
        rng.FillGaussian(values);
        var w = new VectorOutputWeights(d, m, c, values);
        var gates = new double[d * m];
        rng.FillGaussian(gates); // fixed gates: the loss is smooth in w, so FD is exact up to O(h²)
        var par = new ParallelOptions();
        var g = VectorOutputAiht.Gradient(x, y, w, gates, par, out _);
        const double h = 1e-5;
        for (int k = 0; k < values.Length; k++)
        {
            var plus = (double[])values.Clone(); plus[k] += h;
            var minus = (double[])values.Clone(); minus[k] -= h;
            VectorOutputAiht.Gradient(x, y, w with { Values = plus }, gates, par, out double lp);
            VectorOutputAiht.Gradient(x, y, w with { Values = minus }, gates, par, out double lm);
            double fd = (lp - lm) / (2 * h);
            Assert.True(Math.Abs(fd - g[k]) <= 1e-6 * Math.Max(1, Math.Abs(g[k])), $"entry {k}: analytic {g[k]}, FD {fd}");
        }
    }

    [Property(MaxTest = 50)]
    public void TopSKeepsExactlySAcrossBothLayers(PositiveInt sArg, PositiveInt seedArg)
    {
        int d = 6, m = 4, c = 3, total = d * m + m * c, s = sArg.Get % (total + 5) + 1;
        var v = new double[total];
        var rng = RngKey.FromSeed((ulong)seedArg.Get).Stream();
        for (int k = 0; k < total; k++) v[k] = rng.NextInt(4) - 2 + (rng.NextInt(3) == 0 ? 0 : 0.5); // many ties, some zeros
        var kept = VectorOutputAiht.KeepTop(v, s);
        int nonzeroIn = v.Count(t => t != 0);
        Assert.Equal(Math.Min(s, nonzeroIn), kept.Count(t => t != 0));
        // every kept entry is unchanged and beats every dropped nonzero in the (|v| desc, index asc) order
        for (int k = 0; k < total; k++)
        {
            if (kept[k] != 0) Assert.Equal(v[k], kept[k]);
            else if (v[k] != 0)
                for (int q = 0; q < total; q++) if (kept[q] != 0) Assert.True(TopSelector.Better(q, v[q], k, v[k]));
        }
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
        Assert.Equal(8, w.Values.AsSpan(0, 8 * 5).ToArray().Count(v => v != 0));
        Assert.Equal(7, w.Values.AsSpan(8 * 5).ToArray().Count(v => v != 0));
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
