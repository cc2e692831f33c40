using System.Globalization;
using System.Text.RegularExpressions;
using PruneTheory.Graph;
using PruneTheory.IO;
using PruneTheory.ProofsSim.Commands;
using PruneTheory.Statistics;
using PruneTheory.Tests.Data;
using Xunit;
using Xunit.Abstractions;

namespace PruneTheory.Tests.Restoration;

/// <summary>
/// restore on the real ResNet-56 (../shared/reference, CIFAR-10, option-A shortcuts, running variances down to 5e-18),
/// data-free: the 27 block conv1 layers lose half their filters, the output is a valid ResNet again, and the
/// data-free BN-space errors are reported per layer (prune-only 1; LBYL, the least-squares delivery, must do better on
/// average; NM's scaled merge is not a least-squares fit and may do worse, which is reported, not judged).
/// </summary>
public sealed class ResNet56ReferenceTests(ITestOutputHelper output)
{
    private const string Reference = "reference/resnet56-cifar10.safetensors";
    private static readonly Regex LayerLine = new(@"^  (layer\d\.\d\.conv1): kept (\d+)/(\d+), compensated \d+ pruned neurons, BN-space error (\S+)", RegexOptions.Multiline | RegexOptions.CultureInvariant);

    private static Dictionary<string, double> Run(string method, string mode, string outPath, string style = "narrowed")
    {
        var w = new StringWriter();
        Assert.Equal(0, RestoreCommand.Run(new RestoreArgs(SharedFiles.Require(Reference), "auto", "l2", 0.5, method, outPath) { Mode = mode, OutputStyle = style }, w));
        var m = LayerLine.Matches(w.ToString());
        Assert.Equal(27, m.Count);
        foreach (Match x in m) Assert.Equal(int.Parse(x.Groups[3].Value) / 2, int.Parse(x.Groups[2].Value));
        return m.ToDictionary(x => x.Groups[1].Value, x => double.Parse(x.Groups[4].Value, CultureInfo.InvariantCulture));
    }

    [SharedFileFact(Reference)]
    public void Restores_the_reference_resnet56_data_free_and_reports_bn_space_errors()
    {
        string dir = Path.Combine(Path.GetTempPath(), "pt-r56-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var errors = new Dictionary<string, Dictionary<string, double>>();
            foreach (var method in new[] { "prune", "nm", "lbyl" })
                foreach (var mode in new[] { "code-exact", "corrected" })
                    errors[$"{method} {mode}"] = Run(method, mode, Path.Combine(dir, $"{method}-{mode}.safetensors"));
            Assert.All(errors["prune code-exact"].Values, e => Assert.Equal(1.0, e, 9));
            foreach (var (name, e) in errors)
                output.WriteLine(FormattableString.Invariant($"{name}: mean BN-space error {e.Values.Average():G4} over 27 layers (min {e.Values.Min():G4}, max {e.Values.Max():G4})"));
            Assert.True(errors["lbyl code-exact"].Values.Average() < 1 && errors["lbyl corrected"].Values.Average() < 1, "LBYL does not beat prune-only on average");
            foreach (var method in new[] { "nm", "lbyl" })
            {
                var diff = ReplicateMean.Of(errors[$"{method} corrected"].Keys.Select(k => errors[$"{method} corrected"][k] - errors[$"{method} code-exact"][k]).ToArray());
                output.WriteLine(FormattableString.Invariant($"{method}: corrected − code-exact per layer {diff.Mean:G4}, 95 % CI [{diff.Ci.Lower:G4}, {diff.Ci.Upper:G4}], side of 0: {diff.SideOf(0)}"));
            }
            // the narrowed output is a ResNet again (option-A shortcuts, conv2 inputs narrowed) and computes what the masked one does
            Run("lbyl", "corrected", Path.Combine(dir, "masked.safetensors"), "masked");
            var narrowed = StateDictArch.Infer(Safetensors.Read(Path.Combine(dir, "lbyl-corrected.safetensors")));
            Assert.Equal([8, 16, 3, 3], narrowed.Params.First(p => p.Name == "layer1.0.conv1.weight").Shape);
            Assert.Equal([16, 8, 3, 3], narrowed.Params.First(p => p.Name == "layer1.0.conv2.weight").Shape);
            var masked = Safetensors.Read(Path.Combine(dir, "masked.safetensors")).Where(kv => !kv.Key.EndsWith("_mask")).ToDictionary(kv => kv.Key.Replace("_orig", ""), kv => kv.Value);
            var s = PruneTheory.Random.RngKey.FromSeed(1).Stream();
            var x = Enumerable.Range(0, 2 * 3 * 32 * 32).Select(_ => s.NextDouble() - 0.5).ToArray();
            var a = Forward.Run(narrowed, x, 2);
            var b = Forward.Run(StateDictArch.Infer(masked), x, 2);
            for (int i = 0; i < a.Length; i++) Assert.Equal(a[i], b[i], 1e-3 * (1 + Math.Abs(a[i])));
        }
        finally { Directory.Delete(dir, true); }
    }
}
