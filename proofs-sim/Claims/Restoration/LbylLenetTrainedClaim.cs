using PruneTheory.Statistics;
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

/// <summary>One stored trial: one (criterion, ratio) cell restored on network <c>Network</c> (shared by its cells).</summary>
public sealed record LbylLenetTrainedTrial(int Network, double Baseline, string TrainingSet, LenetCell Cell);

/// <summary>The cells of one trained network, regrouped from its trials for the verdict and figure.</summary>
public sealed record LenetNetworkResult(double Baseline, string TrainingSet, LenetCell[] Cells);

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

    /// <summary>Cells of one network: (criterion, ratio), criterion-major.</summary>
    private static (PruningCriterion Criterion, double Ratio)[] CellsOf(LbylLenetTrainedSpec spec) =>
        [.. Enum.GetValues<PruningCriterion>().SelectMany(c => spec.Ratios.Select(r => (c, r)))];

    public override int TrialCount(LbylLenetTrainedSpec spec) => ReplicateCells.TrialCount(spec.Seeds, CellsOf(spec).Length);

    public override LbylLenetTrainedTrial RunTrial(LbylLenetTrainedSpec spec, TrialContext ctx)
    {
        var cellsOf = CellsOf(spec);
        var (network, cell) = ReplicateCells.Of(ctx.TrialIndex, cellsOf.Length);
        var (criterion, r) = cellsOf[cell];
        var key = ctx.ReplicateKey(network);
        var full = spec.FullTrainingSet ? TryFullTrain() : null;
        var source = full ?? Datasets.FashionMnistTrain10k();
        var (train, validation) = source.Split(key.FoldIn("split"), spec.ValidationCount);
        var model = Trained(spec, ctx, network, source.Name, key, train);
        var val = FashionLeNet.Normalised(validation);
        var test = FashionLeNet.Test();
        double Acc(RestoreMethod m, RestoreOptions o, LabeledData data) =>
            FashionLeNet.AccuracyPercent(MlpAdapter.Restore(model, m, criterion, r, o).Model, data);
        double published = PublishedLambda2.For(criterion, r) ?? 0.3;
        double bestT = spec.ThresholdGrid.MaxBy(t => Acc(RestoreMethod.NeuronMerging, new RestoreOptions { NmThreshold = t }, val));
        double bestL = spec.Lambda2Grid.MaxBy(l => Acc(RestoreMethod.Lbyl, new RestoreOptions { Lambda2 = l }, val));
        var result = new LenetCell(Name(criterion), r, Acc(RestoreMethod.Prune, new RestoreOptions(), test),
            Acc(RestoreMethod.NeuronMerging, new RestoreOptions { NmThreshold = 0.45 }, test), Acc(RestoreMethod.Lbyl, new RestoreOptions { Lambda2 = published }, test),
            Acc(RestoreMethod.NeuronMerging, new RestoreOptions { NmThreshold = bestT }, test), Acc(RestoreMethod.Lbyl, new RestoreOptions { Lambda2 = bestL }, test),
            bestT, bestL);
        return new LbylLenetTrainedTrial(network, FashionLeNet.AccuracyPercent(model, test), source.Name, result);
    }

    /// <summary>Training fields of the spec and the network's identity: the model-cache key of one network.</summary>
    private sealed record NetworkKey(string Claim, ulong Seed, int Network, string TrainingSet, int Epochs, int BatchSize, double LearningRate, int ValidationCount);

    /// <summary>Network <paramref name="network"/>, trained once and shared by its cells through the model cache (deterministic on a miss).</summary>
    private static Sequential Trained(LbylLenetTrainedSpec spec, TrialContext ctx, int network, string set, Random.RngKey key, Dataset train) =>
        TrainedModels.GetOrTrain("lbyl-lenet-trained-adam-v1",
            new NetworkKey(ctx.ClaimId, ctx.Seed, network, set, spec.Epochs, spec.BatchSize, spec.LearningRate, spec.ValidationCount),
            () => Models.LeNet300100(key.FoldIn("init")),
            model => Trainer.Fit(model, FashionLeNet.Normalised(train), new Adam(model.Parameters, spec.LearningRate), LossKind.CrossEntropy,
                new TrainOptions(spec.Epochs, spec.BatchSize), key.FoldIn("order"), cancel: ctx.Cancellation));

    public override string ReplicateUnit =>
        "a LeNet-300-100 trained by the suite (one seed: validation split, initialisation and batch order); every method and criterion restores the same network";

    public override string Rule =>
        "Per (criterion, ratio) cell, the per-network paired differences LBYL − prune and LBYL − NM (both tuned on validation) give a replicate mean " +
        "with a Student-t interval at the Bonferroni-simultaneous level over the cells; a side counts only when the interval excludes 0 and every " +
        "leave-one-network-out mean lies on the same side. Confirmed: LBYL − prune above 0 in every cell and LBYL − NM below 0 in none. " +
        "Contradicted: LBYL − prune or LBYL − NM below 0 in some cell. Otherwise inconclusive. 'Not worse than NM' is tested as 'no cell stably below', " +
        "not as a non-inferiority margin.";

    public override string PaperRegime =>
        "LeNet-300-100 / Fashion-MNIST trained on the full 60k training set (the reference checkpoint's data), l1, l2, l2-GM at r = 50–80 % " +
        "(LBYL's LeNet table, spec §9.1); the suite-trained variant of spec §10.2 at its paper preset: 10 networks, 15 epochs";

    /// <summary>Mean LBYL − NM of the LBYL README l2 table (r = 50–80 %: +0.97, −0.32, +0.65, +0.94 pp).</summary>
    private const double PublishedOverNm = 0.56;

    public override IReadOnlyList<LbylLenetTrainedTrial> SyntheticTrials(LbylLenetTrainedSpec spec, bool claimHolds, Random.RandomStream rng)
    {
        // Design point: LBYL − prune of the size measured on suite-trained nets (+3 pp at r = 50 % to +14 pp at 80 %) and LBYL − NM of the
        // published size (+0.56 pp, the mean of the LBYL README's l2 row), vs a world where LBYL restores nothing (= prune) while NM keeps its gain.
        // Per-network noise as measured at the quick preset: sd of LBYL − prune 0.8 → 10 pp, of LBYL − NM 2.8 → 13 pp from r = 50 to 80 %.
        return [.. Enumerable.Range(0, spec.Seeds).SelectMany(network =>
        {
            var cells = new List<LenetCell>();
            foreach (var criterion in Enum.GetValues<PruningCriterion>())
                foreach (double r in spec.Ratios)
                {
                    double gain = 3 + 37 * (r - 0.5);
                    double prune = PairedCells.Normal(rng, 80 - 100 * (r - 0.5), 2);
                    double lbyl = prune + PairedCells.Normal(rng, claimHolds ? gain : 0, 0.8 * Math.Exp(8.4 * (r - 0.5)));
                    double nm = lbyl - PairedCells.Normal(rng, claimHolds ? PublishedOverNm : -gain, 2.8 * Math.Exp(5.1 * (r - 0.5)));
                    cells.Add(new LenetCell(Name(criterion), r, prune, nm, lbyl, nm, lbyl, 0.3, 0.3));
                }
            double baseline = PairedCells.Normal(rng, 84, 0.7);
            return cells.Select(c => new LbylLenetTrainedTrial(network, baseline, spec.FullTrainingSet ? "fashion-mnist/train" : "fashion-mnist/train-10k", c));
        })];
    }

    public override ClaimOutcome Summarize(LbylLenetTrainedSpec spec, IReadOnlyList<LbylLenetTrainedTrial> rows, SummaryContext ctx)
    {
        var trials = ReplicateCells.Regroup(rows, CellsOf(spec).Length,
            cells => new LenetNetworkResult(cells[0].Baseline, cells[0].TrainingSet, [.. cells.Select(c => c.Cell)]));
        var metrics = new Dictionary<string, double> { ["baseline_mean"] = trials.Average(t => t.Baseline), ["networks"] = trials.Count };
        var sets = trials.Select(t => t.TrainingSet).Distinct().ToArray();
        var notes = new List<string> { $"trained on {string.Join(", ", sets)}; baseline test accuracy {ReplicateMean.Of([.. trials.Select(t => t.Baseline)])}" };
        int helps = 0, hurts = 0, worseThanNm = 0, cellsCount = 0;
        double level = PairedCells.Level(spec.Confidence, trials[0].Cells.Length);
        foreach (var key in trials[0].Cells.Select(c => (c.Criterion, c.Ratio)))
        {
            var cells = trials.Select(t => t.Cells.Single(c => (c.Criterion, c.Ratio) == key)).ToList();
            var vsPrune = PairedCells.Difference(cells.Select(c => c.LbylTuned), cells.Select(c => c.Prune), level);
            var vsNm = PairedCells.Difference(cells.Select(c => c.LbylTuned), cells.Select(c => c.NmTuned), level);
            cellsCount++;
            if (vsPrune.SideOf(0) == Side.Above) helps++;
            if (vsPrune.SideOf(0) == Side.Below) hurts++;
            if (vsNm.SideOf(0) == Side.Below) worseThanNm++;
            string k = $"{key.Criterion}_r{(int)Math.Round(100 * key.Ratio)}";
            foreach (var (name, get) in LenetFigure.Methods)
                metrics[$"{k}_{name}"] = cells.Average(get);
            metrics[$"{k}_lbyl_minus_nm"] = vsNm.Mean;
            metrics[$"{k}_lbyl_minus_prune"] = vsPrune.Mean;
            notes.Add($"{k}: prune {PairedCells.Pp(ReplicateMean.Of([.. cells.Select(c => c.Prune)]))}, NM(tuned t) {PairedCells.Pp(ReplicateMean.Of([.. cells.Select(c => c.NmTuned)]))}, " +
                $"LBYL(tuned λ2) {PairedCells.Pp(ReplicateMean.Of([.. cells.Select(c => c.LbylTuned)]))}; published-hyper-parameter NM {cells.Average(c => c.NmPublished):F2}, " +
                $"LBYL {cells.Average(c => c.LbylPublished):F2}; paired over networks: LBYL−prune {PairedCells.Pp(vsPrune)} ({vsPrune.SideOf(0)}), LBYL−NM {PairedCells.Pp(vsNm)} ({vsNm.SideOf(0)}) " +
                $"(simultaneous CIs); tuned t {string.Join("/", cells.Select(c => c.TunedThreshold))}, λ2 {string.Join("/", cells.Select(c => c.TunedLambda2))}");
        }
        if (!ctx.Figures.IsDry) LenetFigure.Draw(trials, ctx.Figures); // calibration runs Summarize hundreds of times without figures
        metrics["cells"] = cellsCount; metrics["cells_lbyl_beats_prune"] = helps; metrics["cells_lbyl_below_prune"] = hurts; metrics["cells_lbyl_below_nm"] = worseThanNm;
        var verdict = hurts > 0 || worseThanNm > 0 ? Verdict.Contradicted : helps == cellsCount ? Verdict.Confirmed : Verdict.Inconclusive;
        string reason = $"over {trials.Count} networks, LBYL − prune stably above 0 (simultaneous {spec.Confidence:P0} CI and leave-one-out) in {helps}/{cellsCount} cells " +
            $"(below in {hurts}); LBYL − NM stably below 0 in {worseThanNm}/{cellsCount}";
        // The paper preset asks for the 60k training set; a fallback to the 10k subset leaves the statement's regime.
        if (spec.FullTrainingSet && sets.Any(s => s.EndsWith("10k")) && verdict == Verdict.Contradicted)
            return new ClaimOutcome(Verdict.Inconclusive, $"against the claim, but trained on the 10k subset (60k set not found), outside the paper's regime: {reason}", metrics, notes);
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
