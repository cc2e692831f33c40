using PruneTheory.Random;
using PruneTheory.Sparse;
using Xunit;

namespace PruneTheory.Tests.Sparse;

public class PlantedAndMetricsTests
{
    [Theory]
    [InlineData(5, 3, 7)]
    [InlineData(2, 4, 100)] // s > dm: capped at dm
    public void PlantedNetworkHasMinSdmNonzerosAndReluLabels(int d, int m, int s)
    {
        var inst = PlantedInstance.Generate(RngKey.FromSeed(3), 0, 50, d, m, s);
        Assert.Equal(Math.Min(s, d * m), inst.Weights.Count);
        Assert.Equal(inst.Weights.Count, inst.Weights.Indices.Distinct().Count());
        var w = inst.Weights.ToDense();
        for (int row = 0; row < 50; row++)
        {
            double y = 0;
            for (int j = 0; j < m; j++)
            {
                double z = 0;
                for (int i = 0; i < d; i++) z += inst.X[row, i] * w[j * d + i];
                y += Math.Max(0, z);
            }
            Assert.Equal(y, inst.Labels[row], 12);
        }
    }

    [Fact]
    public void PsnrIsExactForAKnownMseAndCapped()
    {
        double[] y = [2, -1, 0, 1];
        double[] yHat = [2.1, -1, 0, 1]; // MSE = 0.01/4
        Assert.Equal(20 * Math.Log10(2) - 10 * Math.Log10(0.0025), RecoveryMetrics.Psnr(y, yHat, 2), 12);
        Assert.Equal(RecoveryMetrics.PsnrCapDb, RecoveryMetrics.Psnr(y, y, 2));
        Assert.True(double.IsNaN(RecoveryMetrics.Psnr(y, [double.NaN, 0, 0, 0], 2)));
        Assert.Equal(0.1 / Math.Sqrt(6), RecoveryMetrics.RelErr(y, yHat), 12);
    }
}
