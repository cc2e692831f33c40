using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PruneTheory.ProofsSim.Commands;
using Xunit;

namespace PruneTheory.Tests.Interop;

/// <summary>Trains the four tiny PyTorch models once (roundtrip.py make) into a temporary folder.</summary>
public sealed class TorchModels : IDisposable
{
    public string Dir { get; } = Path.Combine(Path.GetTempPath(), "pt-torch-" + Guid.NewGuid().ToString("N"));
    private readonly Lazy<bool> _made;

    public TorchModels()
    {
        Directory.CreateDirectory(Dir);
        _made = new(() => { TorchPython.Run("make", Dir, PruneTheory.IO.RepoPaths.FindRoot()!); return true; });
    }

    public string Ensure() { _ = _made.Value; return Dir; }
    public void Dispose() { try { Directory.Delete(Dir, true); } catch (IOException) { } }
}

/// <summary>
/// restore and prune on models trained by real PyTorch (MLP as nn.Sequential, MLP+BN with named modules and I64
/// num_batches_tracked, a VGG-like features/classifier net, a CIFAR-style ResNet with identity, 1×1-conv and
/// option-A shortcuts): every output, in every style, loads back with load_state_dict(strict=True) and PyTorch's
/// float64 accuracy equals the printed one to 0.01 pp.
/// </summary>
public sealed class PyTorchRoundTripTests(TorchModels models) : IClassFixture<TorchModels>
{
    private static readonly Regex Accuracy = new(@"accuracy before: ([\d.]+) %, after: ([\d.]+) %", RegexOptions.CultureInvariant);

    [TorchFact] public void Mlp_sequential_restores_and_prunes() => RoundTrip("mlp");
    [TorchFact] public void Mlp_with_batchnorm_restores_and_prunes() => RoundTrip("mlpbn");
    [TorchFact] public void Vgg_like_restores_and_prunes() => RoundTrip("vgg");
    [TorchFact] public void Resnet_like_restores_and_prunes() => RoundTrip("resnet");

    private void RoundTrip(string family)
    {
        string dir = models.Ensure();
        string model = Path.Combine(dir, family + ".safetensors"), test = Path.Combine(dir, family + "-test.safetensors");
        var printed = new Dictionary<string, double>();
        double? before = null;
        void Record(string outPath, string text)
        {
            var m = Accuracy.Match(text);
            Assert.True(m.Success, text);
            double b = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            Assert.Equal(before ??= b, b);
            printed[outPath] = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        }
        var specs = new List<string> { $"{model}:plain" };
        foreach (var (method, style) in new[] { ("lbyl", "narrowed"), ("nm", "masked"), ("prune", "zeroed") })
        {
            string outPath = Path.Combine(dir, $"{family}-restore-{method}-{style}.safetensors");
            var w = new StringWriter();
            Assert.Equal(0, RestoreCommand.Run(new RestoreArgs(model, "auto", "l2", 0.3, method, outPath) { Data = test, OutputStyle = style }, w));
            Assert.Contains("test loss before", w.ToString());
            Record(outPath, w.ToString());
            specs.Add($"{outPath}:{style}");
        }
        foreach (var style in new[] { "zeroed", "masked" })
        {
            string outPath = Path.Combine(dir, $"{family}-prune-{style}.safetensors");
            var w = new StringWriter();
            Assert.Equal(0, PruneCommand.Run(new PruneArgs { Model = model, Ratio = 0.7, Calib = Path.Combine(dir, family + "-calib.safetensors"), Out = outPath, Data = test, OutputStyle = style }, w));
            Assert.Contains("calibration loss", w.ToString());
            Record(outPath, w.ToString());
            specs.Add($"{outPath}:{style}");
        }
        var lines = TorchPython.Run(["check", dir, family, .. specs]).Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith('{')).ToList();
        Assert.Equal(specs.Count, lines.Count);
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            string outPath = doc.RootElement.GetProperty("out").GetString()!;
            double torchAcc = doc.RootElement.GetProperty("accuracy").GetDouble();
            double expected = outPath == model ? before!.Value : printed[outPath];
            Assert.True(Math.Abs(torchAcc - expected) < 0.01, $"{Path.GetFileName(outPath)}: PyTorch {torchAcc:F2} %, printed {expected:F2} %");
        }
    }
}
