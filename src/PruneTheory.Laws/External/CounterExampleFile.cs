using System.Globalization;
using System.Text.Json;
using PruneTheory.IO;

namespace PruneTheory.Laws.External;

/// <summary>A saved case: the network, its calibration rows, ratio and seed, and which law it broke.</summary>
public sealed record SavedCase(LawCase Case, Granularity Granularity, string? Law);

/// <summary>
/// A shrunk counter-example as one file: the network as the program received it (nn.Sequential safetensors,
/// loadable in PyTorch), with the rest of the case in the metadata: ratio, case seed, granularity, the law, and
/// the calibration rows as JSON. <c>laws --replay FILE</c> checks that case again.
/// </summary>
public static class CounterExampleFile
{
    public static void Save(string path, LawCase c, Granularity granularity, string law)
    {
        var meta = SequentialFormat.Metadata(c.Net);
        meta["ratio"] = SequentialFormat.Num(c.Ratio);
        meta["case_seed"] = c.Seed.ToString(CultureInfo.InvariantCulture);
        meta["granularity"] = granularity.ToString().ToLowerInvariant();
        meta["law"] = law;
        meta["calibration"] = JsonSerializer.Serialize(c.Calibration);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        Safetensors.Write(path, SequentialFormat.Tensors(c.Net), meta);
    }

    /// <exception cref="InvalidDataException">The file is no saved case (names the missing or bad entry).</exception>
    public static SavedCase Load(string path)
    {
        SafetensorsFile file;
        try { file = Safetensors.Load(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { throw new InvalidDataException(ex.Message); }
        var net = SequentialFormat.Read(file);
        string Get(string key) => file.Metadata.TryGetValue(key, out var v) ? v : throw new InvalidDataException($"{path}: metadata '{key}' is missing (not a saved counter-example)");
        double ratio = double.TryParse(Get("ratio"), NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r >= 0 && r < 1 ? r
            : throw new InvalidDataException($"{path}: metadata 'ratio' must be a number in [0, 1) (got '{Get("ratio")}')");
        ulong seed = ulong.TryParse(Get("case_seed"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s
            : throw new InvalidDataException($"{path}: metadata 'case_seed' is not an unsigned integer");
        var granularity = Get("granularity") switch
        {
            "weights" => Granularity.Weights, "neurons" => Granularity.Neurons,
            var g => throw new InvalidDataException($"{path}: metadata 'granularity' must be weights or neurons (got '{g}')"),
        };
        double[][]? calibration;
        try { calibration = JsonSerializer.Deserialize<double[][]>(Get("calibration")); }
        catch (JsonException ex) { throw new InvalidDataException($"{path}: metadata 'calibration' is not a JSON array of rows: {ex.Message}"); }
        if (calibration is null || calibration.Length == 0 || calibration.Any(row => row is null || row.Length != net.Net.InputSize))
            throw new InvalidDataException($"{path}: metadata 'calibration' must hold rows of {net.Net.InputSize} inputs");
        return new SavedCase(new LawCase(net.Net, calibration, ratio, seed), granularity, file.Metadata.GetValueOrDefault("law"));
    }
}
