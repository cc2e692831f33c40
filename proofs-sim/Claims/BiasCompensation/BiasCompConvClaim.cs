using PruneTheory.Experiments;
using PruneTheory.Networks;
using PruneTheory.Pruning.BiasCompensation;
using PruneTheory.Random;

namespace PruneTheory.ProofsSim.Claims.BiasCompensation;

public sealed record BiasCompConvSpec : ClaimSpec
{
    public string[] DataSets { get; init; } = ["mnist"];
    public int Seeds { get; init; } = 3;
    public int[] Channels { get; init; } = [4, 8];
    public int Hidden { get; init; } = 32;
    public int Epochs { get; init; } = 1;
    public int Calibration { get; init; } = 500;
    public int TestCount { get; init; } = 2000;
    public double[] Ratios { get; init; } = [0, 0.5, 0.7, 0.8, 0.9, 0.95];
    /// <summary>Quick scale leaves out "ec-exact" (the exact conv block: the slowest scorer).</summary>
    public string[] Methods { get; init; } = [.. SequentialPruning.Methods.Where(m => m != "ec-exact")];
    /// <summary>Trials per trained CNN: its methods split round-robin (issue 12: ≥ 32 paper trials); the CNN is shared through the model cache.</summary>
    public int MethodGroups { get; init; } = 1;

    protected override IEnumerable<string> Check() =>
        SpecChecks.AllRatios(Ratios, "ratios").Concat(SpecChecks.AtLeast(Seeds, 1, "seeds")).Concat(SpecChecks.AtLeast(Epochs, 0, "epochs"))
            .Concat(SpecChecks.AtLeast(Calibration, 1, "calibration")).Concat(SpecChecks.AtLeast(Hidden, 1, "hidden"))
            .Concat(SpecChecks.AllAtLeast(Channels, 1, "channels")).Concat(Channels.Length == 2 ? [] : ["channels needs two entries"])
            .Concat(Methods.Contains("ec") ? [] : ["methods must include 'ec'"]).Concat(MethodSplit.Check(MethodGroups, Methods.Length));
}

/// <summary>One trained CNN's sweep; <c>ConstantAccuracy</c>: the majority-class predictor's test accuracy.</summary>
public sealed record BiasCompConvTrial(string DataSet, int Seed, double DenseLoss, double DenseAccuracy, int TestCount, double ConstantAccuracy, MethodCurve[] Curves,
    int MethodGroup = 0);

/// <summary>What training a biascomp-conv CNN reads: the model-cache key (with the kind's trainer version).</summary>
public sealed record ConvNetworkKey(string Claim, ulong Seed, string DataSet, int[] Channels, int Hidden, int Epochs, int TestCount, int Replicate);

/// <summary>EC on a small CNN (conv layers by the position-diagonal form of spec §7): an extension beyond the paper.</summary>
public sealed class BiasCompConvClaim : Claim<BiasCompConvSpec, BiasCompConvTrial>
{
    public override string Id => "biascomp-conv";
    public override string Title => "Bias-compensated pruning extended to convolutional layers (beyond the paper)";
    public override string Statement =>
        "EXTENSION, not in Ballini et al. (arXiv:2602.20467, fully-connected only): with one bias shift per output channel and the " +
        "position-diagonal statistics of spec §7, one-shot global EC pruning of a small ReLU CNN (2 conv + 2 dense layers) on MNIST gives " +
        "a lower test loss and a higher test accuracy than magnitude (with and without EC's bias update) and random pruning at 80 % and 90 % " +
        "sparsity without fine-tuning.";

    public override string PaperRegime =>
        "an extension (no paper regime): the suite's full protocol, 5 CNNs (8 and 16 channels, 64 hidden) trained 10 epochs on MNIST and " +
        "Fashion-MNIST, calibration 5,000 images, judged on MNIST at 80 % and 90 % sparsity";

    public override string ReplicateUnit => "a trained CNN (seed: init, batch order, calibration rows, random scores)";

    public override string Rule =>
        "per ratio (80 %, 90 %) × rival (Magnitude, Random, Magnitude+Update) on MNIST: paired per-network differences of test loss and " +
        "test accuracy, Student-t 95 % CI over networks; in EC's favour when both lie above 0 and every leave-one-network-out mean does " +
        "too, against when either lies stably below 0. Confirmed: all favour EC; contradicted: any against (inconclusive outside the " +
        "full protocol); a cell where EC and the rival are no better than the majority-class predictor counts for neither side";

    private static readonly string[] ConvRivals = ["Magnitude", "Random", "Magnitude+Update"];

    public override IReadOnlyList<BiasCompConvTrial> SyntheticTrials(BiasCompConvSpec spec, bool claimHolds, RandomStream rng)
    {
        var names = spec.Methods.Select(SequentialPruning.DisplayName).Where(n => n == ReplicateComparison.EcName || ConvRivals.Contains(n)).ToArray();
        return Enumerable.Range(0, TrialCount(spec)).Select(t => new BiasCompConvTrial(spec.DataSets[t % spec.DataSets.Length], t / spec.DataSets.Length,
            0.05, 0.98, spec.TestCount, 0.11, SyntheticSweeps.Replicate(names, spec.Ratios, claimHolds, rng))).ToList();
    }

    public override BiasCompConvSpec PresetFor(Scale s) => s == Scale.Paper
        ? new BiasCompConvSpec { DataSets = ["mnist", "fashion"], Seeds = 5, Channels = [8, 16], Hidden = 64, Epochs = 10, Calibration = 5000, TestCount = 10000, MethodGroups = 4,
            Ratios = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.97, 0.99], Methods = SequentialPruning.Methods }
        : new BiasCompConvSpec();

    public override int TrialCount(BiasCompConvSpec spec) => spec.Seeds * spec.DataSets.Length * spec.MethodGroups;

    /// <summary>Cache kind of the trained CNNs; bump when training changes.</summary>
    public const string ModelKind = "biascomp-conv-cnn-v1";

    private static Sequential Build(BiasCompConvSpec spec, RngKey key) => new(
        ("conv1", new Conv2d(1, spec.Channels[0], 3, key.FoldIn("conv1"), padding: 1, init: InitScheme.HeNormal)), ("relu1", new ReLU()), ("pool1", new MaxPool2d(2)),
        ("conv2", new Conv2d(spec.Channels[0], spec.Channels[1], 3, key.FoldIn("conv2"), padding: 1, init: InitScheme.HeNormal)), ("relu2", new ReLU()), ("pool2", new MaxPool2d(2)),
        ("flatten", new Flatten()),
        ("fc1", new Dense(spec.Channels[1] * 49, spec.Hidden, true, key.FoldIn("fc1"), InitScheme.HeNormal)), ("relu3", new ReLU()),
        ("fc2", new Dense(spec.Hidden, 10, true, key.FoldIn("fc2"), InitScheme.HeNormal)));

    public override BiasCompConvTrial RunTrial(BiasCompConvSpec spec, TrialContext ctx)
    {
        int cell = ctx.TrialIndex / spec.MethodGroups, group = ctx.TrialIndex % spec.MethodGroups;
        string dataName = spec.DataSets[cell % spec.DataSets.Length];
        int seed = cell / spec.DataSets.Length;
        var key = ctx.Root.FoldIn(Id).FoldIn(dataName).FoldIn((ulong)seed);
        var (train, test) = ImageData.Load(dataName, spec.TestCount);
        var images = new LabeledData(new Tensor([train.Count, 1, 28, 28], (float[])train.Images.Clone()), (int[])train.Labels.Clone());
        var model = TrainedModels.GetOrTrain(ModelKind, new ConvNetworkKey(Id, ctx.Seed, dataName, spec.Channels, spec.Hidden, spec.Epochs, spec.TestCount, seed),
            () => Build(spec, key.FoldIn("init")),
            m => Trainer.Fit(m, images, new Adam(m.Parameters, 1e-3), LossKind.CrossEntropy, new TrainOptions(spec.Epochs, 128), key.FoldIn("batches"), cancel: ctx.Cancellation));
        var mine = MethodSplit.Of(spec.Methods, spec.MethodGroups, group);
        var calibRows = key.FoldIn("calibration").Stream().Permutation(train.Count).Take(Math.Min(spec.Calibration, train.Count)).ToArray();
        var calib = images.Gather(calibRows).Inputs;
        var testX = new Tensor([test.Count, 1, 28, 28], (float[])test.Images.Clone());
        var (dense, acc) = Evaluate(model, testX, test.Labels);
        var state = model.StateDict();
        double[][]? ecLoss = null;
        var curves = new List<MethodCurve>();
        var diagonal = new Lazy<CompensationScores>(() => SequentialCompensation.Accumulate(model, calib).Scores());   // shared by four methods
        foreach (string m in mine.Contains("ec") ? new[] { "ec" }.Concat(mine.Where(x => x != "ec")) : mine)
        {
            var imp = SequentialPruning.Score(m, model, calib, key.FoldIn("methods").FoldIn(m), m is "ec" or "ec-noupdate" or "obd" or "magnitude+update" ? diagonal.Value : null);
            int R = spec.Ratios.Length;
            var c = new MethodCurve(SequentialPruning.DisplayName(m), new double[R], new double[R], new double[R], Enumerable.Repeat(double.NaN, R).ToArray(),
                new double[R], new double[R], new double[R]);
            var perSample = new double[R][];
            for (int r = 0; r < R; r++)
            {
                var pruned = Build(spec, key.FoldIn("init"));
                pruned.LoadStateDict(state);
                var mask = Selection.Select(imp.Scores, spec.Ratios[r], SelectionScope.Global);
                SequentialPruning.Apply(pruned, mask, imp);
                c.Sparsity[r] = (double)Pruner.Count(mask) / imp.Scores.Sum(s => s.Length);
                (perSample[r], c.Accuracy[r]) = Evaluate(pruned, testX, test.Labels);
                (c.Loss[r], c.LossSd[r]) = PruningSweep.MeanSd(perSample[r]);
                if (ecLoss != null) (c.DiffVsEc[r], c.DiffVsEcSd[r]) = PruningSweep.MeanSd(perSample[r].Zip(ecLoss[r], (a, b) => a - b).ToArray());
                else if (m != "ec") c.DiffVsEc[r] = c.DiffVsEcSd[r] = double.NaN;   // EC is in another group's trial
            }
            if (m == "ec") ecLoss = perSample;
            curves.Add(c);
        }
        var ordered = mine.Select(m => curves.Single(c => c.Method == SequentialPruning.DisplayName(m))).ToArray();
        return new BiasCompConvTrial(dataName, seed, dense.Average(), acc, test.Count, ImageData.MajorityAccuracy(train, test), ordered, group);
    }

    /// <summary>Per-sample cross-entropy and accuracy of the engine model (eval mode, batches of 500).</summary>
    private static (double[] Loss, double Accuracy) Evaluate(Sequential model, Tensor x, int[] labels)
    {
        int n = x[0], per = x.SampleSize, correct = 0;
        var loss = new double[n];
        for (int start = 0; start < n; start += 500)
        {
            int rows = Math.Min(500, n - start);
            var logits = model.Forward(new Tensor([rows, 1, 28, 28], x.Data.AsSpan(start * per, rows * per).ToArray()), false);
            int k = logits.SampleSize;
            for (int r = 0; r < rows; r++)
            {
                var f = logits.Data.AsSpan(r * k, k);
                double m = double.NegativeInfinity, s = 0; int arg = 0;
                for (int j = 0; j < k; j++) if (f[j] > m) { m = f[j]; arg = j; }
                for (int j = 0; j < k; j++) s += Math.Exp(f[j] - m);
                loss[start + r] = m + Math.Log(s) - f[labels[start + r]];
                if (arg == labels[start + r]) correct++;
            }
        }
        return (loss, (double)correct / n);
    }

    public override ClaimOutcome Summarize(BiasCompConvSpec spec, IReadOnlyList<BiasCompConvTrial> trials, SummaryContext ctx) =>
        SweepSummary.Summarize(Id, spec.Ratios,
            MethodSplit.Merge(trials, t => $"{t.DataSet} {t.Seed}", t => t.MethodGroup, t => t.Curves, (t, c) => t with { Curves = c })
                .Select(t => new GroupedCurves($"{t.DataSet} cnn", t.Curves, t.TestCount, t.DataSet == "mnist", t.ConstantAccuracy)).ToList(), ctx,
            rivals: ConvRivals, verdictRatios: [0.8, 0.9], classification: true);
}
