using PruneTheory.Graph;
using PruneTheory.Restoration;

namespace PruneTheory.ProofsSim.Commands;

/// <summary>
/// Arguments of <c>restore</c>. <see cref="Data"/>: null (no evaluation) or what <see cref="LabelledInputs.Load"/> reads.
/// <see cref="Lambda2"/> null: with BN 0.01, else the published LeNet λ2 for (criterion, ratio) when the LBYL paper lists
/// one, else 0.3. <see cref="NmLambda"/> null: 0.85 (NM's conv+BN weight of cosine vs bias distance).
/// </summary>
public sealed record RestoreArgs(string Model, string Arch, string Criterion, double Ratio, string Method, string Out)
{
    public string? Data { get; init; }
    public string Mode { get; init; } = "code-exact";
    public double? Lambda1 { get; init; }
    public double? Lambda2 { get; init; }
    public double? Threshold { get; init; }
    public double? NmLambda { get; init; }
    public string? ArchFile { get; init; }
    public string? InputShape { get; init; }
    public string Activation { get; init; } = "relu";
    public string? Normalize { get; init; }
    public string OutputStyle { get; init; } = "narrowed";
    /// <summary>Which producers are pruned: all, conv or linear (--arch small-vgg: conv).</summary>
    public string Layers { get; init; } = "all";
}

/// <summary>Restores a user's network with prune-only, Neuron Merging or LBYL and writes it as safetensors.</summary>
public static class RestoreCommand
{
    public static readonly string[] Architectures = ModelInput.Architectures;

    /// <summary>0 on success; 2 with a one-line message on <paramref name="errors"/> (stderr from the CLI) for bad input (nothing written).</summary>
    public static int Run(RestoreArgs args, TextWriter output, TextWriter? errors = null)
    {
        errors ??= output;
        try
        {
            var (criterion, method, mode) = Parse(args);
            var style = NetworkState.ParseStyle(args.OutputStyle);
            var data = args.Data is null ? null : LabelledInputs.Load(args.Data);
            var (net, file) = ModelInput.Load(args.Model, new ModelOptions { Arch = args.Arch, ArchFile = args.ArchFile, Activation = args.Activation, InputShape = args.InputShape }, data?.SampleShape);
            var (norm, normSource, normWarning) = InputNormalization.Resolve(args.Normalize, file.Metadata);
            var x = data?.For(net, norm);
            string layers = args.Arch == "small-vgg" ? "conv" : args.Layers.ToLowerInvariant();
            Func<UnitGroup, bool> include = layers switch
            {
                "all" => _ => true,
                "conv" => g => g.Producer is Conv2d,
                "linear" => g => g.Producer is Linear,
                _ => throw new ArgumentException($"--layers must be all, conv or linear, got '{args.Layers}'"),
            };
            var restored = net.Clone();
            var groups = UnitGroup.Find(restored).Where(include).ToList();
            if (groups.Count == 0) throw new ArgumentException($"the network has no prunable {(layers == "all" ? "" : layers + " ")}layer (a Linear/Conv2d whose units feed another one)");
            bool bn = groups.Any(g => g.Norm is not null);
            double lambda2 = args.Lambda2 ?? (bn ? 1e-2 : PublishedLambda2.For(criterion, args.Ratio) ?? 0.3);
            var options = new RestoreOptions { Mode = mode, Lambda1 = args.Lambda1 ?? 0, Lambda2 = lambda2, NmThreshold = args.Threshold, NmLambda = args.NmLambda ?? 0.85 };
            var masks = new Dictionary<string, double[]>(StringComparer.Ordinal);
            var results = GraphRestorer.RestoreInPlace(groups, method, criterion, args.Ratio, options, out var bnErrors, masks: style == Graph.OutputStyle.Narrowed ? null : masks);
            restored.Recheck();
            NetworkState.RequireFinite(restored);
            NetworkState.RoundToFloat32(restored);
            ModelOutput.CheckOut(args.Out, args.Model);

            Report(output, args, net, restored, results, bnErrors, masks, lambda2);
            if (normWarning is not null) output.WriteLine($"warning: {normWarning}");
            if (data is not null && x is not null)
            {
                output.WriteLine($"normalize: {norm.Name} ({normSource}){(data.Raw ? "" : "; not applied: a --data file's x is used as stored")}");
                var (a0, l0) = NetworkEval.Evaluate(net, x, data.Labels);
                var (a1, l1) = NetworkEval.Evaluate(restored, x, data.Labels);
                output.WriteLine($"accuracy before: {a0:F2} %, after: {a1:F2} % ({data.Count} test images)");
                output.WriteLine(FormattableString.Invariant($"test loss before: {l0:G6}, after: {l1:G6} (mean cross-entropy)"));
            }
            var meta = new Dictionary<string, string>
            {
                ["prunetheory.command"] = "restore",
                ["prunetheory.method"] = args.Method.ToLowerInvariant(),
                ["prunetheory.criterion"] = args.Criterion.ToLowerInvariant(),
                ["prunetheory.ratio"] = ModelOutput.Num(args.Ratio),
                ["prunetheory.mode"] = args.Mode,
                ["prunetheory.flags"] = results[0].Flags.ToString(),
                [InputNormalization.MetadataKey] = norm.Name,
            };
            foreach (var r in results) meta[$"prunetheory.kept.{r.Layer}"] = ModelOutput.Indices(r.Kept);
            foreach (var path in ModelOutput.Write(args.Out, restored, style, masks, file.Metadata, meta)) output.WriteLine($"wrote {path}");
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
        if (!Architectures.Contains(a.Arch)) throw new ArgumentException($"--arch '{a.Arch}' is not supported (supported: {string.Join(", ", Architectures)}, or --arch-file)");
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
        ModelOutput.CheckOut(a.Out, a.Model);
        return (criterion, method, mode);
    }

    private static void Report(TextWriter o, RestoreArgs a, Network before, Network after, LayerRestoration[] results, double?[] bnErrors,
        IReadOnlyDictionary<string, double[]> masks, double lambda2)
    {
        long pBefore = before.ParameterCount, pAfter = after.ParameterCount - (long)masks.Values.Sum(m => m.Count(v => v == 0));
        int neurons = results.Sum(r => r.Kept.Length + r.Pruned.Length), pruned = results.Sum(r => r.Pruned.Length);
        o.WriteLine($"restore {a.ArchFile ?? a.Arch} ({before.Nodes.Count} nodes, input [{string.Join(", ", before.InputShape)}]): criterion {a.Criterion}, method {a.Method}, λ2 = {lambda2}, flags: {results[0].Flags}");
        for (int i = 0; i < results.Length; i++)
        {
            var r = results[i];
            o.WriteLine($"  {r.Layer}: kept {r.Kept.Length}/{r.Kept.Length + r.Pruned.Length}, compensated {r.MergedCount} pruned neurons" +
                (bnErrors[i] is { } e ? FormattableString.Invariant($", BN-space error {e:G4} (prune-only 1)") : "") +
                (r.CompensationCrossesMaxPool ? " (Z folded across a max-pool: exact only for NM with S > 0)" : ""));
        }
        if (bnErrors.Any(e => e is not null))
            o.WriteLine(FormattableString.Invariant($"mean BN-space error over {bnErrors.Count(e => e is not null)} BN layers: {bnErrors.Where(e => e is not null).Average()!.Value:G4} (data-free, relative; prune-only 1)"));
        o.WriteLine($"requested sparsity (neurons per prunable layer): {a.Ratio:P1}");
        o.WriteLine($"achieved neuron sparsity: {(double)pruned / neurons:P2} ({pruned}/{neurons}); parameter sparsity: {1 - (double)pAfter / pBefore:P2} ({pAfter}/{pBefore} parameters kept)");
        foreach (var w in results.SelectMany(r => r.Warnings)) o.WriteLine($"warning: {w}");
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
