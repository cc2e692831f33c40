using PruneTheory.Data;
using PruneTheory.Experiments;
using PruneTheory.Networks;
using PruneTheory.Random;
using PruneTheory.Restoration;

namespace PruneTheory.ProofsSim.Claims.Restoration;

public sealed record LbylConvBnSpec : ClaimSpec
{
    public int Seeds { get; init; } = 3;
    /// <summary>SmallVgg features: channels per Conv3×3–BN–ReLU, 0 = MaxPool2d(2).</summary>
    public int[] Config { get; init; } = [8, 8, 0, 16, 0];
    public int Hidden { get; init; } = 64;
    public int Epochs { get; init; } = 2;
    public int ValidationCount { get; init; } = 1000;
    /// <summary>Use only the first N training / test images (0 = all); for smoke tests.</summary>
    public int TrainLimit { get; init; }
    public int TestLimit { get; init; } = 2000;
    public int BatchSize { get; init; } = 128;
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Simultaneous confidence of the verdict's intervals (Bonferroni over the (ratio, mode) cells).</summary>
    public double Confidence { get; init; } = 0.95;
    public double[] Ratios { get; init; } = [0.1, 0.2, 0.3, 0.5];
    public double NmLambda { get; init; } = 0.85;
    public double[] ThresholdGrid { get; init; } = [0.1, 0.6];
    public double[] Lambda1Grid { get; init; } = [0];
    public double[] Lambda2Grid { get; init; } = [1e-2, 0.1];
    /// <summary>Also evaluate one-flag ablations of CodeExact (Q1–Q4) at the CodeExact-tuned hyper-parameters.</summary>
    public bool Ablations { get; init; }

    protected override IEnumerable<string> Check() =>
        SpecChecks.AtLeast(Seeds, 2, "seeds").Concat(SpecChecks.NonEmpty(Config, "config")).Concat(SpecChecks.AtLeast(Hidden, 1, "hidden"))
            .Concat(SpecChecks.AtLeast(Epochs, 1, "epochs")).Concat(SpecChecks.AtLeast(TrainLimit, 0, "trainLimit")).Concat(SpecChecks.AtLeast(TestLimit, 0, "testLimit"))
            .Concat(Confidence is > 0 and < 1 ? [] : ["confidence must lie in (0, 1)"]).Concat(SpecChecks.AtLeast(ValidationCount, 100, "validationCount"))
            .Concat(SpecChecks.Positive(LearningRate, "learningRate")).Concat(SpecChecks.NonEmpty(Ratios, "ratios"))
            .Concat(Ratios.Any(r => !(r >= 0 && r < 1)) ? ["ratios must lie in [0, 1)"] : []).Concat(SpecChecks.Ratio(NmLambda, "nmLambda"))
            .Concat(SpecChecks.AllRatios(ThresholdGrid, "thresholdGrid")).Concat(Lambda1Grid.Any(l => l < 0) ? ["lambda1Grid must be ≥ 0"] : [])
            .Concat(SpecChecks.NonEmpty(Lambda2Grid, "lambda2Grid")).Concat(SpecChecks.AllPositive(Lambda2Grid, "lambda2Grid"));
}

/// <summary>Test accuracies (%) at one ratio in one mode; hyper-parameters tuned on the validation split.</summary>
public sealed record ConvBnCell(double Ratio, string Mode, int[] Kept, double Prune, double Nm, double Lbyl,
    double TunedThreshold, double TunedLambda1, double TunedLambda2, int GroupsAcrossMaxPool, string[] AblationNames, double[] AblationAccuracies);

public sealed record LbylConvBnTrial(double Baseline, ConvBnCell[] Cells);

public sealed class LbylConvBnClaim : Claim<LbylConvBnSpec, LbylConvBnTrial>
{
    public override string Id => "lbyl-convbn";
    public override string Title => "LBYL vs NM vs prune-only on a small VGG-style conv+BN net (Fashion-MNIST)";
    public override string Statement =>
        "LBYL's advantage over Neuron Merging and prune-only on deep BN CNNs (Lee et al. arXiv 2502.08474, Tables 1, A1) also holds on a " +
        "small VGG-style conv+BN net trained on Fashion-MNIST: pruning every conv uniformly (floor counts), validation-tuned LBYL beats NM " +
        "and prune-only, in both code-exact and corrected modes (spec lbyl-and-neuron-merging §10.3).";

    public override LbylConvBnSpec PresetFor(Scale s) => s == Scale.Paper
        ? new LbylConvBnSpec { Seeds = 5, Config = [16, 16, 0, 32, 0], Hidden = 128, Epochs = 5, TestLimit = 0, ThresholdGrid = [0, 0.1, 0.3, 0.6],
            Lambda1Grid = [0, 1e-4, 1e-2], Lambda2Grid = [1e-3, 1e-2, 0.1, 1], Ablations = true, Ratios = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8] }
        : new();

    public override int TrialCount(LbylConvBnSpec spec) => spec.Seeds;

    public override LbylConvBnTrial RunTrial(LbylConvBnSpec spec, TrialContext ctx)
    {
        var (train, validation) = Datasets.FashionMnistTrain10k().Split(ctx.Key.FoldIn("split"), spec.ValidationCount);
        if (spec.TrainLimit > 0) train = train.Take(Math.Min(spec.TrainLimit, train.Count));
        var model = Build(spec, ctx.Key.FoldIn("init"));
        Trainer.Fit(model, FashionLeNet.Normalised(train, asImages: true), new Adam(model.Parameters, spec.LearningRate), LossKind.CrossEntropy,
            new TrainOptions(spec.Epochs, spec.BatchSize), ctx.Key.FoldIn("order"), cancel: ctx.Cancellation);
        var val = FashionLeNet.Normalised(validation, asImages: true);
        var test = FashionLeNet.Test(asImages: true);
        if (spec.TestLimit > 0) test = test.Slice(0, Math.Min(spec.TestLimit, test.Count));
        var state = model.StateDict();
        (double Acc, LayerRestoration[] Results) Run(RestoreMethod m, double r, RestoreOptions o, LabeledData data)
        {
            var copy = Build(spec, RngKey.FromSeed(0));
            copy.LoadStateDict(state);
            var results = GroupRestorer.RestoreInPlace(copy, m, PruningCriterion.L2Norm, r, o, include: g => g.Producer is Conv2d);
            return (FashionLeNet.AccuracyPercent(copy, data), results);
        }
        var cells = new List<ConvBnCell>();
        foreach (double r in spec.Ratios)
        {
            var (prune, pruneResults) = Run(RestoreMethod.Prune, r, new RestoreOptions(), test);
            foreach (var mode in new[] { RestoreMode.CodeExact, RestoreMode.Corrected })
            {
                var baseOptions = new RestoreOptions { Mode = mode, NmLambda = spec.NmLambda };
                double t = spec.ThresholdGrid.MaxBy(th => Run(RestoreMethod.NeuronMerging, r, baseOptions with { NmThreshold = th }, val).Acc);
                var lambdas = spec.Lambda1Grid.SelectMany(l1 => spec.Lambda2Grid.Select(l2 => (l1, l2)));
                var (l1, l2) = lambdas.MaxBy(l => Run(RestoreMethod.Lbyl, r, baseOptions with { Lambda1 = l.l1, Lambda2 = l.l2 }, val).Acc);
                var nm = Run(RestoreMethod.NeuronMerging, r, baseOptions with { NmThreshold = t }, test).Acc;
                var lbyl = Run(RestoreMethod.Lbyl, r, baseOptions with { Lambda1 = l1, Lambda2 = l2 }, test).Acc;
                var ablations = mode == RestoreMode.CodeExact && spec.Ablations
                    ? Ablate(baseOptions with { NmThreshold = t, Lambda1 = l1, Lambda2 = l2 }).Select(a => (a.Name, Run(a.Method, r, a.Options, test).Acc)).ToArray()
                    : [];
                cells.Add(new ConvBnCell(r, mode.ToString(), [.. pruneResults.Select(x => x.Kept.Length)], prune, nm, lbyl, t, l1, l2,
                    pruneResults.Count(x => x.CompensationCrossesMaxPool), [.. ablations.Select(a => a.Name)], [.. ablations.Select(a => a.Acc)]));
            }
        }
        return new LbylConvBnTrial(FashionLeNet.AccuracyPercent(model, test), [.. cells]);
    }

    public override ClaimOutcome Summarize(LbylConvBnSpec spec, IReadOnlyList<LbylConvBnTrial> trials, SummaryContext ctx)
    {
        var metrics = new Dictionary<string, double> { ["baseline_mean"] = trials.Average(t => t.Baseline) };
        var notes = new List<string>
        {
            $"net SmallVgg [{string.Join(",", spec.Config)}], hidden {spec.Hidden}; baseline test accuracy {MeanCi.Of([.. trials.Select(t => t.Baseline)])}",
            $"Q5: {trials[0].Cells[0].GroupsAcrossMaxPool} of the conv groups fold Z across a max-pool (exact only for NM with S > 0)",
        };
        int above = 0, below = 0, n = 0;
        double level = 1 - (1 - spec.Confidence) / trials[0].Cells.Length; // Bonferroni over cells
        foreach (var key in trials[0].Cells.Select(c => (c.Ratio, c.Mode)))
        {
            var cells = trials.Select(t => t.Cells.Single(c => (c.Ratio, c.Mode) == key)).ToList();
            var vsNm = MeanCi.Of([.. cells.Select(c => c.Lbyl - c.Nm)], level);
            var vsPrune = MeanCi.Of([.. cells.Select(c => c.Lbyl - c.Prune)], level);
            n++;
            if (vsNm.Ci.Above(0) && vsPrune.Ci.Above(0)) above++;
            if (vsNm.Ci.Below(0) || vsPrune.Ci.Below(0)) below++;
            string k = $"r{(int)Math.Round(100 * key.Ratio)}_{key.Mode}";
            metrics[$"{k}_prune"] = cells.Average(c => c.Prune); metrics[$"{k}_nm"] = cells.Average(c => c.Nm); metrics[$"{k}_lbyl"] = cells.Average(c => c.Lbyl);
            notes.Add($"{k} (kept {string.Join(",", cells[0].Kept)}): prune {MeanCi.Of([.. cells.Select(c => c.Prune)])}, NM {MeanCi.Of([.. cells.Select(c => c.Nm)])}, " +
                $"LBYL {MeanCi.Of([.. cells.Select(c => c.Lbyl)])}; LBYL−NM {vsNm}, LBYL−prune {vsPrune} (simultaneous CIs); tuned t {string.Join("/", cells.Select(c => c.TunedThreshold))}, " +
                $"λ1 {string.Join("/", cells.Select(c => c.TunedLambda1))}, λ2 {string.Join("/", cells.Select(c => c.TunedLambda2))}");
        }
        foreach (var cellGroup in trials.SelectMany(t => t.Cells).Where(c => c.AblationNames.Length > 0).GroupBy(c => c.Ratio))
        {
            var names = cellGroup.First().AblationNames;
            var parts = names.Select((name, i) =>
            {
                var baseAcc = name.StartsWith("nm") ? cellGroup.Select(c => c.Nm) : cellGroup.Select(c => c.Lbyl);
                var diff = MeanCi.Of([.. cellGroup.Select(c => c.AblationAccuracies[i]).Zip(baseAcc, (a, b) => a - b)]);
                metrics[$"r{(int)Math.Round(100 * cellGroup.Key)}_ablation_{name}"] = diff.Mean;
                return $"{name} {diff}";
            });
            notes.Add($"r{(int)Math.Round(100 * cellGroup.Key)} one-flag ablations vs CodeExact (accuracy change, 95 % t-CI): {string.Join("; ", parts)}");
        }
        ConvBnFigure.Draw(trials, ctx.Figures);
        var verdict = below > 0 ? Verdict.Contradicted : above == n ? Verdict.Confirmed : Verdict.Inconclusive;
        return new ClaimOutcome(verdict, $"LBYL beats both NM and prune (simultaneous {spec.Confidence:P0} t-CIs above 0) in {above}/{n} (ratio, mode) cells, is below one of them in {below} ({trials.Count} seeds)", metrics, notes);
    }

    /// <summary>CodeExact with exactly one quirk flag switched to its corrected value.</summary>
    private static (string Name, RestoreMethod Method, RestoreOptions Options)[] Ablate(RestoreOptions o) =>
    [
        ("nm_Q1_sigma", RestoreMethod.NeuronMerging, o with { Sigma = SigmaMode.SqrtVarPlusEps }),
        ("nm_Q2_scale", RestoreMethod.NeuronMerging, o with { NmScale = NmScaleOrientation.Corrected }),
        ("lbyl_Q1_sigma", RestoreMethod.Lbyl, o with { Sigma = SigmaMode.SqrtVarPlusEps }),
        ("lbyl_Q3_applyK", RestoreMethod.Lbyl, o with { LbylApplyK = true }),
        ("lbyl_Q4_exactBn", RestoreMethod.Lbyl, o with { LbylExactBnTerm = true }),
    ];

    internal static Sequential Build(LbylConvBnSpec spec, RngKey key) => Models.SmallVgg(key, spec.Config, spec.Hidden);
}
