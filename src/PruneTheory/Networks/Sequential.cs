using PruneTheory.IO;

namespace PruneTheory.Networks;

/// <summary>
/// An ordered container of named layers (PyTorch nn.Sequential or a module with named children):
/// parameter names are dotted paths such as "ip1.weight" or "features.0.weight".
/// Forward/backward cost is the sum of the children's.
/// </summary>
public sealed class Sequential : Layer
{
    private readonly List<(string Name, Layer Layer)> _children;

    public Sequential(params (string Name, Layer Layer)[] children)
    {
        var names = new HashSet<string>();
        foreach (var (name, _) in children)
            if (string.IsNullOrEmpty(name) || name.Contains('.') || !names.Add(name))
                throw new ArgumentException($"child name '{name}' must be non-empty, dot-free and unique");
        _children = [.. children];
    }

    /// <summary>Children named "0", "1", … as nn.Sequential does.</summary>
    public static Sequential Indexed(params Layer[] layers) => new([.. layers.Select((l, i) => (i.ToString(), l))]);

    public IReadOnlyList<(string Name, Layer Layer)> Children => _children;

    public override bool ComputeInputGradient
    {
        get => _children.Count == 0 || _children[0].Layer.ComputeInputGradient;
        set { if (_children.Count > 0) _children[0].Layer.ComputeInputGradient = value; }
    }

    public override Tensor Forward(Tensor input, bool training)
    {
        foreach (var (_, layer) in _children) input = layer.Forward(input, training);
        return input;
    }

    /// <summary>
    /// Forward through every leaf in order, returning each leaf's output with its dotted name
    /// (the last entry is the model output). Same cost as <see cref="Forward"/>; outputs are not copied.
    /// </summary>
    public List<(string Name, Tensor Output)> ForwardTrace(Tensor input, bool training)
    {
        var trace = new List<(string, Tensor)>();
        foreach (var (name, layer) in Leaves(""))
        {
            input = layer.Forward(input, training);
            trace.Add((name, input));
        }
        return trace;
    }

    public override Tensor? Backward(Tensor gradOutput)
    {
        Tensor? g = gradOutput;
        for (int i = _children.Count - 1; i >= 0 && g is not null; i--) g = _children[i].Layer.Backward(g);
        return g;
    }

    public override IEnumerable<(string Name, Layer Layer)> Leaves(string prefix)
    {
        foreach (var (name, layer) in _children)
            foreach (var leaf in layer.Leaves(prefix.Length == 0 ? name : prefix + "." + name))
                yield return leaf;
    }

    /// <summary>All parameters with full dotted names, in state-dict order.</summary>
    public IEnumerable<(string Name, Parameter Parameter)> NamedParameters() =>
        Leaves("").SelectMany(l => l.Layer.Parameters.Select(p => (l.Name + "." + p.Name, p)));

    public override IReadOnlyList<Parameter> Parameters => [.. NamedParameters().Select(p => p.Parameter)];

    /// <summary>Parameters then buffers of each leaf, as PyTorch's state_dict() orders them (copies).</summary>
    public Dictionary<string, TensorData> StateDict()
    {
        var dict = new Dictionary<string, TensorData>();
        foreach (var (name, layer) in Leaves(""))
        {
            foreach (var p in layer.Parameters) dict[name + "." + p.Name] = p.Value.ToTensorData();
            foreach (var (b, t) in layer.Buffers) dict[name + "." + b] = t.ToTensorData();
        }
        return dict;
    }

    /// <summary>
    /// Copies values in by name. Every parameter and buffer must be present with its exact shape;
    /// PyTorch's "num_batches_tracked" counters are ignored; other unknown keys are an error when strict.
    /// Masks are kept and re-applied.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, TensorData> state, bool strict = true)
    {
        var used = new HashSet<string>();
        foreach (var (name, layer) in Leaves(""))
        {
            foreach (var p in layer.Parameters) { CopyIn(state, name + "." + p.Name, p.Value, used); p.ApplyMask(); }
            foreach (var (b, t) in layer.Buffers) CopyIn(state, name + "." + b, t, used);
        }
        if (!strict) return;
        var extra = state.Keys.Where(k => !used.Contains(k) && !k.EndsWith(".num_batches_tracked", StringComparison.Ordinal)).ToList();
        if (extra.Count > 0) throw new ArgumentException($"state dict has unexpected keys: {string.Join(", ", extra)}");
    }

    private static void CopyIn(IReadOnlyDictionary<string, TensorData> state, string key, Tensor target, HashSet<string> used)
    {
        if (!state.TryGetValue(key, out var t)) throw new ArgumentException($"state dict is missing '{key}'");
        if (!t.Shape.AsSpan().SequenceEqual(target.Shape))
            throw new ArgumentException($"'{key}' has shape [{string.Join(",", t.Shape)}], model expects {target.ShapeText}");
        t.Data.CopyTo(target.Data, 0);
        used.Add(key);
    }
}
