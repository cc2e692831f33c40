using PruneTheory.Random;
using PruneTheory.Sparse;
using Xunit;

namespace PruneTheory.Tests.Sparse;

public class PlainIhtTests
{
    [Fact]
    public void GaussianCompressedSensingReachesMachinePrecision()
    {
        // Spec E4(a): A i.i.d. N(0, 1/n), n = 200, N = 1000, s = 10: relerr ≤ 1e-10.
        int n = 200, bigN = 1000, s = 10;
        var data = new double[n * bigN];
        RngKey.FromSeed(1).FoldIn("A").Stream().FillGaussian(data);
        for (int i = 0; i < data.Length; i++) data[i] /= Math.Sqrt(n);
        var a = new ColumnMatrix(n, bigN, data);
        var w = PlantedInstance.RandomSparse(RngKey.FromSeed(1).FoldIn("w"), bigN, s);
        var y = new double[n]; a.Apply(w.ToDense(), y);
        var res = PlainIht.Solve(a, y, new PlainIhtOptions { Sparsity = s, Steps = 3000, RelResidualTolerance = 1e-11 });
        Assert.False(res.Diverged);
        Assert.True(res.RelResidual <= 1e-10, $"relres {res.RelResidual}");
        Assert.Equal(w.Indices, res.Weights.Indices);
        for (int k = 0; k < s; k++) Assert.Equal(w.Values[k], res.Weights.Values[k], 8);
    }

    /// <summary>Spec E4(b): fixed gates ±e_i (p = 2d), single-input planted neurons of distinct input/sign.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    public void SingleInputToyIsRecoveredByTheoryIhtAndAiht(int s)
    {
        int d = 10, n = 1000, p = 2 * d;
        var x = DesignMatrix.Gaussian(RngKey.FromSeed(2).FoldIn("x"), n, d);
        var gates = new GateSet(RngKey.FromSeed(2), d);
        gates.SetFrom(new SparseWeights(p * d, Enumerable.Range(0, p).Select(b => b * d + b / 2).ToArray(),
            Enumerable.Range(0, p).Select(b => b % 2 == 0 ? 1.0 : -1.0).ToArray()));
        var op = new GatedReluOperator(x, p, gates);
        var rng = RngKey.FromSeed(3).FoldIn((ulong)s).Stream();
        var blocks = rng.Permutation(p).Take(s).OrderBy(b => b).ToArray();
        var wStar = new SparseWeights(p * d, blocks.Select(b => b * d + b / 2).ToArray(),
            blocks.Select(b => (b % 2 == 0 ? 1 : -1) * Math.Abs(rng.NextGaussian())).ToArray());
        var y = new double[n]; op.Predict(wStar, y);

        var theory = PlainIht.Solve(new ColumnNormalizedOperator(op, op.ColumnNorms()), y,
            new PlainIhtOptions { Sparsity = 2 * s, Steps = 3000, RelResidualTolerance = 1e-10 });
        Assert.True(theory.RelResidual <= 1e-10, $"theory IHT relres {theory.RelResidual}");
        var aiht = Aiht.Solve(op, y, new AihtOptions { Sparsity = s, Steps = 30, PatternPeriod = 0 });
        Assert.True(aiht.FinalPsnr >= RecoveryMetrics.SuccessPsnrDb, $"AIHT {aiht.FinalPsnr} dB");
    }
}
