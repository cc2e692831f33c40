using PruneTheory.Networks;
using PruneTheory.Pdes;
using PruneTheory.Pruning.BiasCompensation;
using PruneTheory.Random;

namespace PruneTheory.ProofsSim.Claims.BiasCompensation;

/// <summary>
/// Learning task (B) of spec §10: c → u(·, 500 s) ∈ R^1024 with a 1-64-64-1024 tanh MLP; EC's G from K Rademacher probes is
/// compared once with the exact 1024-pass G (relative L2 error of m0, Spearman of the scores).
/// </summary>
public static class DiffSorpProfileTask
{
    public sealed record ProbeCheck(double M0RelativeError, double ScoreSpearman);

    /// <summary>Inputs c/0.1 − 1, targets the last snapshot (noise as in task A), one row per trajectory.</summary>
    public static CalibrationSet Set(DiffusionSorptionDataset d, double eta, RngKey noiseKey)
    {
        int cells = d.Settings.Cells, last = d.Settings.Snapshots - 1;
        var x = d.InitialValues.Select(c => c / 0.1 - 1).ToArray();
        var y = new double[d.Count * cells];
        for (int j = 0; j < d.Count; j++) { var s = d.Snapshot(j, last); for (int i = 0; i < cells; i++) y[j * cells + i] = s[i]; }
        return new CalibrationSet(x, DiffSorpTask.Noisy(y, eta, noiseKey), d.Count, 1, cells, CalibrationLoss.HalfSquaredError);
    }

    public static Mlp Train(CalibrationSet train, int[] hidden, int steps, RngKey key, CancellationToken cancel)
    {
        int[] sizes = [1, .. hidden, train.OutputSize];
        var model = EngineAdapter.BuildSequential(sizes, HiddenActivation.Tanh, key.FoldIn("init"), InitScheme.PyTorchDefault);
        var data = new LabeledData(new Tensor([train.Count, 1], EngineAdapter.ToFloat(train.X)), targets: new Tensor([train.Count, train.OutputSize], EngineAdapter.ToFloat(train.Y)));
        Trainer.Fit(model, data, new Adam(model.Parameters, 1e-3), LossKind.MeanSquaredError, new TrainOptions(steps, train.Count, Shuffle: false), key.FoldIn("batches"), cancel: cancel);
        return EngineAdapter.ToMlp(model);
    }

    public static ProbeCheck Check(Mlp net, CalibrationSet calib, int probes, RngKey key)
    {
        var exact = CompensationStatistics.Accumulate(net, calib, new SensitivityOptions());
        var probe = CompensationStatistics.Accumulate(net, calib, new SensitivityOptions(SensitivityKind.RademacherProbes, probes, key));
        double num = 0, den = 0;
        for (int l = 0; l < net.Layers; l++) for (int i = 0; i < exact.M0[l].Length; i++) { double d = probe.M0[l][i] - exact.M0[l][i]; num += d * d; den += exact.M0[l][i] * exact.M0[l][i]; }
        var se = exact.Scores().S.SelectMany(v => v).ToArray(); var sp = probe.Scores().S.SelectMany(v => v).ToArray();
        return new ProbeCheck(Math.Sqrt(num / den), CompensationAccuracy.Pearson(CompensationAccuracy.Ranks(se), CompensationAccuracy.Ranks(sp)));
    }
}
