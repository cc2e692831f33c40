using PruneTheory.Data;
using PruneTheory.IO;
using PruneTheory.Pruning.BiasCompensation;
using PruneTheory.ProofsSim.Claims.BiasCompensation;
using PruneTheory.Tests.Data;
using Xunit;
using Xunit.Abstractions;

namespace PruneTheory.Tests.BiasCompensation;

/// <summary>
/// Issue 17 items 6-8 on the shared reference LeNet-300-100 (Fashion-MNIST, inputs (x − 0.5)/0.5, 89.80 %), calibrated on
/// 2,000 training images: EC-Loss2 no longer wrecks the net, dead units' weights are pruned first, OBD (Gauss–Newton) works.
/// </summary>
public sealed class ReferenceLeNetMethodsTests(ITestOutputHelper output)
{
    private const string Reference = "reference/lenet-300-100-fmnist.safetensors";

    private static (Mlp Net, CalibrationSet Calib, CalibrationSet Test) Load()
    {
        var net = EngineAdapter.FromStateDict(Safetensors.Read(SharedFiles.Require(Reference)), HiddenActivation.Relu).Net;
        var calib = ImageData.ToCalibration(Datasets.FashionMnistTrain10k(), Enumerable.Range(0, 2000).ToArray());
        var test = ImageData.ToCalibration(Datasets.FashionMnistTest());
        foreach (var set in new[] { calib, test })
            for (int q = 0; q < set.X.Length; q++) set.X[q] = (set.X[q] - 0.5) / 0.5;
        return (net, calib, test);
    }

    private static double Accuracy(Mlp net, CalibrationSet test) => PruningSweep.Evaluate(net, test).Accuracy;

    /// <summary>
    /// Why EC-Loss2 is not a registered method: its ranking (S^L + g_b²/(2H_bb), issue 17 item 6) wrecks the reference
    /// net at 50 % whatever the compensation (none, shift only, shift + damped offset), where EC keeps the dense accuracy.
    /// </summary>
    [SharedFileFact(Reference)]
    public void EcLoss2RankingWrecksTheReferenceNetSoItIsNotOffered()
    {
        var (net, calib, test) = Load();
        Assert.DoesNotContain("ec-loss2", PruningMethods.All);
        var imp = new LossSecondOrderScorer().Score(net, calib);
        var mask = Selection.Select(imp.Scores, 0.5, SelectionScope.Global);
        double full = Accuracy(Pruner.Apply(net, mask, imp), test), none = Accuracy(Pruner.Apply(net, mask, new Importance(imp.Scores)), test);
        var (ec, _) = PruningMethods.OneShot(net, calib, PruningMethods.Create("ec", default), 0.5);
        double ecAcc = Accuracy(ec, test);
        output.WriteLine($"@50 %: EC-Loss2 {full:P2} (no update {none:P2}), EC {ecAcc:P2}, dense {Accuracy(net, test):P2}");
        Assert.Equal(0.8980, Accuracy(net, test), 4);
        Assert.True(ecAcc > 0.88, $"EC at 50 %: {ecAcc:P2}");
        Assert.True(Math.Max(full, none) < 0.5, $"EC-Loss2 at 50 %: {full:P2} / {none:P2}: if it now works, register it again");
    }

    [SharedFileFact(Reference)]
    public void DeadUnitsAreFreeToPruneAndObdUsesTheLossHessian()
    {
        var (net, calib, test) = Load();
        var st = CompensationStatistics.Accumulate(net, calib, new SensitivityOptions());
        var dead = st.DeadUnits(0);
        int nIn = net.Sizes[0];
        var (ec, mask) = PruningMethods.OneShot(net, calib, PruningMethods.Create("ec", default), 0.9);
        Assert.True(dead.Count(d => d) > 0, "the reference LeNet has first-layer units dead on the calibration set");
        for (int i = 0; i < dead.Length; i++)
            if (dead[i]) Assert.All(Enumerable.Range(i * nIn, nIn), q => Assert.True(mask[0][q], $"weight {q} of dead unit {i} kept"));
        var (obd, _) = PruningMethods.OneShot(net, calib, PruningMethods.Create("obd", default), 0.9);
        var (random, _) = PruningMethods.OneShot(net, calib, PruningMethods.Create("random", default), 0.9);
        output.WriteLine($"@90 %: EC {Accuracy(ec, test):P2}, OBD (Gauss–Newton) {Accuracy(obd, test):P2}, Random {Accuracy(random, test):P2}; {dead.Count(d => d)} dead units");
        Assert.True(Accuracy(obd, test) > Accuracy(random, test) + 0.3);
        Assert.True(Accuracy(ec, test) > Accuracy(random, test) + 0.3);
    }
}
