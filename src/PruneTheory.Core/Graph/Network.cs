namespace PruneTheory.Graph;

/// <summary>
/// The one float64 description of a user's network: a chain of <see cref="Node"/>s (residual blocks nest chains)
/// over an input of shape <see cref="InputShape"/> ([d] or [C, H, W], batch excluded). Built from a safetensors
/// state dict by <see cref="StateDictArch"/> or <see cref="ArchFile"/>; restore and prune read and change it through
/// <see cref="UnitGroup"/>s, and <see cref="NetworkState"/> writes it back under the original names.
/// </summary>
public sealed class Network
{
    public List<Node> Nodes { get; }
    public int[] InputShape { get; }

    public Network(List<Node> nodes, int[] inputShape)
    {
        Nodes = nodes; InputShape = inputShape;
        OutputShape = ShapeOf(nodes, inputShape);
    }

    /// <summary>Output shape per sample (checked on construction: a disagreement names the node).</summary>
    public int[] OutputShape { get; private set; }

    public int InputSize => InputShape.Aggregate(1, (a, b) => a * b);
    public int Classes => OutputShape.Aggregate(1, (a, b) => a * b);

    /// <summary>Every tensor, in state-dict order.</summary>
    public IEnumerable<Param> Params => Nodes.SelectMany(n => n.Params);

    public long ParameterCount => Params.Where(p => p.DType == "F32").Sum(p => (long)p.Data.Length);

    public Network Clone() => new(Nodes.Select(n => n.Clone()).ToList(), (int[])InputShape.Clone());

    /// <summary>Re-checks the shapes after surgery.</summary>
    public void Recheck() => OutputShape = ShapeOf(Nodes, InputShape);

    /// <summary>Every node, residual branches included, front to back (main before shortcut).</summary>
    public IEnumerable<Node> Flat() => FlatOf(Nodes);

    private static IEnumerable<Node> FlatOf(IEnumerable<Node> nodes)
    {
        foreach (var n in nodes)
        {
            yield return n;
            if (n is Residual r) foreach (var m in FlatOf(r.Main).Concat(FlatOf(r.Shortcut))) yield return m;
        }
    }

    /// <summary>Propagates a per-sample shape through a chain; throws ArgumentException naming the node that disagrees.</summary>
    public static int[] ShapeOf(IEnumerable<Node> nodes, int[] shape)
    {
        foreach (var n in nodes) shape = ShapeOf(n, shape);
        return shape;
    }

    private static int[] ShapeOf(Node node, int[] s)
    {
        string Shape(int[] x) => "[" + string.Join(", ", x) + "]";
        switch (node)
        {
            case Linear l:
                if (s.Length != 1) throw new ArgumentException($"'{l.Weight.Name}' (Linear) receives a {Shape(s)} input: a Flatten is missing before it");
                if (s[0] != l.In) throw new ArgumentException($"'{l.Weight.Name}' expects {l.In} inputs, the layer before gives {s[0]}");
                if (l.Bias is { } lb && (lb.Shape.Length != 1 || lb[0] != l.Out)) throw new ArgumentException($"'{lb.Name}' has shape {Shape(lb.Shape)}, expected [{l.Out}]");
                return [l.Out];
            case Conv2d c:
                if (s.Length != 3) throw new ArgumentException($"'{c.Weight.Name}' (Conv2d) receives a {Shape(s)} input, not [C, H, W]");
                if (s[0] != c.In) throw new ArgumentException($"'{c.Weight.Name}' expects {c.In} input channels, the layer before gives {s[0]}");
                if (c.Bias is { } cb && (cb.Shape.Length != 1 || cb[0] != c.Out)) throw new ArgumentException($"'{cb.Name}' has shape {Shape(cb.Shape)}, expected [{c.Out}]");
                int h = (s[1] + 2 * c.Padding - c.KernelH) / c.Stride + 1, w = (s[2] + 2 * c.Padding - c.KernelW) / c.Stride + 1;
                if (h < 1 || w < 1) throw new ArgumentException($"'{c.Weight.Name}' has a {c.KernelH}×{c.KernelW} kernel on a {s[1]}×{s[2]} map");
                return [c.Out, h, w];
            case BatchNorm b:
                foreach (var p in new[] { b.Beta, b.Mean, b.Var })
                    if (p.Shape.Length != 1 || p[0] != b.Channels) throw new ArgumentException($"'{p.Name}' has shape {Shape(p.Shape)}, expected [{b.Channels}]");
                if (s[0] != b.Channels) throw new ArgumentException($"'{b.Gamma.Name}' has {b.Channels} channels, the layer before gives {s[0]}");
                return s;
            case Activation: return s;
            case Pool p:
                if (s.Length != 3) throw new ArgumentException($"pool '{p.Name}' receives a {Shape(s)} input, not [C, H, W]");
                if (p.Global) return [s[0], 1, 1];
                int ph = (s[1] - p.Kernel) / p.Stride + 1, pw = (s[2] - p.Kernel) / p.Stride + 1;
                if (ph < 1 || pw < 1) throw new ArgumentException($"pool '{p.Name}' with kernel {p.Kernel} on a {s[1]}×{s[2]} map");
                return [s[0], ph, pw];
            case Flatten: return [s.Aggregate(1, (a, x) => a * x)];
            case Residual r:
                var main = ShapeOf(r.Main, s);
                var sc = r.Kind switch
                {
                    ShortcutKind.Identity => s,
                    ShortcutKind.Layers => ShapeOf(r.Shortcut, s),
                    _ => [main[0], (s[1] + 1) / 2, (s[2] + 1) / 2],
                };
                if (r.Kind == ShortcutKind.PadChannels && (main[0] - s[0]) % 2 != 0) throw new ArgumentException($"block '{r.Name}': cannot pad {s[0]} channels evenly to {main[0]}");
                if (!main.SequenceEqual(sc)) throw new ArgumentException($"block '{r.Name}': main branch gives {Shape(main)}, shortcut {Shape(sc)}");
                return main;
            default: throw new ArgumentException($"unknown node {node.GetType().Name}");
        }
    }
}
