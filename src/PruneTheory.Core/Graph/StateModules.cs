using System.Text.RegularExpressions;
using PruneTheory.IO;

namespace PruneTheory.Graph;

/// <summary>
/// The modules of a PyTorch state dict: tensors grouped by prefix ("features.0" for "features.0.weight"), each
/// recognised as Linear (rank-2 weight), Conv2d (rank-4 weight) or BatchNorm (running statistics), and ordered as
/// the module tree registers them (see <see cref="Compare"/>). A tensor that fits none is refused with its name.
/// </summary>
public sealed class StateModule
{
    public string Prefix { get; }
    public string[] Path { get; }
    public Dictionary<string, string> Names { get; } = new(StringComparer.Ordinal); // suffix -> full name
    public int FirstSeen { get; }
    public StateModule(string prefix, int firstSeen) { Prefix = prefix; Path = prefix.Split('.'); FirstSeen = firstSeen; }

    public bool IsNorm => Names.ContainsKey("running_mean");
    public string Parent => string.Join('.', Path[..^1]);
    public int? Index => int.TryParse(Path[^1], out int i) ? i : null;
}

public static class StateModules
{
    private static readonly string[] Suffixes = ["weight", "bias", "running_mean", "running_var", "num_batches_tracked", "weight_orig", "weight_mask", "bias_orig", "bias_mask"];

    /// <summary>Groups and orders the modules; throws naming every tensor that cannot be placed.</summary>
    public static List<StateModule> Of(IReadOnlyDictionary<string, TensorData> tensors)
    {
        var modules = new Dictionary<string, StateModule>(StringComparer.Ordinal);
        var unplaced = new List<string>();
        int seen = 0;
        foreach (var name in tensors.Keys)
        {
            int dot = name.LastIndexOf('.');
            string suffix = dot < 0 ? name : name[(dot + 1)..], prefix = dot < 0 ? "" : name[..dot];
            if (!Suffixes.Contains(suffix)) { unplaced.Add(name); continue; }
            if (!modules.TryGetValue(prefix, out var m)) modules[prefix] = m = new StateModule(prefix, seen++);
            m.Names[suffix] = name;
        }
        foreach (var m in modules.Values)
        {
            bool norm = m.IsNorm, hasWeight = m.Names.ContainsKey("weight") || m.Names.ContainsKey("weight_orig");
            if (norm && !(m.Names.ContainsKey("running_var") && hasWeight && (m.Names.ContainsKey("bias") || m.Names.ContainsKey("bias_orig"))))
                unplaced.AddRange(m.Names.Values);
            else if (!norm && (!hasWeight || m.Names.ContainsKey("running_var") || m.Names.ContainsKey("num_batches_tracked")))
                unplaced.AddRange(m.Names.Values);
            else if (!norm && Weight(tensors, m).Rank is not (2 or 4)) unplaced.AddRange(m.Names.Values);
        }
        if (unplaced.Count > 0)
            throw new ArgumentException($"tensor(s) the network description cannot place: {string.Join(", ", unplaced.Select(n => $"'{n}'"))} (known: Linear/Conv2d weight+bias, BatchNorm weight/bias/running_mean/running_var/num_batches_tracked; other layouts need --arch-file)");
        var list = modules.Values.ToList();
        var convs = list.SelectMany(m => m.Path).Where(c => c.StartsWith("conv", StringComparison.Ordinal)).ToHashSet();
        list.Sort((a, b) => Compare(a, b, convs));
        return list;
    }

    /// <summary>The module's weight (or weight_orig·weight_mask of a torch.nn.utils.prune reparametrisation).</summary>
    public static TensorData Weight(IReadOnlyDictionary<string, TensorData> t, StateModule m) => Pruned(t, m, "weight");

    public static TensorData? Bias(IReadOnlyDictionary<string, TensorData> t, StateModule m) =>
        m.Names.ContainsKey("bias") || m.Names.ContainsKey("bias_orig") ? Pruned(t, m, "bias") : null;

    private static TensorData Pruned(IReadOnlyDictionary<string, TensorData> t, StateModule m, string what)
    {
        if (m.Names.TryGetValue(what, out var n)) return t[n];
        var orig = t[m.Names[what + "_orig"]];
        if (!m.Names.TryGetValue(what + "_mask", out var maskName)) throw new ArgumentException($"'{m.Names[what + "_orig"]}' has no '{m.Prefix}.{what}_mask'");
        var mask = t[maskName];
        if (!mask.Shape.SequenceEqual(orig.Shape)) throw new ArgumentException($"'{maskName}' has another shape than '{m.Names[what + "_orig"]}'");
        return new TensorData((int[])orig.Shape.Clone(), orig.Data.Select((x, i) => x * mask.Data[i]).ToArray());
    }

    /// <summary>
    /// Registration order from names alone (safetensors writers sort names, so file order is not torch's): numeric
    /// components numerically, then the conventions conv1 &lt; bn1 &lt; conv2 &lt; … &lt; layer1 &lt; layer2 &lt; … &lt; avgpool &lt;
    /// fc/classifier/linear &lt; shortcut/downsample, features before classifier, stem+number by number (ip1 &lt; ip2,
    /// fc1 &lt; bn1 &lt; fc2: bnK follows convK when there is one, else the other layer numbered K); any other name keeps
    /// its file position.
    /// </summary>
    public static int Compare(StateModule a, StateModule b, IReadOnlySet<string> convNames)
    {
        for (int i = 0; i < Math.Min(a.Path.Length, b.Path.Length); i++)
        {
            if (a.Path[i] == b.Path[i]) continue;
            var (ka, kb) = (Key(a.Path[i], a.FirstSeen, convNames), Key(b.Path[i], b.FirstSeen, convNames));
            int c = ka.CompareTo(kb);
            return c != 0 ? c : a.FirstSeen.CompareTo(b.FirstSeen);
        }
        return a.Path.Length.CompareTo(b.Path.Length);
    }

    private static readonly Regex StemNumber = new(@"^([A-Za-z_]+?)(\d+)$", RegexOptions.CultureInvariant);

    private static (int, int, int, int) Key(string c, int firstSeen, IReadOnlySet<string> convNames)
    {
        if (int.TryParse(c, out int n)) return (0, n, 0, 0);
        switch (c)
        {
            case "features": return (1, 0, 0, 0);
            case "avgpool": return (3, 0, 0, 0);
            case "fc" or "classifier" or "linear" or "head": return (4, 0, 0, 0);
            case "shortcut" or "downsample": return (5, 0, 0, 0);
        }
        var m = StemNumber.Match(c);
        if (m.Success)
        {
            int k = int.Parse(m.Groups[2].Value);
            return m.Groups[1].Value switch
            {
                "conv" => (1, k, 0, 0),
                "bn" when convNames.Contains($"conv{k}") => (1, k, 1, 0), // bnK follows convK, else fcK / ipK
                "bn" => (6, k, 1, 0),
                "layer" => (2, k, 0, 0),
                _ => (6, k, 0, 0), // ip1 < ip2, fc1 < bn1 < fc2
            };
        }
        return (7, firstSeen, 0, 0);
    }
}
