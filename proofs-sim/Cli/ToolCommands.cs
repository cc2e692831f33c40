using System.CommandLine;
using PruneTheory.ProofsSim.Commands;

namespace PruneTheory.ProofsSim.Cli;

/// <summary>User-facing tools that act on a user's own network: `restore` (LBYL / Neuron Merging) and `prune` (bias compensation and baselines).</summary>
public static class ToolCommands
{
    public static IEnumerable<Command> Build() => [Restore(), Prune(), LawsCommand.Build()];

    private static Option<T> Required<T>(string name, string description) => new(name) { Description = description, Required = true };

    private static Command Restore()
    {
        var model = Required<string>("--model", "input safetensors (PyTorch state dict names, e.g. ip1.weight, features.0.weight, layer1.0.conv1.weight)");
        var arch = ArchOption();
        var criterion = new Option<string>("--criterion") { Description = "l1 | l2 | l2-gm", DefaultValueFactory = _ => "l2" };
        var ratio = Required<double>("--ratio", "fraction of neurons/filters removed in every prunable layer, in [0, 1)");
        var method = new Option<string>("--method") { Description = "prune | nm | lbyl", DefaultValueFactory = _ => "lbyl" };
        var outFile = Required<string>("--out", "output safetensors");
        var data = DataOption();
        var mode = new Option<string>("--mode") { Description = "code-exact | corrected", DefaultValueFactory = _ => "code-exact" };
        var lambda1 = new Option<double?>("--lambda1") { Description = "LBYL λ1 (BN term)" };
        var lambda2 = new Option<double?>("--lambda2") { Description = "LBYL λ2 (default: lenet-300-100 the published value for (criterion, ratio), else 0.3; small-vgg 0.01)" };
        var threshold = new Option<double?>("--threshold") { Description = "NM cosine threshold t in [0, 1] (0 disables; default 0.45 lenet-300-100, 0.1 small-vgg)" };
        var nmLambda = new Option<double?>("--nm-lambda") { Description = "NM λ in [0, 1]: weight of cosine vs bias distance for conv+BN (default 0.85)" };
        var (archFile, inputShape, normalize) = (ArchFileOption(), InputShapeOption(), NormalizeOption());
        var activation = new Option<string>("--activation") { Description = "hidden activation for --arch auto: relu | tanh", DefaultValueFactory = _ => "relu" };
        var style = new Option<string>("--output-style") { Description = "narrowed (smaller tensors, kept indices in the metadata) | masked (name_orig/name_mask pairs as torch.nn.utils.prune) | zeroed (zeroed tensors plus <out>.masks.safetensors)", DefaultValueFactory = _ => "narrowed" };
        var layers = new Option<string>("--layers") { Description = "which layers lose units: all | conv | linear", DefaultValueFactory = _ => "all" };
        var cmd = new Command("restore", "Prune a network and restore it without data or fine-tuning (Neuron Merging, LBYL).")
            { model, arch, criterion, ratio, method, outFile, data, mode, lambda1, lambda2, threshold, nmLambda, archFile, inputShape, normalize, activation, style, layers };
        cmd.SetAction(p => RestoreCommand.Run(new RestoreArgs(p.GetValue(model)!, p.GetValue(arch)!, p.GetValue(criterion)!, p.GetValue(ratio),
            p.GetValue(method)!, p.GetValue(outFile)!)
        {
            Data = p.GetValue(data), Mode = p.GetValue(mode)!, Lambda1 = p.GetValue(lambda1), Lambda2 = p.GetValue(lambda2), Threshold = p.GetValue(threshold),
            NmLambda = p.GetValue(nmLambda), ArchFile = p.GetValue(archFile), InputShape = p.GetValue(inputShape), Normalize = p.GetValue(normalize),
            Activation = p.GetValue(activation)!, OutputStyle = p.GetValue(style)!, Layers = p.GetValue(layers)!,
        }, Console.Out, Console.Error));
        return cmd;
    }

    private static Command Prune()
    {
        var model = Required<string>("--model", "input safetensors of a dense network (Linear, BatchNorm1d, ReLU/Tanh) or a conv network (Conv2d, BatchNorm2d, pools, Flatten, Linear, residual blocks); PyTorch state dict names");
        var method = new Option<string>("--method") { Description = "biascomp | magnitude | gradmagnitude | taylor | obd | random | ...; conv nets: biascomp (= ec) | ec-exact | ec-noupdate | obd | magnitude | magnitude+update | random", DefaultValueFactory = _ => "biascomp" };
        var ratio = Required<double>("--ratio", "fraction of weights removed, in [0, 1]");
        var calib = Required<string>("--calib", "calibration data: mnist | fashion | a safetensors file with x [N, d] or [N, C, H, W] (and labels or y)");
        var outFile = Required<string>("--out", "output safetensors");
        var activation = new Option<string>("--activation") { Description = "relu | tanh | identity", DefaultValueFactory = _ => "relu" };
        var scope = new Option<string>("--scope") { Description = "global | layerwise", DefaultValueFactory = _ => "global" };
        var count = new Option<int>("--calib-count") { Description = "at most this many calibration samples (>= 1; above the data size takes all)", DefaultValueFactory = _ => 2000 };
        var seed = new Option<ulong>("--seed") { Description = "seed of random scores and probes", DefaultValueFactory = _ => 0 };
        var normalize = NormalizeOption();
        normalize.Aliases.Add("--pixels");
        var (arch, archFile, inputShape, data) = (ArchOption(), ArchFileOption(), InputShapeOption(), DataOption());
        var style = new Option<string>("--output-style") { Description = "zeroed (zeroed weights plus <out>.masks.safetensors) | masked (weight_orig/weight_mask pairs as torch.nn.utils.prune)", DefaultValueFactory = _ => "zeroed" };
        var cmd = new Command("prune", "Prune a dense or plain conv network's weights with bias compensation (or a baseline) from calibration data.")
            { model, method, ratio, calib, outFile, activation, scope, count, seed, normalize, arch, archFile, inputShape, data, style };
        cmd.SetAction(p => PruneCommand.Run(new PruneArgs
        {
            Model = p.GetValue(model)!, Method = p.GetValue(method)!, Ratio = p.GetValue(ratio), Calib = p.GetValue(calib)!, Out = p.GetValue(outFile)!,
            Activation = p.GetValue(activation)!, Scope = p.GetValue(scope)!, CalibCount = p.GetValue(count), Seed = p.GetValue(seed),
            Normalize = p.GetValue(normalize) ?? "", Arch = p.GetValue(arch)!, ArchFile = p.GetValue(archFile), InputShape = p.GetValue(inputShape),
            Data = p.GetValue(data), OutputStyle = p.GetValue(style)!,
        }, Console.Out, Console.Error));
        return cmd;
    }

    private static Option<string> ArchOption() => new("--arch") { Description = "auto (from the state-dict names, docs/networks.md) | lenet-300-100 | small-vgg (checked layouts)", DefaultValueFactory = _ => "auto" };
    private static Option<string?> ArchFileOption() => new("--arch-file") { Description = "JSON architecture file (docs/networks.md) instead of inferring from names" };
    private static Option<string?> InputShapeOption() => new("--input-shape") { Description = "per-sample input shape, e.g. 784 or 1,28,28 (default: metadata prunetheory.input_shape, the data's shape, else [C,28,28] for C = 1 / [C,32,32])" };
    private static Option<string?> NormalizeOption() => new("--normalize") { Description = "inputs fed as (x - mean)/std: unit | centered ((x-0.5)/0.5) | mean,std; default: what the model's metadata states, else unit" };
    private static Option<string?> DataOption() => new("--data") { Description = "test data for accuracy before/after: fashion-mnist | mnist | a folder with the Fashion-MNIST test IDX files | a safetensors file with x [N,...] and labels [N]" };
}
