using PruneTheory.Data;
using PruneTheory.Experiments;
using PruneTheory.Networks;
using PruneTheory.ProofsSim.Commands;
using PruneTheory.Restoration;

namespace PruneTheory.ProofsSim.Claims.Restoration;

public sealed record LbylLenetTrainedSpec : ClaimSpec
{
    public int Seeds { get; init; } = 5;
    public int Epochs { get; init; } = 8;
    /// <summary>Train on the full 60k training set when it is found (else the committed 10k subset, noted).</summary>
    public bool FullTrainingSet { get; init; }
    public int ValidationCount { get; init; } = 1000;
    public int BatchSize { get; init; } = 128;
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Simultaneous confidence of the verdict's intervals (Bonferroni over the (criterion, ratio) cells).</summary>
    public double Confidence { get; init; } = 0.95;
    public double[] Ratios { get; init; } = [0.5, 0.6, 0.7, 0.8];
    public double[] Lambda2Grid { get; init; } = [1e-6, 1e-3, 0.01, 0.1, 0.3, 1, 3];
    public double[] ThresholdGrid { get; init; } = [0, 0.1, 0.3, 0.45, 0.6];

    protected override IEnumerable<string> Check() =>
        SpecChecks.AtLeast(Seeds, 2, "seeds").Concat(SpecChecks.AtLeast(Epochs, 1, "epochs")).Concat(SpecChecks.AtLeast(ValidationCount, 100, "validationCount"))
            .Concat(SpecChecks.AtLeast(BatchSize, 1, "batchSize")).Concat(SpecChecks.Positive(LearningRate, "learningRate"))
            .Concat(Confidence is > 0 and < 1 ? [] : ["confidence must lie in (0, 1)"])
            .Concat(SpecChecks.NonEmpty(Ratios, "ratios")).Concat(SpecChecks.AllRatios(Ratios, "ratios")).Concat(Ratios.Any(r => r >= 1) ? ["ratios must be < 1"] : [])
            .Concat(SpecChecks.NonEmpty(Lambda2Grid, "lambda2Grid")).Concat(SpecChecks.AllPositive(Lambda2Grid, "lambda2Grid"))
            .Concat(SpecChecks.NonEmpty(ThresholdGrid, "thresholdGrid")).Concat(SpecChecks.AllRatios(ThresholdGrid, "thresholdGrid"));
}

/// <summary>Test accuracies (%) of one (criterion, ratio) on one trained net; tuned values chosen on the validation split.</summary>
public sealed record LenetCell(string Criterion, double Ratio, double Prune, double NmPublished, double LbylPublished,
    double NmTuned, double LbylTuned, double TunedThreshold, double TunedLambda2);

public sealed record LbylLenetTrainedTrial(double Baseline, string TrainingSet, LenetCell[] Cells);

public sealed class LbylLenetTrainedClaim : Claim<LbylLenetTrainedSpec, LbylLenetTrainedTrial>
{
    public override string Id => "lbyl-lenet-trained";
    public override string Title => "LBYL vs NM vs prune-only on LeNet-300-100 nets trained by the suite";
    public override string Statement =>
        "On LeNet-300-100 / Fashion-MNIST nets trained by the suite (several seeds, all three criteria, r = 50–80 %), data-free " +
        "LBYL restoration beats prune-only and is not worse than Neuron Merging, with t and λ2 tuned on a held-out validation split " +
        "(Lee et al. arXiv 2502.08474, LeNet table; spec lbyl-and-neuron-merging §10.2).";

    public override LbylLenetTrainedSpec PresetFor(Scale s) =>
        s == Scale.Paper ? new LbylLenetTrainedSpec { Seeds = 10, Epochs = 15, FullTrainingSet = true } : new();

    public override int TrialCount(LbylLenetTrainedSpec spec) => spec.Seeds;

    public override LbylLenetTrainedTrial RunTrial(LbylLenetTrainedSpec spec, TrialContext ctx)
    {
        var full = spec.FullTrainingSet ? TryFullTrain() : null;
        var source = full ?? Datasets.FashionMnistTrain10k();
        var (train, validation) = source.Split(ctx.Key.FoldIn("split"), spec.ValidationCount);
        var model = Models.LeNet300100(ctx.Key.FoldIn("init"));
        Trainer.Fit(model, FashionLeNet.Normalised(train), new Adam(model.Parameters, spec.LearningRate), LossKind.CrossEntropy,
            new TrainOptions(spec.Epochs, spec.BatchSize), ctx.Key.FoldIn("order"), cancel: ctx.Cancellation);
        var val = FashionLeNet.Normalised(validation);
        var test = FashionLeNet.Test();
        var cells = new List<LenetCell>();
        foreach (var criterion in Enum.GetValues<PruningCriterion>())
            foreach (double r in spec.Ratios)
            {
                double Acc(RestoreMethod m, RestoreOptions o, LabeledData data) =>
                    FashionLeNet.AccuracyPercent(MlpAdapter.Restore(model, m, criterion, r, o).Model, data);
                double published = PublishedLambda2.For(criterion, r) ?? 0.3;
                double bestT = spec.ThresholdGrid.MaxBy(t => Acc(RestoreMethod.NeuronMerging, new RestoreOptions { NmThreshold = t }, val));
                double bestL = spec.Lambda2Grid.MaxBy(l => Acc(RestoreMethod.Lbyl, new RestoreOptions { Lambda2 = l }, val));
                cells.Add(new LenetCell(Name(criterion), r, Acc(RestoreMethod.Prune, new RestoreOptions(), test),
                    Acc(RestoreMethod.NeuronMerging, new RestoreOptions { NmThreshold = 0.45 }, test), Acc(RestoreMethod.Lbyl, new RestoreOptions { Lambda2 = published }, test),
                    Acc(RestoreMethod.NeuronMerging, new RestoreOptions { NmThreshold = bestT }, test), Acc(RestoreMethod.Lbyl, new RestoreOptions { Lambda2 = bestL }, test),
                    bestT, bestL));
            }
        return new LbylLenetTrainedTrial(FashionLeNet.AccuracyPercent(model, test), source.Name, [.. cells]);
    }

    public override ClaimOutcome Summarize(LbylLenetTrainedSpec spec, IReadOnlyList<LbylLenetTrainedTrial> trials, SummaryContext ctx)
    {
        var metrics = new Dictionary<string, double> { ["baseline_mean"] = trials.Average(t => t.Baseline) };
        var notes = new List<string> { $"trained on {string.Join(", ", trials.Select(t => t.TrainingSet).Distinct())}; baseline test accuracy {MeanCi.Of([.. trials.Select(t => t.Baseline)])}" };
        int helps = 0, hurts = 0, worseThanNm = 0, cellsCount = 0;
        double level = 1 - (1 - spec.Confidence) / trials[0].Cells.Length; // Bonferroni over cells
        foreach (var key in trials[0].Cells.Select(c => (c.Criterion, c.Ratio)))
        {
            var cells = trials.Select(t => t.Cells.Single(c => (c.Criterion, c.Ratio) == key)).ToList();
            var vsPrune = MeanCi.Of([.. cells.Select(c => c.LbylTuned - c.Prune)], level);
            var vsNm = MeanCi.Of([.. cells.Select(c => c.LbylTuned - c.NmTuned)], level);
            cellsCount++;
            if (vsPrune.Ci.Above(0)) helps++;
            if (vsPrune.Ci.Below(0)) hurts++;
            if (vsNm.Ci.Below(0)) worseThanNm++;
            string k = $"{key.Criterion}_r{(int)Math.Round(100 * key.Ratio)}";
            foreach (var (name, get) in LenetFigure.Methods)
                metrics[$"{k}_{name}"] = cells.Average(get);
            metrics[$"{k}_lbyl_minus_nm"] = vsNm.Mean;
            notes.Add($"{k}: prune {MeanCi.Of([.. cells.Select(c => c.Prune)])}, NM(tuned t) {MeanCi.Of([.. cells.Select(c => c.NmTuned)])}, " +
                $"LBYL(tuned λ2) {MeanCi.Of([.. cells.Select(c => c.LbylTuned)])}; published-hyper-parameter NM {cells.Average(c => c.NmPublished):F2}, " +
                $"LBYL {cells.Average(c => c.LbylPublished):F2}; LBYL−prune {vsPrune}, LBYL−NM {vsNm} (simultaneous CIs); tuned t {string.Join("/", cells.Select(c => c.TunedThreshold))}, λ2 {string.Join("/", cells.Select(c => c.TunedLambda2))}");
        }
        LenetFigure.Draw(trials, ctx.Figures);
        metrics["cells_lbyl_beats_prune"] = helps; metrics["cells_lbyl_below_nm"] = worseThanNm;
        var verdict = hurts > 0 || worseThanNm > 0 ? Verdict.Contradicted : helps == cellsCount ? Verdict.Confirmed : Verdict.Inconclusive;
        string reason = $"LBYL − prune simultaneous {spec.Confidence:P0} CI above 0 in {helps}/{cellsCount} cells (below 0 in {hurts}); LBYL − NM CI below 0 in {worseThanNm}/{cellsCount} cells ({trials.Count} seeds)";
        return new ClaimOutcome(verdict, reason, metrics, notes);
    }

    internal static string Name(PruningCriterion c) => c switch
    {
        PruningCriterion.L1Norm => "l1", PruningCriterion.L2Norm => "l2", _ => "l2gm",
    };

    private static Dataset? TryFullTrain()
    {
        try { return Datasets.FashionMnistTrain(); }
        catch (FileNotFoundException) { return null; }
    }
}
