using System.Globalization;
using PruneTheory.Graph;
using PruneTheory.Pruning.BiasCompensation;

namespace PruneTheory.ProofsSim.Commands;

/// <summary>
/// The <c>prune</c> command: one-shot weight pruning of a dense network (Linear, BatchNorm1d, ReLU/Tanh; the methods of
/// spec §6) or a conv network (Conv2d, BatchNorm2d, ReLU/Tanh, pools, Flatten, Linear, residual blocks; the methods of
/// <see cref="SequentialPruning"/>) stored as safetensors, with bias compensation for biascomp (= ec), on the exact
/// function of the stored network (BN folded, <see cref="NetworkChain"/>). Exit 0 on success; 2 with a one-line message on
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
            var data = args.Data is null ? null : LabelledInputs.Load(args.Data);
            var (net, file) = ModelInput.Load(args.Model, new ModelOptions { Arch = args.Arch, ArchFile = args.ArchFile, Activation = args.Activation, InputShape = args.InputShape }, data?.SampleShape);
            var view = NetworkChain.From(net);
            var mlp = view.IsConv ? null : view.ToMlp();
            var key = PruneTheory.Random.RngKey.FromSeed(args.Seed).FoldIn("prune");
            var scorer = mlp is null ? null : PruningMethods.Create(method, key);
            string convMethod = mlp is null ? ChainEngine.Method(method) : "";
            var (norm, normSource, normWarning) = InputNormalization.Resolve(args.Normalize, file.Metadata);
            var testX = data?.For(net, norm);
            var (calib, hasTargets) = PruneCalibration.Load(args.Calib, net, args.CalibCount, norm);
            if (!hasTargets && LossBased.Contains(method))
                throw new ArgumentException($"method '{method}' needs targets: give 'labels' or 'y' in the calibration file");

            var (weights, biases, mask) = mlp is null ? ChainEngine.Prune(view, convMethod, calib, args.Ratio, scope, key) : PruneDense(mlp, scorer!, calib, args.Ratio, scope);
            string methodName = scorer?.Name ?? SequentialPruning.DisplayName(convMethod);
            var result = net.Clone();
            var masks = new Dictionary<string, double[]>(StringComparer.Ordinal);
            var added = view.WriteBack(result, weights, biases, mask, masks);
            result.Recheck();
            NetworkState.RequireFinite(result);
            NetworkState.RoundToFloat32(result);
            long k = Pruner.Count(mask);
            var meta = new Dictionary<string, string>
            {
                ["prunetheory.command"] = "prune",
                ["prunetheory.method"] = methodName,
                ["prunetheory.ratio"] = ModelOutput.Num(args.Ratio),
                ["prunetheory.scope"] = scope.ToString().ToLowerInvariant(),
                ["prunetheory.pruned_weights"] = k.ToString(CultureInfo.InvariantCulture),
                [InputNormalization.MetadataKey] = norm.Name,
            };
            // the calibration loss of the network as read and as written (float32)
            var (before, lossAfter) = (calib.MeanLoss(Forward.Run(net, calib.X, calib.Count)), calib.MeanLoss(Forward.Run(result, calib.X, calib.Count)));
            string arch = mlp is null ? view.Describe() : string.Join("-", mlp.Sizes);
            output.WriteLine(FormattableString.Invariant(
                $"pruned {k} of {view.WeightCount} weights ({100.0 * k / view.WeightCount:F2}%) of {arch} with {methodName}, {scope}; calibration {calib.Count} samples"));
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

    private static (double[][] Weights, double[][] Biases, bool[][] Mask) PruneDense(Mlp mlp, IImportanceScorer scorer, CalibrationSet calib, double ratio, SelectionScope scope)
    {
        var imp = scorer.Score(mlp, calib);
        var mask = Selection.Select(imp.Scores, ratio, scope);
        var pruned = Pruner.Apply(mlp, mask, imp);
        return (pruned.Weights, pruned.Biases, mask);
    }
}
