using PruneTheory.Random;

namespace PruneTheory.Pruning.BiasCompensation;

/// <summary>The methods of spec §6 and §3.5 by name (names are case-insensitive; "biascomp" = "ec").</summary>
public static class PruningMethods
{
    /// <summary>Primary comparison set of §6 (NonLinear cheap variant included).</summary>
    public static readonly string[] Baselines =
        ["ec", "random", "magnitude", "gradmagnitude", "taylor", "obd", "ec-noupdate", "magnitude+update", "ec-local", "nonlinear-cheap"];

    public static readonly string[] All =
        [.. Baselines, "nonlinear", "ec-fisher", "ec-probes", "ec-loss"];

    /// <summary>Creates the scorer; <paramref name="key"/> seeds Random scores and probes.</summary>
    public static IImportanceScorer Create(string name, RngKey key, int nonLinearSamples = 64, int probes = 16)
    {
        ArgumentNullException.ThrowIfNull(name);
        var exact = new SensitivityOptions();
        return name.ToLowerInvariant() switch
        {
            "ec" or "biascomp" => new EcScorer("EC", exact),
            "ec-noupdate" => new EcScorer("EC-NoUpdate", exact, applyUpdate: false),
            // OBD (LeCun et al. 1990): ½w²H_ww with the Gauss–Newton Hessian of the loss (Fisher on softmax logits for a classifier)
            "obd" => new EcScorer("OBD", new SensitivityOptions(SensitivityKind.GaussNewton), applyUpdate: false, uncompensatedScore: true),
            "ec-local" => new EcScorer("EC-Local", new SensitivityOptions(SensitivityKind.Local)),
            "ec-fisher" => new EcScorer("EC-Fisher", new SensitivityOptions(SensitivityKind.Fisher)),
            "ec-probes" => new EcScorer("EC-Probes", new SensitivityOptions(SensitivityKind.RademacherProbes, probes, key.FoldIn("probes"))),
            "ec-loss" => new EcScorer("EC-Loss", new SensitivityOptions(SensitivityKind.LossSquared)),
            "random" => new RandomScorer(key),
            "magnitude" => new MagnitudeScorer(),
            "magnitude+update" => new MagnitudeScorer(withUpdate: true),
            "gradmagnitude" => new GradientScorer(taylor: false),
            "taylor" => new GradientScorer(taylor: true),
            "nonlinear" => new NonLinearScorer(nonLinearSamples, refit: true),
            "nonlinear-cheap" => new NonLinearScorer(nonLinearSamples, refit: false),
            _ => throw new ArgumentException($"unknown pruning method '{name}'; known: {string.Join(", ", All)}"),
        };
    }

    /// <summary>One-shot: score once, select k = ⌊ρn + 0.5⌋, zero and compensate. Returns the pruned copy and its mask.</summary>
    public static (Mlp Pruned, bool[][] Mask) OneShot(Mlp net, CalibrationSet calib, IImportanceScorer scorer, double ratio, SelectionScope scope = SelectionScope.Global)
    {
        MlpChecks.RequireFinite(net);
        var imp = scorer.Score(net, calib);
        var mask = Selection.Select(imp.Scores, ratio, scope);
        return (Pruner.Apply(net, mask, imp), mask);
    }

    /// <summary>Prunes at several ratios from one set of scores (scores are computed once).</summary>
    public static IReadOnlyList<Mlp> OneShotSweep(Mlp net, CalibrationSet calib, IImportanceScorer scorer, IReadOnlyList<double> ratios, SelectionScope scope = SelectionScope.Global)
    {
        MlpChecks.RequireFinite(net);
        var imp = scorer.Score(net, calib);
        return ratios.Select(r => Pruner.Apply(net, Selection.Select(imp.Scores, r, scope), imp)).ToList();
    }

    /// <summary>
    /// Iterative (§4.3 step 7): for each cumulative ratio in ascending order, rescore the current pruned net, keep earlier
    /// pruned weights pruned, apply the new bias shifts. Returns the net after every step.
    /// </summary>
    public static IReadOnlyList<Mlp> Iterative(Mlp net, CalibrationSet calib, IImportanceScorer scorer, IReadOnlyList<double> ratios, SelectionScope scope = SelectionScope.Global)
    {
        MlpChecks.RequireFinite(net);
        var current = net;
        bool[][]? mask = null;
        var steps = new List<Mlp>();
        foreach (double r in ratios)
        {
            var imp = scorer.Score(current, calib);
            var next = Selection.Select(imp.Scores, r, scope, mask);
            current = Pruner.Apply(current, next, imp, mask);
            mask = next;
            steps.Add(current);
        }
        return steps;
    }
}
