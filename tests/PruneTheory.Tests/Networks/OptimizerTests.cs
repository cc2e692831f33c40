using PruneTheory.Networks;
using Xunit;

namespace PruneTheory.Tests.Networks;

public class OptimizerTests
{
    private static Parameter Param(params float[] values) => new("w", new Tensor([values.Length], values));

    [Fact]
    public void SgdMomentumWeightDecayFollowsPyTorch()
    {
        // PyTorch 1.13: p=[1,-2], grads 0.5,-1 then 0.25,0.75 then 1,1; lr 0.1, momentum 0.9, wd 0.01
        var p = Param(1f, -2f);
        var opt = new Sgd([p], lr: 0.1, momentum: 0.9, weightDecay: 0.01);
        double[] w = [1, -2]; double[] buf = [0, 0];
        float[][] grads = [[0.5f, -1f], [0.25f, 0.75f], [1f, 1f]];
        for (int t = 0; t < 3; t++)
        {
            grads[t].CopyTo(p.Grad.Data, 0);
            opt.Step();
            for (int i = 0; i < 2; i++)
            {
                double g = grads[t][i] + 0.01 * w[i];
                buf[i] = t == 0 ? g : 0.9 * buf[i] + g;
                w[i] -= 0.1 * buf[i];
                Assert.Equal(w[i], p.Value.Data[i], 5);
            }
        }
    }

    [Fact]
    public void AdamFirstStepMovesByLearningRateTimesSign()
    {
        var p = Param(1f, 2f, -3f);
        var opt = new Adam([p], lr: 0.01);
        new[] { 0.3f, -5f, 1e-3f }.CopyTo(p.Grad.Data, 0);
        opt.Step();
        Assert.Equal(0.99, p.Value.Data[0], 5);
        Assert.Equal(2.01, p.Value.Data[1], 5);
        Assert.Equal(-3.01, p.Value.Data[2], 4);
    }

    [Fact]
    public void AdamMatchesPyTorchFormulaOverSteps()
    {
        var p = Param(0.5f);
        var opt = new Adam([p], lr: 0.1, weightDecay: 0.1);
        double w = 0.5, m = 0, v = 0;
        float[] grads = [1f, -2f, 0.5f, 3f];
        for (int t = 1; t <= grads.Length; t++)
        {
            p.Grad.Data[0] = grads[t - 1];
            opt.Step();
            double g = grads[t - 1] + 0.1 * w;
            m = 0.9 * m + 0.1 * g; v = 0.999 * v + 0.001 * g * g;
            w -= 0.1 / (1 - Math.Pow(0.9, t)) * m / (Math.Sqrt(v) / Math.Sqrt(1 - Math.Pow(0.999, t)) + 1e-8);
            Assert.Equal(w, p.Value.Data[0], 5);
        }
    }

    [Fact]
    public void MaskedEntriesStayZeroUnderMomentumAndDecay()
    {
        var p = Param(1f, 2f, 3f);
        p.SetMask([1f, 0f, 1f]);
        Assert.Equal(0f, p.Value.Data[1]);
        var opts = new Optimizer[] { new Sgd([p], 0.1, momentum: 0.9, weightDecay: 0.1), new Adam([p], 0.1, weightDecay: 0.1) };
        foreach (var opt in opts)
            for (int t = 0; t < 3; t++)
            {
                Array.Fill(p.Grad.Data, 1f);
                opt.Step();
                Assert.Equal(0f, p.Value.Data[1]);
                Assert.NotEqual(0f, p.Value.Data[0]);
            }
    }

    [Fact]
    public void BadSettingsThrow()
    {
        Assert.Throws<ArgumentException>(() => new Sgd([], lr: -1));
        Assert.Throws<ArgumentException>(() => new Adam([], beta1: 1));
        Assert.Throws<ArgumentException>(() => Param(1f).SetMask([0.5f]));
    }
}
