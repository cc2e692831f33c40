using System.Globalization;
using PruneTheory.IO;
using PruneTheory.Pruning.BiasCompensation;

namespace PruneTheory.ProofsSim.Commands;

/// <summary>
/// The <c>prune</c> command: one-shot pruning of a dense MLP stored as safetensors, with bias compensation for
/// biascomp (= ec) and the other methods of spec §6. Exit 0 on success; 2 with a one-line message on
/// <paramref name="errors"/> (stderr from the CLI) for bad input, nothing written; the output is written atomically.
/// </summary>
public static class PruneCommand
{
    private static readonly string[] LossBased = ["gradmagnitude", "taylor", "ec-loss"];

    public static int Run(PruneArgs args, TextWriter output, TextWriter? errors = null)
    {
        ArgumentNullException.ThrowIfNull(args); ArgumentNullException.ThrowIfNull(output);
        errors ??= output;
        try
        {
            string method = args.Method.ToLowerInvariant();
            if (!(args.Ratio >= 0 && args.Ratio <= 1)) throw new ArgumentException($"--ratio must be in [0, 1], got {args.Ratio.ToString(CultureInfo.InvariantCulture)}");
            if (string.IsNullOrWhiteSpace(args.Model)) throw new ArgumentException("--model is required");
            if (string.IsNullOrWhiteSpace(args.Calib)) throw new ArgumentException("--calib is required");
            if (string.IsNullOrWhiteSpace(args.Out)) throw new ArgumentException("--out is required");
            if (args.CalibCount < 1) throw new ArgumentException($"--calib-count must be >= 1 (got {args.CalibCount}); a count above the data size takes all samples");
            CheckOut(args);
            var scope = args.Scope.ToLowerInvariant() switch
            {
                "global" => SelectionScope.Global,
                "layerwise" or "layer-wise" => SelectionScope.LayerWise,
                _ => throw new ArgumentException($"--scope must be global or layerwise, got '{args.Scope}'"),
            };
            var act = args.Activation.ToLowerInvariant() switch
            {
                "relu" => HiddenActivation.Relu, "tanh" => HiddenActivation.Tanh, "identity" or "linear" => HiddenActivation.Identity,
                _ => throw new ArgumentException($"--activation must be relu, tanh or identity, got '{args.Activation}'"),
            };
            var scorer = PruningMethods.Create(method, PruneTheory.Random.RngKey.FromSeed(args.Seed).FoldIn("prune"));
            if (!File.Exists(args.Model)) throw new ArgumentException($"--model file not found: {args.Model}");
            SafetensorsFile file;
            try { file = Safetensors.Load(args.Model); }
            catch (Exception e) when (e is InvalidDataException or FormatException or System.Text.Json.JsonException or ArgumentException)
            { throw new ArgumentException($"--model is not a valid safetensors file: {e.Message}"); }
            var (net, weightNames, biasNames) = EngineAdapter.FromStateDict(file.Tensors, act);
            bool builtIn = args.Calib is "mnist" or "fashion";
            var (centered, pixelSource) = PrunePixels.Resolve(args.Pixels, file.Metadata);
            var (calib, hasTargets) = PruneCalibration.Load(args.Calib, net, args.CalibCount, centered);
            if (!hasTargets && LossBased.Contains(method))
                throw new ArgumentException($"method '{method}' needs targets: give 'labels' or 'y' in the calibration file");

            var imp = scorer.Score(net, calib);
            var mask = Selection.Select(imp.Scores, args.Ratio, scope);
            var pruned = Pruner.Apply(net, mask, imp);
            var tensors = new Dictionary<string, TensorData>(file.Tensors);
            for (int l = 0; l < net.Layers; l++)
            {
                tensors[weightNames[l]] = new TensorData((int[])file.Tensors[weightNames[l]].Shape.Clone(), EngineAdapter.ToFloat(pruned.Weights[l]));
                if (file.Tensors.ContainsKey(biasNames[l]) || pruned.Biases[l].Any(b => b != 0))
                    tensors[biasNames[l]] = new TensorData([net.Sizes[l + 1]], EngineAdapter.ToFloat(pruned.Biases[l]));
            }
            long k = Pruner.Count(mask);
            var meta = new Dictionary<string, string>(file.Metadata)
            {
                ["prunetheory_prune_method"] = scorer.Name,
                ["prunetheory_prune_ratio"] = args.Ratio.ToString("R", CultureInfo.InvariantCulture),
                ["prunetheory_pruned_weights"] = k.ToString(CultureInfo.InvariantCulture),
            };
            if (builtIn) meta[PrunePixels.MetadataKey] = PrunePixels.Name(centered);
            Safetensors.Write(args.Out, tensors, meta);
            var (before, after) = (calib.MeanLoss(net.Predict(calib.X, calib.Count)), calib.MeanLoss(pruned.Predict(calib.X, calib.Count)));
            output.WriteLine(FormattableString.Invariant(
                $"pruned {k} of {net.WeightCount} weights ({100.0 * k / net.WeightCount:F2}%) of {string.Join("-", net.Sizes)} with {scorer.Name}, {scope}; calibration {calib.Count} samples"));
            if (builtIn) output.WriteLine($"pixels: {PrunePixels.Name(centered)} ({pixelSource})");
            if (hasTargets) output.WriteLine(FormattableString.Invariant($"calibration loss {before:G5} -> {after:G5}"));
            output.WriteLine($"wrote {args.Out}");
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or InvalidDataException)
        {
            errors.WriteLine($"prune: {e.Message.ReplaceLineEndings(" ")}");
            return 2;
        }
    }

    /// <summary>--out must be a file path in an existing folder, not a directory and not the input model.</summary>
    private static void CheckOut(PruneArgs args)
    {
        string full = Path.GetFullPath(args.Out);
        if (Directory.Exists(full)) throw new ArgumentException($"--out {args.Out} is a directory: give the output file's path");
        if (!string.IsNullOrWhiteSpace(args.Model) && full == Path.GetFullPath(args.Model))
            throw new ArgumentException("--out must differ from --model (the input would be overwritten)");
        string? dir = Path.GetDirectoryName(full);
        if (dir is not null && !Directory.Exists(dir)) throw new ArgumentException($"--out {args.Out}: the folder {dir} does not exist");
    }
}
