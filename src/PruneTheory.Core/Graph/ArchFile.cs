using System.Text.Json;
using PruneTheory.IO;

namespace PruneTheory.Graph;

/// <summary>
/// --arch-file: the network as a small JSON file (examples in docs/networks.md):
/// {"input": [1, 28, 28], "layers": [{"type": "conv2d", "name": "features.0", "stride": 1, "padding": 1},
/// {"type": "batchnorm", "name": "features.1"}, {"type": "relu"}, {"type": "maxpool", "kernel": 2}, {"type": "flatten"},
/// {"type": "linear", "name": "classifier.0"}, {"type": "residual", "name": "layer1.0", "main": [...], "shortcut": [...] | "identity" | "pad"}]}.
/// "name" is the module prefix of the tensors ("name.weight", …). Every tensor of the file must be used, and the
/// shapes must agree with the layers; a disagreement names the tensor.
/// </summary>
public static class ArchFile
{
    public static Network Load(string path, IReadOnlyDictionary<string, TensorData> tensors, ArchOptions? options = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"--arch-file '{path}' not found");
        try { return Parse(File.ReadAllText(path), tensors, options); }
        catch (JsonException e) { throw new ArgumentException($"--arch-file {path} is not valid JSON: {e.Message}"); }
    }

    public static Network Parse(string json, IReadOnlyDictionary<string, TensorData> tensors, ArchOptions? options = null)
    {
        options ??= new ArchOptions();
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array)
            throw new ArgumentException("--arch-file: expected an object with a \"layers\" array");
        double eps = root.TryGetProperty("bn_eps", out var e) ? e.GetDouble() : options.BnEps;
        var modules = StateModules.Of(tensors).ToDictionary(m => m.Prefix, StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var nodes = Layers(layers, modules, tensors, used, eps, "");
        var unused = modules.Keys.Where(k => !used.Contains(k)).SelectMany(k => modules[k].Names.Values).ToList();
        if (unused.Count > 0) throw new ArgumentException($"tensor(s) not used by --arch-file: {string.Join(", ", unused.Select(n => $"'{n}'"))}");
        int[] input = options.InputShape ?? (root.TryGetProperty("input", out var inp) ? inp.EnumerateArray().Select(x => x.GetInt32()).ToArray()
            : throw new ArgumentException("--arch-file: \"input\" (the per-sample input shape, e.g. [784] or [1, 28, 28]) is required"));
        return new Network(nodes, input);
    }

    private static List<Node> Layers(JsonElement array, Dictionary<string, StateModule> modules, IReadOnlyDictionary<string, TensorData> t,
        HashSet<string> used, double eps, string at)
    {
        var nodes = new List<Node>();
        int i = 0;
        foreach (var l in array.EnumerateArray())
        {
            string where = $"{at}layers[{i++}]";
            string type = Str(l, "type", where).ToLowerInvariant();
            string name = l.TryGetProperty("name", out var n) ? n.GetString()! : where;
            StateModule Module()
            {
                if (!modules.TryGetValue(name, out var m)) throw new ArgumentException($"--arch-file {where} ({type}): no tensors named '{name}.*' in the model");
                if (!used.Add(name)) throw new ArgumentException($"--arch-file {where}: '{name}' is used twice");
                return m;
            }
            int Int(string key, int def) => l.TryGetProperty(key, out var v) ? v.GetInt32() : def;
            switch (type)
            {
                case "linear":
                {
                    var m = Module(); var w = Rank(StateModules.Weight(t, m), 2, m, type);
                    nodes.Add(new Linear(name, StateDictArch.P(m, "weight", w), StateModules.Bias(t, m) is { } b ? StateDictArch.P(m, "bias", b) : null));
                    break;
                }
                case "conv2d":
                {
                    var m = Module(); var w = Rank(StateModules.Weight(t, m), 4, m, type);
                    nodes.Add(new Conv2d(name, StateDictArch.P(m, "weight", w), StateModules.Bias(t, m) is { } b ? StateDictArch.P(m, "bias", b) : null,
                        Int("stride", 1), Int("padding", 0)));
                    break;
                }
                case "batchnorm" or "batchnorm1d" or "batchnorm2d":
                {
                    var m = Module();
                    if (!m.IsNorm) throw new ArgumentException($"--arch-file {where}: '{name}' has no running_mean/running_var: not a BatchNorm");
                    nodes.Add(StateDictArch.Norm(t, m, l.TryGetProperty("eps", out var ev) ? ev.GetDouble() : eps));
                    break;
                }
                case "relu": nodes.Add(new Activation(name, ActivationKind.Relu)); break;
                case "tanh": nodes.Add(new Activation(name, ActivationKind.Tanh)); break;
                case "maxpool" or "avgpool":
                {
                    bool global = l.TryGetProperty("global", out var g) && g.GetBoolean();
                    int k = global ? 0 : Int("kernel", 2);
                    nodes.Add(new Pool(name, type == "maxpool" ? PoolKind.Max : PoolKind.Average, k, global ? 1 : Int("stride", k), global));
                    break;
                }
                case "flatten": nodes.Add(new Flatten(name)); break;
                case "dropout" or "identity": break;
                case "residual":
                {
                    if (!l.TryGetProperty("main", out var main) || main.ValueKind != JsonValueKind.Array) throw new ArgumentException($"--arch-file {where}: residual needs a \"main\" array");
                    var mainNodes = Layers(main, modules, t, used, eps, where + ".main.");
                    var kind = ShortcutKind.Identity; var sc = new List<Node>();
                    if (l.TryGetProperty("shortcut", out var s))
                    {
                        if (s.ValueKind == JsonValueKind.Array) { kind = ShortcutKind.Layers; sc = Layers(s, modules, t, used, eps, where + ".shortcut."); }
                        else kind = s.GetString() switch
                        {
                            "identity" => ShortcutKind.Identity,
                            "pad" => ShortcutKind.PadChannels,
                            var other => throw new ArgumentException($"--arch-file {where}: shortcut '{other}' is not identity, pad or an array of layers"),
                        };
                    }
                    nodes.Add(new Residual(name, mainNodes, kind, sc));
                    break;
                }
                default: throw new ArgumentException($"--arch-file {where}: unknown layer type '{type}' (linear, conv2d, batchnorm, relu, tanh, maxpool, avgpool, flatten, dropout, residual)");
            }
        }
        return nodes;
    }

    private static TensorData Rank(TensorData w, int rank, StateModule m, string type) =>
        w.Rank == rank ? w : throw new ArgumentException($"--arch-file: '{m.Prefix}.weight' has shape [{string.Join(", ", w.Shape)}], not a {type} weight (rank {rank})");

    private static string Str(JsonElement l, string key, string where) =>
        l.ValueKind == JsonValueKind.Object && l.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new ArgumentException($"--arch-file {where}: missing \"{key}\"");
}
