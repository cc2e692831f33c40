namespace PruneTheory.Graph;

/// <summary>
/// One tensor of a network in float64, under its state-dict name (e.g. "features.0.weight"), row-major as PyTorch
/// stores it. <see cref="DType"/> is the dtype it is written back in (F32, or I64/I32 for counters).
/// </summary>
public sealed class Param
{
    public string Name { get; }
    public int[] Shape { get; set; }
    public double[] Data { get; set; }
    public string DType { get; init; } = "F32";

    public Param(string name, int[] shape, double[] data)
    {
        long count = 1;
        foreach (int s in shape) count *= s;
        if (count != data.Length) throw new ArgumentException($"tensor '{name}': shape [{string.Join(",", shape)}] needs {count} values, got {data.Length}");
        Name = name; Shape = shape; Data = data;
    }

    public int this[int axis] => Shape[axis];
    public Param Clone() => new(Name, (int[])Shape.Clone(), (double[])Data.Clone()) { DType = DType };
}

/// <summary>A node of the network description; <see cref="Name"/> is its module path ("features.0", "layer1.0.conv1").</summary>
public abstract class Node
{
    public string Name { get; }
    protected Node(string name) { Name = name; }

    /// <summary>The tensors this node owns, in state-dict order.</summary>
    public virtual IEnumerable<Param> Params => [];

    /// <summary>A deep copy (parameters cloned), so that pruning never touches the loaded network.</summary>
    public abstract Node Clone();
}

/// <summary>y = W·x + b, W [out, in] (nn.Linear).</summary>
public sealed class Linear(string name, Param weight, Param? bias) : Node(name)
{
    public Param Weight { get; } = weight;
    /// <summary>Settable: bias compensation may give a bias-free layer one.</summary>
    public Param? Bias { get; set; } = bias;
    public int In => Weight[1];
    public int Out => Weight[0];
    public override IEnumerable<Param> Params => Bias is null ? [Weight] : [Weight, Bias];
    public override Node Clone() => new Linear(Name, Weight.Clone(), Bias?.Clone());
}

/// <summary>nn.Conv2d with groups = 1: W [out, in, kh, kw], square stride and zero padding.</summary>
public sealed class Conv2d(string name, Param weight, Param? bias, int stride, int padding) : Node(name)
{
    public Param Weight { get; } = weight;
    /// <summary>Settable: bias compensation may give a bias-free layer one.</summary>
    public Param? Bias { get; set; } = bias;
    public int Stride { get; } = stride;
    public int Padding { get; } = padding;
    public int In => Weight[1];
    public int Out => Weight[0];
    public int KernelH => Weight[2];
    public int KernelW => Weight[3];
    public override IEnumerable<Param> Params => Bias is null ? [Weight] : [Weight, Bias];
    public override Node Clone() => new Conv2d(Name, Weight.Clone(), Bias?.Clone(), Stride, Padding);
}

/// <summary>
/// BatchNorm1d/2d in eval mode: y = γ(x − μ)/√(ν + ε) + β per channel. <see cref="Tracked"/> is the optional
/// num_batches_tracked counter, carried through unchanged.
/// </summary>
public sealed class BatchNorm(string name, Param gamma, Param beta, Param mean, Param var, Param? tracked, double eps) : Node(name)
{
    public Param Gamma { get; } = gamma;
    public Param Beta { get; } = beta;
    public Param Mean { get; } = mean;
    public Param Var { get; } = var;
    public Param? Tracked { get; } = tracked;
    public double Eps { get; } = eps;
    public int Channels => Gamma[0];
    public override IEnumerable<Param> Params => Tracked is null ? [Gamma, Beta, Mean, Var] : [Gamma, Beta, Mean, Var, Tracked];
    public override Node Clone() => new BatchNorm(Name, Gamma.Clone(), Beta.Clone(), Mean.Clone(), Var.Clone(), Tracked?.Clone(), Eps);
}

public enum ActivationKind { Relu, Tanh }

public sealed class Activation(string name, ActivationKind kind) : Node(name)
{
    public ActivationKind Kind { get; } = kind;
    public override Node Clone() => new Activation(Name, Kind);
}

public enum PoolKind { Max, Average }

/// <summary>MaxPool2d/AvgPool2d (no padding, floor mode); <see cref="Global"/>: AdaptiveAvgPool2d(1).</summary>
public sealed class Pool(string name, PoolKind kind, int kernel, int stride, bool global = false) : Node(name)
{
    public PoolKind Kind { get; } = kind;
    public int Kernel { get; } = kernel;
    public int Stride { get; } = stride;
    public bool Global { get; } = global;
    public override Node Clone() => new Pool(Name, Kind, Kernel, Stride, Global);
}

/// <summary>torch.flatten(x, 1): channel-major.</summary>
public sealed class Flatten(string name) : Node(name)
{
    public override Node Clone() => new Flatten(Name);
}

public enum ShortcutKind
{
    /// <summary>x itself.</summary>
    Identity,
    /// <summary>The nodes of <see cref="Residual.Shortcut"/> (a 1×1 conv and BN).</summary>
    Layers,
    /// <summary>CIFAR ResNet option A: x[:, :, ::2, ::2] with zero channels padded equally on both sides.</summary>
    PadChannels,
}

/// <summary>Residual addition: Main(x) + Shortcut(x) (the ReLU after the sum is a separate node).</summary>
public sealed class Residual(string name, List<Node> main, ShortcutKind kind, List<Node> shortcut) : Node(name)
{
    public List<Node> Main { get; } = main;
    public ShortcutKind Kind { get; } = kind;
    public List<Node> Shortcut { get; } = shortcut;
    public override IEnumerable<Param> Params => Main.Concat(Shortcut).SelectMany(n => n.Params);
    public override Node Clone() => new Residual(Name, Main.Select(n => n.Clone()).ToList(), Kind, Shortcut.Select(n => n.Clone()).ToList());
}
