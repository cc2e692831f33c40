namespace PruneTheory.Pruning.BiasCompensation;

/// <summary>
/// Elimination–compensation scorer (§3.1) and its statistics-based relatives: score S (or S⁰ for OBD), bias shift
/// ΔB (or none for EC-NoUpdate/OBD); the sensitivity kind selects Q = I, Fisher, probes, loss level (§3.5 b) or
/// local (§3.6). Weights of dead units (g ≡ 0 on the calibration set) score 0: free to prune. Cost: one statistics
/// pass (see <see cref="CompensationStatistics"/>).
/// </summary>
public sealed class EcScorer(string name, SensitivityOptions sensitivity, bool applyUpdate = true, bool uncompensatedScore = false,
    int batchSize = 1000) : IImportanceScorer
{
    public string Name => name;
    public SensitivityOptions Sensitivity => sensitivity;

    public Importance Score(Mlp net, CalibrationSet calib)
    {
        var sc = CompensationStatistics.Accumulate(net, calib, sensitivity, batchSize).Scores();
        var scores = uncompensatedScore ? sc.S0 : sc.S;
        return new Importance(scores, applyUpdate ? sc.DeltaB : null);
    }
}

/// <summary>|w| (Magnitude), optionally with EC's bias shift ΔB (Magnitude+Update, Q = I exact sensitivities).</summary>
public sealed class MagnitudeScorer(bool withUpdate = false) : IImportanceScorer
{
    public string Name => withUpdate ? "Magnitude+Update" : "Magnitude";

    public Importance Score(Mlp net, CalibrationSet calib)
    {
        var scores = net.Weights.Select(w => w.Select(Math.Abs).ToArray()).ToArray();
        if (!withUpdate) return new Importance(scores);
        var sc = CompensationStatistics.Accumulate(net, calib, new SensitivityOptions()).Scores();
        return new Importance(scores, sc.DeltaB);
    }
}

/// <summary>Uniform U(0,1) scores from a seeded Philox stream (one draw per weight in layer, row, column order).</summary>
public sealed class RandomScorer(PruneTheory.Random.RngKey key) : IImportanceScorer
{
    public string Name => "Random";

    public Importance Score(Mlp net, CalibrationSet calib)
    {
        var s = key.FoldIn("random-scores").Stream();
        return new Importance(net.Weights.Select(w => { var r = new double[w.Length]; for (int q = 0; q < r.Length; q++) r[q] = s.NextDouble(); return r; }).ToArray());
    }
}

/// <summary>
/// |∂L/∂w| alone (method "gradmagnitude", shown as "Gradient |∂L/∂w|") or the first-order Taylor criterion |w·∂L/∂w|
/// ("taylor": what "gradient-magnitude" pruning means in most papers), L = mean calibration loss.
/// </summary>
public sealed class GradientScorer(bool taylor) : IImportanceScorer
{
    public const string AbsName = "Gradient |∂L/∂w|", TaylorName = "Taylor |w·∂L/∂w|";
    public string Name => taylor ? TaylorName : AbsName;

    public Importance Score(Mlp net, CalibrationSet calib)
    {
        var grads = LossGradients.Compute(net, calib);
        var scores = new double[net.Layers][];
        for (int li = 0; li < net.Layers; li++)
        {
            var gw = grads.Weights[li]; var w = net.Weights[li];
            scores[li] = new double[w.Length];
            for (int q = 0; q < w.Length; q++) scores[li][q] = Math.Abs(taylor ? w[q] * gw[q] : gw[q]);
        }
        return new Importance(scores);
    }
}
