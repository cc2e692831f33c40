using System.Globalization;
using PruneTheory.Graph;
using PruneTheory.Pruning.BiasCompensation;

namespace PruneTheory.ProofsSim.Commands;

/// <summary>
/// The <c>prune</c> command: one-shot weight pruning of a dense network (Linear, BatchNorm1d, ReLU/Tanh) stored as
/// safetensors, with bias compensation for biascomp (= ec) and the other methods of spec §6, on the exact function
/// of the stored network (BN folded, <see cref="NetworkMlp"/>). Exit 0 on success; 2 with a one-line message on
/// <paramref name="errors"/> (stderr from the CLI) for bad input, nothing written; outputs are written atomically.
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
            if (args.CalibCount < 1) throw new ArgumentException($"--calib-count must be >= 1 (got {args.CalibCount}); a count above the data size takes all samples");
            ModelOutput.CheckOut(args.Out, args.Model);
            var style = NetworkState.ParseStyle(args.OutputStyle);
            if (style == OutputStyle.Narrowed) throw new ArgumentException("--output-style narrowed: weight pruning removes no unit; use zeroed or masked");
            var scope = args.Scope.ToLowerInvariant() switch
            {
                "global" => SelectionScope.Global,
                "layerwise" or "layer-wise" => SelectionScope.LayerWise,
                _ => throw new ArgumentException($"--scope must be global or layerwise, got '{args.Scope}'"),
            };
            var scorer = PruningMethods.Create(method, PruneTheory.Random.RngKey.FromSeed(args.Seed).FoldIn("prune"));
            var data = args.Data is null ? null : LabelledInputs.Load(args.Data);
            var (net, file) = ModelInput.Load(args.Model, new ModelOptions { Arch = args.Arch, ArchFile = args.ArchFile, Activation = args.Activation, InputShape = args.InputShape }, data?.SampleShape);
            var view = NetworkMlp.From(net);
            var (norm, normSource, normWarning) = InputNormalization.Resolve(args.Normalize, file.Metadata);
            var testX = data?.For(net, norm);
            var (calib, hasTargets) = PruneCalibration.Load(args.Calib, view.Mlp, args.CalibCount, norm);
            if (!hasTargets && LossBased.Contains(method))
                throw new ArgumentException($"method '{method}' needs targets: give 'labels' or 'y' in the calibration file");

            var imp = scorer.Score(view.Mlp, calib);
            var mask = Selection.Select(imp.Scores, args.Ratio, scope);
            var pruned = Pruner.Apply(view.Mlp, mask, imp);
            var result = net.Clone();
            var masks = new Dictionary<string, double[]>(StringComparer.Ordinal);
            var added = view.WriteBack(result, pruned, mask, masks);
            result.Recheck();
            NetworkState.RequireFinite(result);
            NetworkState.RoundToFloat32(result);
            long k = Pruner.Count(mask);
            var meta = new Dictionary<string, string>
            {
                ["prunetheory.command"] = "prune",
                ["prunetheory.method"] = scorer.Name,
                ["prunetheory.ratio"] = ModelOutput.Num(args.Ratio),
                ["prunetheory.scope"] = scope.ToString().ToLowerInvariant(),
                ["prunetheory.pruned_weights"] = k.ToString(CultureInfo.InvariantCulture),
                [InputNormalization.MetadataKey] = norm.Name,
            };
            // the calibration loss of the network as written (float32), through the same view
            var after = NetworkMlp.From(result).Mlp;
            var (before, lossAfter) = (calib.MeanLoss(view.Mlp.Predict(calib.X, calib.Count)), calib.MeanLoss(after.Predict(calib.X, calib.Count)));
            output.WriteLine(FormattableString.Invariant(
                $"pruned {k} of {view.Mlp.WeightCount} weights ({100.0 * k / view.Mlp.WeightCount:F2}%) of {string.Join("-", view.Mlp.Sizes)} with {scorer.Name}, {scope}; calibration {calib.Count} samples"));
            output.WriteLine($"normalize: {norm.Name} ({normSource}){(args.Calib is "mnist" or "fashion" ? "" : "; not applied to the --calib file (its x is used as stored)")}");
            if (normWarning is not null) output.WriteLine($"warning: {normWarning}");
            foreach (var b in added) output.WriteLine($"warning: added '{b}' (the compensated bias of a bias-free layer): build that layer with bias=True to load the output");
            if (hasTargets) output.WriteLine(FormattableString.Invariant($"calibration loss {before:G5} -> {lossAfter:G5}"));
            if (data is not null && testX is not null)
            {
                var (a0, l0) = NetworkEval.Evaluate(net, testX, data.Labels);
                var (a1, l1) = NetworkEval.Evaluate(result, testX, data.Labels);
                output.WriteLine($"accuracy before: {a0:F2} %, after: {a1:F2} % ({data.Count} test images)");
                output.WriteLine(FormattableString.Invariant($"test loss before: {l0:G6}, after: {l1:G6} (mean cross-entropy)"));
            }
            foreach (var path in ModelOutput.Write(args.Out, result, style, masks, file.Metadata, meta)) output.WriteLine($"wrote {path}");
            return 0;
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or InvalidDataException)
        {
            errors.WriteLine($"prune: {e.Message.ReplaceLineEndings(" ")}");
            return 2;
        }
    }
}
