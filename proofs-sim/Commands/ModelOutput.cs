using System.Globalization;
using PruneTheory.Graph;
using PruneTheory.IO;

namespace PruneTheory.ProofsSim.Commands;

/// <summary>
/// Writes a pruned network in one of the <see cref="OutputStyle"/>s with one metadata key style for restore and prune
/// ("prunetheory.command", "prunetheory.method", "prunetheory.kept.&lt;layer&gt;", …; the input's own metadata is kept).
/// </summary>
public static class ModelOutput
{
    /// <summary>--out must be a file path in an existing folder, not a directory and not the input model.</summary>
    public static void CheckOut(string outPath, string model)
    {
        if (string.IsNullOrWhiteSpace(outPath)) throw new ArgumentException("--out is required");
        string full = Path.GetFullPath(outPath);
        if (Directory.Exists(full)) throw new ArgumentException($"--out {outPath} is a directory: give the output file's path");
        if (!string.IsNullOrWhiteSpace(model) && full == Path.GetFullPath(model)) throw new ArgumentException("--out must differ from --model (the input would be overwritten)");
        string? dir = Path.GetDirectoryName(full);
        if (dir is not null && !Directory.Exists(dir)) throw new ArgumentException($"--out {outPath}: the folder {dir} does not exist");
    }

    /// <summary>Writes the network (and, for the zeroed style, the masks file); returns the paths written.</summary>
    public static string[] Write(string outPath, Network net, OutputStyle style, IReadOnlyDictionary<string, double[]> masks,
        IReadOnlyDictionary<string, string> inputMetadata, IReadOnlyDictionary<string, string> ours)
    {
        var meta = new Dictionary<string, string>(inputMetadata.Where(kv => !kv.Key.StartsWith("prunetheory", StringComparison.Ordinal) || kv.Key == InputNormalization.MetadataKey || kv.Key == ModelInput.InputShapeKey));
        foreach (var (k, v) in ours) meta[k] = v;
        meta["prunetheory.output_style"] = style.ToString().ToLowerInvariant();
        meta[ModelInput.InputShapeKey] = ModelInput.ShapeText(net.InputShape);
        var written = new List<string>();
        if (style == OutputStyle.Zeroed)
        {
            var mp = NetworkState.MasksPath(outPath);
            meta["prunetheory.masks_file"] = Path.GetFileName(mp);
            Safetensors.Write(mp, NetworkState.Masks(net, masks), new Dictionary<string, string> { ["prunetheory.masks_for"] = Path.GetFileName(outPath) });
            written.Add(mp);
        }
        Safetensors.Write(outPath, NetworkState.Tensors(net, masks, style), meta);
        written.Insert(0, outPath);
        return [.. written];
    }

    public static string Indices(IEnumerable<int> kept) => string.Join(",", kept.Select(k => k.ToString(CultureInfo.InvariantCulture)));

    public static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
