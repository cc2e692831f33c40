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
        var model = Required<string>("--model", "input safetensors (PyTorch state dict names, e.g. ip1.weight)");
        var arch = new Option<string>("--arch") { Description = string.Join(" | ", RestoreCommand.Architectures), DefaultValueFactory = _ => "lenet-300-100" };
        var criterion = new Option<string>("--criterion") { Description = "l1 | l2 | l2-gm", DefaultValueFactory = _ => "l2" };
        var ratio = Required<double>("--ratio", "fraction of neurons/filters removed in every prunable layer, in [0, 1)");
        var method = new Option<string>("--method") { Description = "prune | nm | lbyl", DefaultValueFactory = _ => "lbyl" };
        var outFile = Required<string>("--out", "output safetensors");
        var data = new Option<string?>("--data") { Description = "evaluate before/after: 'fashion-mnist' or a folder with its test IDX files" };
        var mode = new Option<string>("--mode") { Description = "code-exact | corrected", DefaultValueFactory = _ => "code-exact" };
        var lambda1 = new Option<double?>("--lambda1") { Description = "LBYL λ1 (BN term)" };
        var lambda2 = new Option<double?>("--lambda2") { Description = "LBYL λ2 (default: lenet-300-100 the published value for (criterion, ratio), else 0.3; small-vgg 0.01)" };
        var threshold = new Option<double?>("--threshold") { Description = "NM cosine threshold t in [0, 1] (0 disables; default 0.45 lenet-300-100, 0.1 small-vgg)" };
        var nmLambda = new Option<double?>("--nm-lambda") { Description = "NM λ in [0, 1]: weight of cosine vs bias distance for conv+BN (default 0.85)" };
        var cmd = new Command("restore", "Prune a network and restore it without data or fine-tuning (Neuron Merging, LBYL).")
            { model, arch, criterion, ratio, method, outFile, data, mode, lambda1, lambda2, threshold, nmLambda };
        cmd.SetAction(p => RestoreCommand.Run(new RestoreArgs(p.GetValue(model)!, p.GetValue(arch)!, p.GetValue(criterion)!, p.GetValue(ratio),
            p.GetValue(method)!, p.GetValue(outFile)!)
        {
            Data = p.GetValue(data), Mode = p.GetValue(mode)!, Lambda1 = p.GetValue(lambda1), Lambda2 = p.GetValue(lambda2), Threshold = p.GetValue(threshold),
            NmLambda = p.GetValue(nmLambda),
        }, Console.Out, Console.Error));
        return cmd;
    }

    private static Command Prune()
    {
        var model = Required<string>("--model", "input safetensors of a dense MLP (layers as *.weight / *.bias)");
        var method = new Option<string>("--method") { Description = "biascomp | magnitude | gradmagnitude | taylor | obd | random | ...", DefaultValueFactory = _ => "biascomp" };
        var ratio = Required<double>("--ratio", "fraction of weights removed, in [0, 1]");
        var calib = Required<string>("--calib", "calibration data: mnist | fashion | a safetensors file with x (and labels or y)");
        var outFile = Required<string>("--out", "output safetensors");
        var activation = new Option<string>("--activation") { Description = "relu | tanh | identity", DefaultValueFactory = _ => "relu" };
        var scope = new Option<string>("--scope") { Description = "global | layerwise", DefaultValueFactory = _ => "global" };
        var count = new Option<int>("--calib-count") { Description = "at most this many calibration samples (>= 1; above the data size takes all)", DefaultValueFactory = _ => 2000 };
        var seed = new Option<ulong>("--seed") { Description = "seed of random scores and probes", DefaultValueFactory = _ => 0 };
        var pixels = new Option<string?>("--pixels") { Description = "mnist/fashion pixels: unit (x in [0,1]) | centered ((x-0.5)/0.5, as the LBYL/NM LeNet); default: what the model's metadata states, else unit" };
        var cmd = new Command("prune", "Prune a dense network's weights with bias compensation (or a baseline) from calibration data.")
            { model, method, ratio, calib, outFile, activation, scope, count, seed, pixels };
        cmd.SetAction(p => PruneCommand.Run(new PruneArgs
        {
            Model = p.GetValue(model)!, Method = p.GetValue(method)!, Ratio = p.GetValue(ratio), Calib = p.GetValue(calib)!, Out = p.GetValue(outFile)!,
            Activation = p.GetValue(activation)!, Scope = p.GetValue(scope)!, CalibCount = p.GetValue(count), Seed = p.GetValue(seed),
            Pixels = p.GetValue(pixels) ?? "",
        }, Console.Out, Console.Error));
        return cmd;
    }
}
