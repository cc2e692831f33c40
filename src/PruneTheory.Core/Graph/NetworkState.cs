using PruneTheory.IO;

namespace PruneTheory.Graph;

public enum OutputStyle
{
    /// <summary>Removed units are gone: smaller tensors under the original names (kept indices in the metadata).</summary>
    Narrowed,
    /// <summary>Shapes unchanged, torch.nn.utils.prune layout: "x.weight_orig" and "x.weight_mask" for every masked tensor.</summary>
    Masked,
    /// <summary>Shapes unchanged, plain zeroed tensors; the masks in a second file (&lt;out&gt;.masks.safetensors).</summary>
    Zeroed,
}

/// <summary>Writes a <see cref="Network"/> back as a PyTorch state dict (float32, integer counters in their dtype).</summary>
public static class NetworkState
{
    public static OutputStyle ParseStyle(string text) => text.ToLowerInvariant() switch
    {
        "narrowed" => OutputStyle.Narrowed,
        "masked" => OutputStyle.Masked,
        "zeroed" => OutputStyle.Zeroed,
        _ => throw new ArgumentException($"--output-style must be narrowed, masked or zeroed, got '{text}'"),
    };

    /// <summary>The state dict; with <paramref name="masks"/> in the Masked style, masked tensors become name_orig / name_mask pairs.</summary>
    public static Dictionary<string, TensorData> Tensors(Network net, IReadOnlyDictionary<string, double[]>? masks = null, OutputStyle style = OutputStyle.Narrowed)
    {
        var d = new Dictionary<string, TensorData>(StringComparer.Ordinal);
        foreach (var p in net.Params)
        {
            if (p.DType != "F32") { d[p.Name] = TensorData.OfIntegers((int[])p.Shape.Clone(), p.Data.Select(x => (long)x).ToArray(), p.DType); continue; }
            var t = new TensorData((int[])p.Shape.Clone(), p.Data.Select(x => (float)x).ToArray());
            if (style == OutputStyle.Masked && masks is not null && masks.TryGetValue(p.Name, out var mask))
            {
                d[p.Name + "_orig"] = t;
                d[p.Name + "_mask"] = new TensorData((int[])p.Shape.Clone(), mask.Select(x => (float)x).ToArray());
            }
            else d[p.Name] = t;
        }
        return d;
    }

    /// <summary>The masks file of the Zeroed style: one tensor per masked parameter, under its name.</summary>
    public static Dictionary<string, TensorData> Masks(Network net, IReadOnlyDictionary<string, double[]> masks) =>
        net.Params.Where(p => masks.ContainsKey(p.Name)).ToDictionary(p => p.Name,
            p => new TensorData((int[])p.Shape.Clone(), masks[p.Name].Select(x => (float)x).ToArray()), StringComparer.Ordinal);

    public static string MasksPath(string outPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(outPath))!, Path.GetFileNameWithoutExtension(outPath) + ".masks.safetensors");

    /// <summary>Rounds every float tensor to float32, as written, so that evaluations describe the written file.</summary>
    public static void RoundToFloat32(Network net)
    {
        foreach (var p in net.Params.Where(p => p.DType == "F32")) for (int i = 0; i < p.Data.Length; i++) p.Data[i] = (float)p.Data[i];
    }

    /// <summary>Refuses a non-finite weight, naming the tensor and index.</summary>
    public static void RequireFinite(Network net)
    {
        foreach (var p in net.Params)
            for (int i = 0; i < p.Data.Length; i++)
                if (!double.IsFinite(p.Data[i])) throw new ArgumentException($"tensor '{p.Name}' holds a non-finite value ({p.Data[i]}) at flat index {i}");
    }
}
