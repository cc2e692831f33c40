using PruneTheory.Sparse;
using Xunit;
using Xunit.Abstractions;

namespace PruneTheory.Tests.Sparse;

/// <summary>
/// Replays the official code's planted-variant traces (Fixtures/iht, make_golden_variants.py, PROVENANCE.md): the
/// layer-wise two-hidden-layer fit and the full-batch squared-loss vector-output fit, in official mode, with the
/// official gates and re-initialisation draws injected. Exact supports, values and PSNR to 1e-9 relative (float64).
/// </summary>
public class OfficialVariantTraceTests(ITestOutputHelper log)
{
    private const double Rel = 1e-9;

    private static GateSet Gates(double[][] rows, int inputDim)
    {
        var g = new GateSet(default, inputDim);
        g.SetFrom(SparseWeights.FromDense(rows.SelectMany(r => r).ToArray()));
        return g;
    }

    [Fact]
    public void LayerwiseTwoLayerFitFollowsTheOfficialRunner()
    {
        var (input, official) = OfficialFixtures.Load("deep-layerwise");
        int n = input.Int("n"), d = input.Int("d"), m = input.Int("m"), s = input.Int("s");
        var layerGates = new[] { input.Rows("gates_layer0"), input.Rows("gates_layer1") };
        var res = LayerwiseAiht.Solve(input.Matrix("x_row_major", n, d), input.Doubles("y"), m, 2, s,
            new AihtOptions { Sparsity = s / 2, Steps = input.Int("steps") }, (l, dim) => Gates(layerGates[l], dim));
        var want = official.GetProperty("layers").EnumerateArray().ToArray();
        Assert.Equal(2, res.Layers.Count);
        double worst = 0;
        for (int l = 0; l < 2; l++)
        {
            Assert.Equal(want[l].Ints("support"), res.Layers[l].Weights.Indices);
            worst = Math.Max(worst, OfficialFixtures.MaxRelativeError(res.Layers[l].Weights.Values, want[l].Doubles("values")));
        }
        worst = Math.Max(worst, OfficialFixtures.MaxRelativeError([res.Psnr], [official.Num("psnr")]));
        log.WriteLine($"deep-layerwise: PSNR {res.Psnr:F3} dB, largest relative deviation {worst:E2}");
        Assert.True(worst <= Rel, $"largest relative deviation {worst:E2}");
    }

    [Theory]
    [InlineData("vector-mse-small-s")]
    [InlineData("vector-mse")]
    public void SquaredLossVectorFitFollowsTheOfficialFullBatchRun(string name)
    {
        var (input, official) = OfficialFixtures.Load(name);
        int n = input.Int("n"), d = input.Int("d"), m = input.Int("m"), c = input.Int("c"), s = input.Int("s");
        Assert.Equal(input.Num("step_size"), VectorOutputAihtOptions.OfficialSquaredStep(s, m));
        var o = new VectorOutputAihtOptions
        {
            Sparsity = s, Width = m, Classes = c, Epochs = input.Int("steps"), BatchSize = n, Loss = VectorLoss.SquaredError,
            StepSize = VectorOutputAihtOptions.OfficialSquaredStep(s, m),
        };
        var x = input.Matrix("x_row_major", n, d);
        var y = input.Doubles("y_row_major");
        var steps = new List<(int[] Support, double[] Values, double Loss)>();
        var draws = new FixtureDraws(input);
        var res = VectorOutputAiht.SolveRegression(x, y, draws, o, null, (_, w, loss) => steps.Add((w.W.Indices, w.W.Values, loss)));
        var trace = official.GetProperty("trace").EnumerateArray().ToArray();
        Assert.Equal(trace.Length, steps.Count);
        Assert.Equal(2 * m, draws.ReinitCalls); // step 0 only (AIHT passes epoch = step)
        double worst = 0;
        for (int t = 0; t < trace.Length; t++)
        {
            Assert.Equal(trace[t].Ints("support"), steps[t].Support);
            worst = Math.Max(worst, OfficialFixtures.MaxRelativeError(steps[t].Values, trace[t].Doubles("values")));
            worst = Math.Max(worst, OfficialFixtures.MaxRelativeError([steps[t].Loss], [trace[t].Num("loss_before")]));
        }
        double psnr = RecoveryMetrics.Psnr(y, VectorOutputAiht.Predict(x, res.Weights), input.Num("peak"));
        worst = Math.Max(worst, OfficialFixtures.MaxRelativeError([psnr], [official.Num("psnr")]));
        log.WriteLine($"{name}: PSNR {psnr:F3} dB, largest relative deviation {worst:E2}");
        Assert.True(worst <= Rel, $"largest relative deviation {worst:E2}");
    }
}
