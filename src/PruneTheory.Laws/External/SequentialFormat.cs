using System.Globalization;
using System.Text.Json;
using PruneTheory.IO;

namespace PruneTheory.Laws.External;

/// <summary>A kit network read from a file: the network, the nn.Sequential index of each Linear, the pruned-weight masks a file stated, its metadata.</summary>
public sealed record SequentialNet(LawNet Net, int[] LinearModules, bool[][,]? Masks, IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// Kit networks as PyTorch <c>nn.Sequential</c> state dicts in safetensors (float32): Linear(in, out) [,
/// BatchNorm1d(out)], ReLU, …, Linear, so the names are 0.weight, 0.bias, (1.weight, 1.bias, 1.running_mean,
/// 1.running_var), then the next Linear after the ReLU's index. Read back, a Linear weight may also come as
/// torch.nn.utils.prune's <c>weight_orig</c> / <c>weight_mask</c> pair (mask 0 = pruned); a narrowed file
/// states the kept units of each hidden layer in the metadata entry <c>kept_units</c>.
/// </summary>
public static class SequentialFormat
{
    public const string KeptUnitsKey = "kept_units";
    public const string ArchitectureKey = "architecture";
    public const string BnEpsKey = "bn_eps";

    /// <summary>Module indices of the Linear layers and their batch norms (-1 when none), in nn.Sequential order.</summary>
    public static (int[] Linear, int[] Bn) Modules(LawNet net)
    {
        var linear = new int[net.Layers.Count];
        var bn = new int[net.Layers.Count];
        int index = 0;
        for (int l = 0; l < net.Layers.Count; l++)
        {
            linear[l] = index++;
            bn[l] = net.Layers[l].Bn is null ? -1 : index++;
            if (l < net.HiddenLayers) index++;   // the ReLU holds no tensors
        }
        return (linear, bn);
    }

    /// <summary>The state dict of <paramref name="net"/> (values rounded to float32).</summary>
    public static Dictionary<string, TensorData> Tensors(LawNet net)
    {
        var (linear, bn) = Modules(net);
        var t = new Dictionary<string, TensorData>(StringComparer.Ordinal);
        for (int l = 0; l < net.Layers.Count; l++)
        {
            var layer = net.Layers[l];
            t[$"{linear[l]}.weight"] = new TensorData([layer.Out, layer.In], [.. layer.W.Cast<double>().Select(x => (float)x)]);
            t[$"{linear[l]}.bias"] = Vector(layer.B);
            if (layer.Bn is not { } p) continue;
            t[$"{bn[l]}.weight"] = Vector(p.Gamma);
            t[$"{bn[l]}.bias"] = Vector(p.Beta);
            t[$"{bn[l]}.running_mean"] = Vector(p.Mean);
            t[$"{bn[l]}.running_var"] = Vector(p.Var);
        }
        return t;
    }

    private static TensorData Vector(double[] v) => new([v.Length], [.. v.Select(x => (float)x)]);

    /// <summary>The metadata entry every kit file carries: format, the architecture in PyTorch's words, BN ε.</summary>
    public static Dictionary<string, string> Metadata(LawNet net)
    {
        var parts = new List<string>();
        for (int l = 0; l < net.Layers.Count; l++)
        {
            parts.Add($"Linear({net.Layers[l].In}, {net.Layers[l].Out})");
            if (net.Layers[l].Bn is not null) parts.Add($"BatchNorm1d({net.Layers[l].Out})");
            if (l < net.HiddenLayers) parts.Add("ReLU()");
        }
        var m = new Dictionary<string, string>(StringComparer.Ordinal) { ["format"] = "pt", [ArchitectureKey] = $"nn.Sequential({string.Join(", ", parts)})" };
        if (net.Layers.FirstOrDefault(x => x.Bn is not null)?.Bn is { } bn) m[BnEpsKey] = Num(bn.Eps);
        return m;
    }

    public static string Num(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads an nn.Sequential state dict of Linear [+ BatchNorm1d] layers. Refuses, naming the tensor, anything
    /// it cannot place: unknown names, a BN that follows no Linear, shapes that do not chain.
    /// </summary>
    public static SequentialNet Read(SafetensorsFile file)
    {
        var modules = new SortedDictionary<int, Dictionary<string, TensorData>>();
        foreach (var (name, tensor) in file.Tensors)
        {
            int dot = name.IndexOf('.');
            if (dot <= 0 || !int.TryParse(name[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                throw new InvalidDataException($"tensor '{name}' is not an nn.Sequential parameter (expected '<index>.weight' and the like)");
            string field = name[(dot + 1)..];
            if (field == "num_batches_tracked") continue;   // a BN counter: no part of the function
            if (!modules.TryGetValue(index, out var fields)) modules[index] = fields = new(StringComparer.Ordinal);
            fields[field] = tensor;
        }
        double eps = file.Metadata.TryGetValue(BnEpsKey, out var e) && double.TryParse(e, NumberStyles.Float, CultureInfo.InvariantCulture, out var pe) ? pe : 1e-5;
        var layers = new List<(int Module, double[,] W, double[] B, bool[,]? Mask, BnParams? Bn)>();
        bool anyMask = false;
        foreach (var (index, fields) in modules)
        {
            if (fields.ContainsKey("running_mean"))
            {
                if (layers.Count == 0 || layers[^1].Bn is not null) throw new InvalidDataException($"tensor '{index}.running_mean': a batch norm that follows no Linear layer");
                var prev = layers[^1];
                int n = prev.W.GetLength(0);
                var bn = new BnParams(Vec(fields, index, "weight", n), Vec(fields, index, "bias", n), Vec(fields, index, "running_mean", n), Vec(fields, index, "running_var", n), eps);
                Only(fields, index, "weight", "bias", "running_mean", "running_var");
                layers[^1] = prev with { Bn = bn };
                continue;
            }
            var (w, mask) = Weight(fields, index);
            anyMask |= mask is not null;
            int rows = w.GetLength(0);
            var b = fields.ContainsKey("bias") ? Vec(fields, index, "bias", rows) : new double[rows];
            Only(fields, index, "weight", "weight_orig", "weight_mask", "bias");
            layers.Add((index, w, b, mask, null));
        }
        if (layers.Count == 0) throw new InvalidDataException("no Linear layer ('<index>.weight' of rank 2) in the file");
        if (layers[^1].Bn is not null) throw new InvalidDataException($"the last Linear (module {layers[^1].Module}) is followed by a batch norm: the kit's networks end in a linear read-out");
        LawNet net;
        try { net = new LawNet(layers.Select(x => new LawLayer(x.W, x.B, x.Bn)).ToArray()); }
        catch (ArgumentException ex) { throw new InvalidDataException($"the layers do not chain: {ex.Message}"); }
        var masks = anyMask ? layers.Select(x => x.Mask ?? new bool[x.W.GetLength(0), x.W.GetLength(1)]).ToArray() : null;
        return new SequentialNet(net, [.. layers.Select(x => x.Module)], masks, file.Metadata);
    }

    private static (double[,] W, bool[,]? Mask) Weight(Dictionary<string, TensorData> fields, int index)
    {
        bool plain = fields.TryGetValue("weight", out var w);
        bool hasOrig = fields.TryGetValue("weight_orig", out var orig), hasMask = fields.TryGetValue("weight_mask", out var maskT);
        if (plain ? hasOrig || hasMask : !(hasOrig && hasMask)) throw new InvalidDataException($"module {index}: expected '{index}.weight' or the pair '{index}.weight_orig' / '{index}.weight_mask'");
        var t = plain ? w! : orig!;
        if (t.Rank != 2) throw new InvalidDataException($"tensor '{index}.{(plain ? "weight" : "weight_orig")}' has shape [{string.Join(",", t.Shape)}], expected a Linear weight [out, in]");
        if (!plain && !maskT!.Shape.SequenceEqual(t.Shape)) throw new InvalidDataException($"tensor '{index}.weight_mask' has shape [{string.Join(",", maskT.Shape)}], not that of '{index}.weight_orig'");
        int rows = t.Shape[0], cols = t.Shape[1];
        var m = new double[rows, cols];
        var mask = plain ? null : new bool[rows, cols];
        for (int q = 0; q < t.Data.Length; q++)
        {
            m[q / cols, q % cols] = t.Data[q];
            if (mask is null) continue;
            mask[q / cols, q % cols] = maskT!.Data[q] == 0;
            if (mask[q / cols, q % cols]) m[q / cols, q % cols] = 0;   // what torch computes: weight = weight_orig · weight_mask
        }
        return (m, mask);
    }

    private static double[] Vec(Dictionary<string, TensorData> fields, int index, string field, int n)
    {
        if (!fields.TryGetValue(field, out var t)) throw new InvalidDataException($"tensor '{index}.{field}' is missing");
        if (t.Rank != 1 || t.Shape[0] != n) throw new InvalidDataException($"tensor '{index}.{field}' has shape [{string.Join(",", t.Shape)}], expected [{n}]");
        return [.. t.Data.Select(x => (double)x)];
    }

    private static void Only(Dictionary<string, TensorData> fields, int index, params string[] known)
    {
        foreach (var f in fields.Keys)
            if (!known.Contains(f)) throw new InvalidDataException($"tensor '{index}.{f}' cannot be placed in a Linear / BatchNorm1d network");
    }

    /// <summary>Kept units per hidden layer from the <c>kept_units</c> entry ({"0": [0, 2], "2": [1]}, keyed by Linear module index); null when absent.</summary>
    public static int[][]? KeptUnits(SequentialNet file)
    {
        if (!file.Metadata.TryGetValue(KeptUnitsKey, out var json)) return null;
        Dictionary<string, int[]>? map;
        try { map = JsonSerializer.Deserialize<Dictionary<string, int[]>>(json); }
        catch (JsonException ex) { throw new InvalidDataException($"metadata '{KeptUnitsKey}' is not a JSON object of index lists: {ex.Message}"); }
        var kept = new int[file.Net.HiddenLayers][];
        for (int l = 0; l < kept.Length; l++)
        {
            string key = file.LinearModules[l].ToString(CultureInfo.InvariantCulture);
            kept[l] = map is not null && map.TryGetValue(key, out var k) && k is not null ? k
                : throw new InvalidDataException($"metadata '{KeptUnitsKey}' has no entry \"{key}\" for hidden Linear module {key}");
        }
        return kept;
    }

    /// <summary>The <c>kept_units</c> entry for <paramref name="kept"/> (what a narrowed output states).</summary>
    public static string KeptUnitsJson(int[] linearModules, int[][] kept) =>
        JsonSerializer.Serialize(Enumerable.Range(0, kept.Length).ToDictionary(l => linearModules[l].ToString(CultureInfo.InvariantCulture), l => kept[l]));
}
