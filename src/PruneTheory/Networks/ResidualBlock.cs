namespace PruneTheory.Networks;

/// <summary>How a <see cref="ResidualBlock"/>'s shortcut maps its input (the CIFAR ResNet kinds).</summary>
public enum ResidualShortcut
{
    /// <summary>x itself.</summary>
    Identity,
    /// <summary>A layer stack (a 1×1 conv, in practice).</summary>
    Layers,
    /// <summary>Option A: x[:, :, ::2, ::2] with zero channels padded equally before and after.</summary>
    PadChannels,
}

/// <summary>
/// Residual addition y = Main(x) + Shortcut(x) (the activation after the sum is a separate layer, as in the float64
/// graph). Backward sends the output gradient through both branches and adds the two input gradients. Cost: the
/// branches' plus O(size of y).
/// </summary>
public sealed class ResidualBlock : Layer
{
    private int[]? _inputShape;

    public Sequential Main { get; }
    public ResidualShortcut Kind { get; }
    /// <summary>The shortcut's layers when <see cref="Kind"/> is <see cref="ResidualShortcut.Layers"/>, else null.</summary>
    public Sequential? Shortcut { get; }

    /// <summary>Option A's output channels: those of Main's last conv.</summary>
    private readonly int _padTo;

    public ResidualBlock(Sequential main, ResidualShortcut kind, Sequential? shortcut = null)
    {
        if ((kind == ResidualShortcut.Layers) != (shortcut is not null))
            throw new ArgumentException("a ResidualBlock has shortcut layers exactly when its kind is Layers");
        Main = main; Kind = kind; Shortcut = shortcut;
        if (kind == ResidualShortcut.PadChannels)
            _padTo = main.Leaves("").Select(l => l.Layer).OfType<Conv2d>().LastOrDefault()?.OutChannels
                ?? throw new ArgumentException("an option-A shortcut needs a Conv2d in the main branch to take its channel count from");
    }

    public override Tensor Forward(Tensor input, bool training) => Add(Main.Forward(input, training), ShortcutForward(input, training));

    /// <summary>Shortcut(x) alone (x the block's input): what <see cref="Forward"/> adds to Main(x). Callers that run the
    /// branches themselves use it; it caches what <see cref="ShortcutBackward"/> needs.</summary>
    public Tensor ShortcutForward(Tensor x, bool training)
    {
        _inputShape = (int[])x.Shape.Clone();
        return Kind switch
        {
            ResidualShortcut.Identity => x,
            ResidualShortcut.Layers => Shortcut!.Forward(x, training),
            _ => PadForward(x, _padTo),
        };
    }

    /// <summary>Main(x) + Shortcut(x), shapes checked.</summary>
    public static Tensor Add(Tensor main, Tensor shortcut)
    {
        if (!main.Shape.SequenceEqual(shortcut.Shape))
            throw new ArgumentException($"residual branches disagree: [{string.Join(", ", main.Shape)}] + [{string.Join(", ", shortcut.Shape)}]");
        var y = Tensor.Uninitialized((int[])main.Shape.Clone());
        System.Numerics.Tensors.TensorPrimitives.Add(main.Data, shortcut.Data, y.Data);
        return y;
    }

    public override Tensor? Backward(Tensor gradOutput)
    {
        var gm = Main.Backward(gradOutput);
        var gs = ShortcutBackward(gradOutput);
        if (gm is null || gs is null) return null;
        return Add(gm, gs);
    }

    /// <summary>The input gradient of the shortcut branch alone for <paramref name="gradOutput"/>.</summary>
    public Tensor? ShortcutBackward(Tensor gradOutput) => Kind switch
    {
        ResidualShortcut.Identity => gradOutput,
        ResidualShortcut.Layers => Shortcut!.Backward(gradOutput),
        _ => PadBackward(gradOutput, _inputShape ?? throw new InvalidOperationException("ResidualBlock.Backward called before Forward")),
    };

    public override bool ComputeInputGradient
    {
        get => Main.ComputeInputGradient;
        set { Main.ComputeInputGradient = value; if (Shortcut is not null) Shortcut.ComputeInputGradient = value; }
    }

    public override IReadOnlyList<Parameter> Parameters => [.. Leaves("").SelectMany(l => l.Layer.Parameters)];

    /// <summary>Main's leaves under the block's own prefix, then the shortcut's under "shortcut".</summary>
    public override IEnumerable<(string Name, Layer Layer)> Leaves(string prefix)
    {
        foreach (var leaf in Main.Leaves(prefix)) yield return leaf;
        if (Shortcut is not null)
            foreach (var leaf in Shortcut.Leaves(prefix.Length == 0 ? "shortcut" : prefix + ".shortcut")) yield return leaf;
    }

    private static Tensor PadForward(Tensor x, int outChannels)
    {
        int n = x[0], ch = x[1], h = x[2], w = x[3], oh = (h + 1) / 2, ow = (w + 1) / 2, before = (outChannels - ch) / 2;
        var y = new Tensor(n, outChannels, oh, ow);
        for (int s = 0; s < n; s++)
            for (int c = 0; c < ch; c++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                        y.Data[((s * outChannels + c + before) * oh + i) * ow + j] = x.Data[((s * ch + c) * h + 2 * i) * w + 2 * j];
        return y;
    }

    private static Tensor PadBackward(Tensor g, int[] inputShape)
    {
        int n = inputShape[0], ch = inputShape[1], h = inputShape[2], w = inputShape[3], outChannels = g[1], oh = g[2], ow = g[3];
        int before = (outChannels - ch) / 2;
        var dx = new Tensor((int[])inputShape.Clone());
        for (int s = 0; s < n; s++)
            for (int c = 0; c < ch; c++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                        dx.Data[((s * ch + c) * h + 2 * i) * w + 2 * j] = g.Data[((s * outChannels + c + before) * oh + i) * ow + j];
        return dx;
    }
}
