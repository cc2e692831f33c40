using PruneTheory.Data;
using PruneTheory.IO;
using PruneTheory.Networks;
using PruneTheory.ProofsSim.Claims.Restoration;
using PruneTheory.Restoration;

namespace PruneTheory.ProofsSim.Commands;

/// <summary>
/// Arguments of <c>restore</c>. <see cref="Data"/>: null (no evaluation), "fashion-mnist" (the suite's lookup order)
/// or a folder holding the Fashion-MNIST test IDX files. <see cref="Lambda2"/> null: for lenet-300-100 the published λ2 for
/// (criterion, ratio) when the LBYL paper lists one, else 0.3; for small-vgg 0.01. <see cref="NmLambda"/> null: 0.85 (NM's conv+BN
/// weight of cosine vs bias distance; unused on lenet-300-100, which has no BN).
/// </summary>
public sealed record RestoreArgs(string Model, string Arch, string Criterion, double Ratio, string Method, string Out)
{
    public string? Data { get; init; }
    public string Mode { get; init; } = "code-exact";
    public double? Lambda1 { get; init; }
    public double? Lambda2 { get; init; }
    public double? Threshold { get; init; }
    public double? NmLambda { get; init; }
}

/// <summary>Restores a user's network with prune-only, Neuron Merging or LBYL and writes it as safetensors.</summary>
public static class RestoreCommand
{
    /// <summary>lenet-300-100 (ip1/ip2 pruned, Round counts); small-vgg = Models.SmallVgg defaults ([16,M,32,M], hidden 128; convs pruned, Floor counts).</summary>
    public static readonly string[] Architectures = ["lenet-300-100", "small-vgg"];

    /// <summary>0 on success; 2 with a one-line message on <paramref name="errors"/> (stderr from the CLI) for bad input (nothing written).</summary>
    public static int Run(RestoreArgs args, TextWriter output, TextWriter? errors = null)
    {
        errors ??= output;
        try
        {
            var (criterion, method, mode) = Parse(args);
            var model = LoadModel(args);
            bool conv = args.Arch == "small-vgg";
            var data = args.Data is null ? null : LoadData(args.Data, conv);
            double lambda2 = args.Lambda2 ?? (conv ? 1e-2 : PublishedLambda2.For(criterion, args.Ratio) ?? 0.3);
            var options = new RestoreOptions { Mode = mode, Lambda1 = args.Lambda1 ?? 0, Lambda2 = lambda2, NmThreshold = args.Threshold, NmLambda = args.NmLambda ?? 0.85 };
            Sequential restored; LayerRestoration[] results;
            if (conv)
            {
                restored = LoadModel(args);
                results = GroupRestorer.RestoreInPlace(restored, method, criterion, args.Ratio, options, include: g => g.Producer is Conv2d);
            }
            else (restored, results) = MlpAdapter.Restore(model, method, criterion, args.Ratio, options);
            Report(output, args, model, restored, results, lambda2, data);
            Safetensors.Write(args.Out, restored.StateDict(), new Dictionary<string, string>
            {
                ["prunetheory.restore"] = $"arch={args.Arch} criterion={args.Criterion} ratio={args.Ratio} method={args.Method}",
                ["prunetheory.flags"] = results[0].Flags.ToString(),
            });
            output.WriteLine($"wrote {args.Out}");
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException or InvalidOperationException or IOException)
        {
            errors.WriteLine($"error: {e.Message.ReplaceLineEndings(" ")}");
            return 2;
        }
    }

    private static (PruningCriterion, RestoreMethod, RestoreMode) Parse(RestoreArgs a)
    {
        if (!Architectures.Contains(a.Arch)) throw new ArgumentException($"--arch '{a.Arch}' is not supported (supported: {string.Join(", ", Architectures)})");
        if (!(a.Ratio >= 0 && a.Ratio < 1)) throw new ArgumentException($"--ratio must lie in [0, 1) (got {a.Ratio})");
        var criterion = a.Criterion.ToLowerInvariant() switch
        {
            "l1" or "l1-norm" => PruningCriterion.L1Norm,
            "l2" or "l2-norm" => PruningCriterion.L2Norm,
            "l2-gm" or "gm" => PruningCriterion.L2GeometricMedian,
            _ => throw new ArgumentException($"--criterion '{a.Criterion}' is not one of l1, l2, l2-gm"),
        };
        var method = a.Method.ToLowerInvariant() switch
        {
            "prune" => RestoreMethod.Prune,
            "nm" or "neuron-merging" => RestoreMethod.NeuronMerging,
            "lbyl" => RestoreMethod.Lbyl,
            _ => throw new ArgumentException($"--method '{a.Method}' is not one of prune, nm, lbyl"),
        };
        var mode = a.Mode.ToLowerInvariant() switch
        {
            "code-exact" => RestoreMode.CodeExact,
            "corrected" => RestoreMode.Corrected,
            _ => throw new ArgumentException($"--mode '{a.Mode}' is not one of code-exact, corrected"),
        };
        if (a.Threshold is { } t && !(t >= 0 && t <= 1)) throw new ArgumentException($"--threshold must lie in [0, 1] (got {t}; above 1 NM merges nothing and equals prune-only)");
        if (a.NmLambda is { } l && !(l >= 0 && l <= 1)) throw new ArgumentException($"--nm-lambda must lie in [0, 1] (got {l})");
        if (string.IsNullOrWhiteSpace(a.Out)) throw new ArgumentException("--out is required");
        if (Path.GetFullPath(a.Out) == Path.GetFullPath(a.Model)) throw new ArgumentException("--out must differ from --model");
        if (Directory.Exists(a.Out)) throw new ArgumentException($"--out {a.Out} is a directory: give the output file's path");
        var dir = Path.GetDirectoryName(Path.GetFullPath(a.Out));
        if (dir is not null && !Directory.Exists(dir)) throw new DirectoryNotFoundException($"output folder '{dir}' does not exist");
        return (criterion, method, mode);
    }

    private static Sequential LoadModel(RestoreArgs a)
    {
        if (!File.Exists(a.Model)) throw new FileNotFoundException($"model file '{a.Model}' not found");
        var state = Safetensors.Read(a.Model);
        foreach (var (name, t) in state)
            for (int i = 0; i < t.Data.Length; i++)
                if (!float.IsFinite(t.Data[i])) throw new ArgumentException($"tensor '{name}' holds a non-finite value ({t.Data[i]}) at flat index {i}");
        if (a.Arch == "lenet-300-100") return MlpAdapter.LeNetFromState(state);
        var vgg = Models.SmallVgg(PruneTheory.Random.RngKey.FromSeed(0));
        vgg.LoadStateDict(state);
        return vgg;
    }

    private static LabeledData LoadData(string data, bool asImages) =>
        FashionLeNet.Normalised(Datasets.FashionMnistTest(data == "fashion-mnist" ? new DataLocator() : new DataLocator(RequireDir(data))), asImages);

    private static string RequireDir(string dir) =>
        Directory.Exists(dir) ? dir : throw new DirectoryNotFoundException($"--data folder '{dir}' does not exist");

    private static void Report(TextWriter o, RestoreArgs a, Sequential before, Sequential after, LayerRestoration[] results, double lambda2, LabeledData? data)
    {
        long pBefore = before.Parameters.Sum(p => (long)p.Value.Length), pAfter = after.Parameters.Sum(p => (long)p.Value.Length);
        int neurons = results.Sum(r => r.Kept.Length + r.Pruned.Length), pruned = results.Sum(r => r.Pruned.Length);
        o.WriteLine($"restore {a.Arch}: criterion {a.Criterion}, method {a.Method}, λ2 = {lambda2}, flags: {results[0].Flags}");
        foreach (var r in results)
            o.WriteLine($"  {r.Layer}: kept {r.Kept.Length}/{r.Kept.Length + r.Pruned.Length}, compensated {r.MergedCount} pruned neurons" +
                (r.CompensationCrossesMaxPool ? " (Z folded across a max-pool: exact only for NM with S > 0)" : ""));
        o.WriteLine($"requested sparsity (neurons per prunable layer): {a.Ratio:P1}");
        o.WriteLine($"achieved neuron sparsity: {(double)pruned / neurons:P2} ({pruned}/{neurons}); parameter sparsity: {1 - (double)pAfter / pBefore:P2} ({pAfter}/{pBefore} parameters kept)");
        foreach (var w in results.SelectMany(r => r.Warnings)) o.WriteLine($"warning: {w}");
        if (data is null) return;
        o.WriteLine($"accuracy before: {FashionLeNet.AccuracyPercent(before, data):F2} %, after: {FashionLeNet.AccuracyPercent(after, data):F2} % ({data.Count} test images)");
    }
}

/// <summary>LBYL's published λ2 for LeNet-300-100 / Fashion-MNIST (paper Tables A5–A7, spec §5.4).</summary>
public static class PublishedLambda2
{
    private static readonly double[] Ratios = [0.5, 0.6, 0.7, 0.8];
    private static readonly Dictionary<PruningCriterion, double[]> Values = new()
    {
        [PruningCriterion.L2Norm] = [0.3, 0.6, 0.3, 1e-6],
        [PruningCriterion.L1Norm] = [0.7, 0.8, 0.2, 0.3],
        [PruningCriterion.L2GeometricMedian] = [1.2, 0.5, 1.3, 0.003],
    };

    public static double? For(PruningCriterion c, double ratio)
    {
        int i = Array.FindIndex(Ratios, r => Math.Abs(r - ratio) < 1e-12);
        return i < 0 ? null : Values[c][i];
    }
}
