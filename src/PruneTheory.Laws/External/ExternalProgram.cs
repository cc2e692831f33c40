using System.Globalization;
using System.Security.Cryptography;
using PruneTheory.IO;

namespace PruneTheory.Laws.External;

/// <summary>How the kit runs an external pruning program.</summary>
public sealed record ExternalOptions
{
    /// <summary>Wall-clock limit of one run.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>"Same function" for float32 files: outputs within this relative difference.</summary>
    public double Tolerance { get; init; } = 1e-5;
    /// <summary>Hidden layers carry BatchNorm1d.</summary>
    public bool BatchNorm { get; init; }
    /// <summary>Reuse the result of an identical input file (same bytes, ratio and calibration): laws see the same cases.</summary>
    public bool Cache { get; init; } = true;
    /// <summary>Folder for the per-run files (a run's folder is deleted unless the program failed on it).</summary>
    public string WorkDirectory { get; init; } = Path.Combine(Path.GetTempPath(), $"prunetheory-laws-{Environment.ProcessId}");
}

/// <summary>
/// Any pruning program as a kit method. Each case is written as an nn.Sequential safetensors file (float32,
/// <see cref="SequentialFormat"/>) plus a calibration file (tensor <c>x</c>, rows × inputs); the command
/// template's <c>{in}</c>, <c>{out}</c>, <c>{ratio}</c>, <c>{calib}</c> and <c>{granularity}</c> are
/// substituted and the command runs through the shell. Weights: the output keeps every shape, a pruned weight is
/// 0 (or masked by a <c>weight_mask</c>). Neurons: the output is narrowed and states <c>kept_units</c>. A
/// nonzero exit on a NaN/∞ input is the refusal the laws ask for; a nonzero exit or a timeout on a finite input
/// stops checking (<see cref="MethodFailedException"/>).
/// </summary>
public sealed class ExternalProgram : IPruningMethod
{
    private readonly string _command;
    private readonly ExternalOptions _options;
    private readonly Dictionary<string, (PruneOutcome? Outcome, string? Refusal)> _cache = new(StringComparer.Ordinal);
    private readonly int[] _runs;   // shared with Uncached(): one count, one numbering of run folders

    public ExternalProgram(string command, Granularity granularity, ExternalOptions? options = null) : this(command, granularity, options, [0]) { }

    private ExternalProgram(string command, Granularity granularity, ExternalOptions? options, int[] runs)
    {
        _runs = runs;
        if (!command.Contains("{in}", StringComparison.Ordinal) || !command.Contains("{out}", StringComparison.Ordinal))
            throw new ArgumentException($"the command must contain {{in}} and {{out}} (got '{command}')");
        _command = command;
        Granularity = granularity;
        _options = options ?? new ExternalOptions();
    }

    public string Name => _command;
    public Granularity Granularity { get; }
    public bool? NeedsBatchNorm => _options.BatchNorm;
    public double Tolerance => _options.Tolerance;
    /// <summary>How many times the program was started (cache hits excluded).</summary>
    public int Runs => _runs[0];
    /// <summary>The generator settings for this program's cases: float32 values, with or without BN.</summary>
    public NetShape Shape => new(BatchNorm: _options.BatchNorm, Float32: true);
    /// <summary>The same program without the cache (the determinism law must see two real runs).</summary>
    public ExternalProgram Uncached() => new(_command, Granularity, _options with { Cache = false }, _runs);

    public string Substitute(string input, string output, string calib, double ratio) => _command
        .Replace("{in}", CommandRunner.Quote(input), StringComparison.Ordinal)
        .Replace("{out}", CommandRunner.Quote(output), StringComparison.Ordinal)
        .Replace("{calib}", CommandRunner.Quote(calib), StringComparison.Ordinal)
        .Replace("{ratio}", SequentialFormat.Num(ratio), StringComparison.Ordinal)
        .Replace("{granularity}", Granularity.ToString().ToLowerInvariant(), StringComparison.Ordinal);

    public PruneOutcome Prune(LawCase c)
    {
        var (net, calib) = InputFiles(c, Granularity);
        string key = Convert.ToHexString(SHA256.HashData([.. net, .. calib]));
        if (_options.Cache && _cache.TryGetValue(key, out var hit))
            return hit.Outcome ?? throw new ArgumentException(hit.Refusal);
        var result = Execute(c, net, calib);
        if (_options.Cache) _cache[key] = result;
        return result.Outcome ?? throw new ArgumentException(result.Refusal);
    }

    /// <summary>The bytes of the network file (metadata: architecture, ratio, granularity) and of the calibration file.</summary>
    public static (byte[] Net, byte[] Calib) InputFiles(LawCase c, Granularity granularity)
    {
        var meta = SequentialFormat.Metadata(c.Net);
        meta["ratio"] = SequentialFormat.Num(c.Ratio);
        meta["granularity"] = granularity.ToString().ToLowerInvariant();
        var x = new TensorData([c.Calibration.Length, c.Net.InputSize], [.. c.Calibration.SelectMany(r => r).Select(v => (float)v)]);
        return (Safetensors.Serialize(SequentialFormat.Tensors(c.Net), meta),
            Safetensors.Serialize(new Dictionary<string, TensorData> { ["x"] = x }, new Dictionary<string, string> { ["format"] = "pt" }));
    }

    private (PruneOutcome? Outcome, string? Refusal) Execute(LawCase c, byte[] net, byte[] calib)
    {
        string dir = Path.Combine(_options.WorkDirectory, $"run-{Interlocked.Increment(ref _runs[0]):D5}");
        Directory.CreateDirectory(dir);
        string input = Path.Combine(dir, "in.safetensors"), output = Path.Combine(dir, "out.safetensors"), calibPath = Path.Combine(dir, "calib.safetensors");
        File.WriteAllBytes(input, net);
        File.WriteAllBytes(calibPath, calib);
        var run = CommandRunner.Run(Substitute(input, output, calibPath, c.Ratio), _options.Timeout);
        bool finite = IsFinite(c.Net);
        string said = run.LastErrorLine.Length > 0 ? $": {run.LastErrorLine}" : "";
        if (run.TimedOut)
            throw new MethodFailedException($"'{_command}' timed out after {_options.Timeout.TotalSeconds:G4} s (input kept at {input}){said}");
        if (run.ExitCode != 0)
        {
            if (!finite) { Directory.Delete(dir, true); return (null, $"refused (exit {run.ExitCode}){said}"); }
            throw new MethodFailedException($"'{_command}' exited with code {run.ExitCode} on a valid network (input kept at {input}){said}");
        }
        if (!File.Exists(output))
            throw new MethodFailedException($"'{_command}' exited 0 but wrote no {output} (input kept at {input})");
        var outcome = ReadOutcome(c, SequentialFormat.Read(Safetensors.Load(output)));
        Directory.Delete(dir, true);
        return (outcome, null);
    }

    private static bool IsFinite(LawNet net) => net.Layers.All(l =>
        l.W.Cast<double>().All(double.IsFinite) && l.B.All(double.IsFinite)
        && (l.Bn is not { } p || p.Gamma.Concat(p.Beta).Concat(p.Mean).Concat(p.Var).All(double.IsFinite)));

    /// <summary>The kit's outcome for a program's output: counts, masks or kept units, the requested count's rule, stated objectives.</summary>
    private PruneOutcome ReadOutcome(LawCase c, SequentialNet file)
    {
        var pruned = file.Net;
        if (pruned.Layers.Count != c.Net.Layers.Count)
            throw new InvalidDataException($"the output has {pruned.Layers.Count} Linear layers, the input {c.Net.Layers.Count}");
        PruneOutcome outcome;
        if (Granularity == Granularity.Weights)
        {
            // No mask stated: a weight that is exactly 0 in the output was pruned (the kit's inputs have none).
            var masks = file.Masks ?? pruned.Layers.Select(l =>
            {
                var m = new bool[l.Out, l.In];
                for (int i = 0; i < l.Out; i++) for (int j = 0; j < l.In; j++) m[i, j] = l.W[i, j] == 0;
                return m;
            }).ToArray();
            for (int l = 0; l < masks.Length; l++)
                if (masks[l].GetLength(0) != c.Net.Layers[l].Out || masks[l].GetLength(1) != c.Net.Layers[l].In)
                    throw new InvalidDataException($"weight pruning must keep shapes: Linear module {file.LinearModules[l]} is {pruned.Layers[l].Out}×{pruned.Layers[l].In}, was {c.Net.Layers[l].Out}×{c.Net.Layers[l].In}");
            var removed = masks.Select(m => (long)m.Cast<bool>().Count(b => b)).ToArray();
            var (requested, rule) = RequestedCount.Weights(c.Ratio, [.. c.Net.Layers.Select(l => (long)l.W.Length)], removed);
            outcome = new PruneOutcome(pruned, requested, removed.Sum()) { PrunedWeights = masks, RequestedRule = rule };
        }
        else
        {
            var widths = c.Net.Layers.Take(c.Net.HiddenLayers).Select(l => l.Out).ToArray();
            var removed = widths.Select((n, l) => n - pruned.Layers[l].Out).ToArray();
            var (requested, rule) = RequestedCount.Neurons(c.Ratio, widths, removed);
            outcome = new PruneOutcome(pruned, requested, removed.Sum()) { KeptUnits = SequentialFormat.KeptUnits(file), RequestedRule = rule };
        }
        return outcome with { OwnObjective = Objective(file, "own_objective"), PlainObjective = Objective(file, "plain_objective") };
    }

    private static double? Objective(SequentialNet file, string key) =>
        file.Metadata.TryGetValue(key, out var s) ? double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
            : throw new InvalidDataException($"metadata '{key}' is not a number: '{s}'") : null;
}
