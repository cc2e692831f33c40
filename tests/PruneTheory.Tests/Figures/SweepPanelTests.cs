using PruneTheory.Experiments;
using PruneTheory.Figures;
using PruneTheory.Pruning.BiasCompensation;
using PruneTheory.ProofsSim.Claims.BiasCompensation;
using PruneTheory.Tests.Support;
using Xunit;

namespace PruneTheory.Tests.Figures;

/// <summary>A bias-compensation sweep with every baseline (12 methods, as biascomp-mnist draws) splits into panels of ≤ 8.</summary>
public class SweepPanelTests
{
    [Fact]
    public void Twelve_method_sweep_is_drawn_in_panels_of_at_most_eight_series()
    {
        using var tmp = new TempDir();
        var methods = PruningMethods.Baselines.Concat(["ec@layerwise", "ec@iterative"]).ToArray();
        Assert.Equal(12, methods.Length);
        double[] ratios = [0.5, 0.8, 0.9];
        MethodCurve Curve(string m, int seed) => new(m, ratios.Select(r => 0.1 + r + 0.01 * seed + 0.02 * Array.IndexOf(methods, m)).ToArray(),
            ratios.Select(_ => 0.01).ToArray(), ratios.Select(r => 0.9 - r / 2).ToArray(), ratios.Select(_ => 0.0).ToArray(),
            new double[3], new double[3], ratios);
        var trials = Enumerable.Range(0, 3).Select(s => methods.Select(m => Curve(m, s)).ToArray()).ToList();
        var writer = new FigureWriter(tmp.Path, new Provenance("biascomp-mnist", "run", "hash", "{}", 0, "test", "now"));
        // FigureChecks throws inside Save if a panel holds more than 8 series.
        CurveFigure.Save(new SummaryContext(new RunIdentity("biascomp-mnist", "{}", 0), Scale.Quick, writer), "sweep", "mnist 784-300-100-10: test loss",
            "test cross-entropy", ratios, trials, (c, r) => c.Loss[r], (c, r) => c.LossSd[r], 1000, log10: true);
        Assert.True(File.Exists(Path.Combine(tmp.Path, "sweep.pdf")));
        Assert.Contains("over the 3 trials", FigureWriter.ReadCaption(Path.Combine(tmp.Path, "sweep.csv")));
        Assert.Equal(1 + 12 * 3, File.ReadLines(Path.Combine(tmp.Path, "sweep.csv")).Count(l => !l.StartsWith('#')));
    }
}
