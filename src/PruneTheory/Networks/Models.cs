using PruneTheory.Random;

namespace PruneTheory.Networks;

/// <summary>
/// Model builders with PyTorch-compatible parameter names. Each layer's weights come from
/// key.FoldIn(its dotted name), so adding a layer never changes the others' initial values.
/// </summary>
public static class Models
{
    /// <summary>
    /// LeNet-300-100 as in the Neuron Merging / LBYL code: ip1 784→300, ReLU, ip2 300→100, ReLU,
    /// ip3 100→10, all with biases. Input [N, 784] (images flattened row-major).
    /// </summary>
    public static Sequential LeNet300100(RngKey key, InitScheme init = InitScheme.PyTorchDefault) => new(
        ("ip1", new Dense(784, 300, true, key.FoldIn("ip1"), init)),
        ("relu_ip1", new ReLU()),
        ("ip2", new Dense(300, 100, true, key.FoldIn("ip2"), init)),
        ("relu_ip2", new ReLU()),
        ("ip3", new Dense(100, 10, true, key.FoldIn("ip3"), init)));

    /// <summary>
    /// nn.Sequential(Linear, ReLU, …, Linear) over layer widths <paramref name="sizes"/> (≥ 2 entries);
    /// Linear layers are named "0", "2", "4", … as in PyTorch.
    /// </summary>
    public static Sequential Mlp(int[] sizes, bool bias, RngKey key, InitScheme init = InitScheme.PyTorchDefault)
    {
        if (sizes is null || sizes.Length < 2 || sizes.Any(s => s <= 0))
            throw new ArgumentException("Mlp needs at least two positive layer widths");
        var layers = new List<Layer>();
        for (int i = 0; i + 1 < sizes.Length; i++)
        {
            if (i > 0) layers.Add(new ReLU());
            layers.Add(new Dense(sizes[i], sizes[i + 1], bias, key.FoldIn(layers.Count.ToString()), init));
        }
        return Sequential.Indexed([.. layers]);
    }

    /// <summary>The IHT/IMP model: Linear(d,m) → ReLU → Linear(m,c), bias-free, PyTorch default init.</summary>
    public static Sequential TwoLayerRelu(int inputs, int hidden, int outputs, RngKey key) =>
        Mlp([inputs, hidden, outputs], bias: false, key);

    /// <summary>
    /// VGG-style net for small square images, as LBYL's CIFAR VGG: "features" = per entry of
    /// <paramref name="config"/> either Conv3×3(pad 1, no bias)–BatchNorm2d–ReLU (entry = channels)
    /// or MaxPool2d(2) (entry = 0); then flatten (channel-major) and "classifier" =
    /// Linear–BatchNorm1d–ReLU–Linear. Default [16, 0, 32, 0] on 1×28×28 gives 32·7·7 = 1568 features.
    /// </summary>
    public static Sequential SmallVgg(RngKey key, int[]? config = null, int hidden = 128, int classes = 10,
        int inChannels = 1, int imageSize = 28, InitScheme init = InitScheme.PyTorchDefault)
    {
        config ??= [16, 0, 32, 0];
        if (config.Length == 0 || config.Any(c => c < 0) || hidden <= 0 || classes <= 0 || inChannels <= 0 || imageSize <= 0)
            throw new ArgumentException("SmallVgg: invalid configuration");
        var features = new List<Layer>();
        int channels = inChannels, size = imageSize;
        foreach (int c in config)
        {
            if (c == 0)
            {
                if (size < 2) throw new ArgumentException($"SmallVgg: max-pool on a {size}×{size} map");
                features.Add(new MaxPool2d(2)); size /= 2;
                continue;
            }
            features.Add(new Conv2d(channels, c, 3, key.FoldIn($"features.{features.Count}"), padding: 1, bias: false, init: init));
            features.Add(new BatchNorm2d(c));
            features.Add(new ReLU());
            channels = c;
        }
        int flat = channels * size * size;
        var classifier = Sequential.Indexed(
            new Dense(flat, hidden, true, key.FoldIn("classifier.0"), init),
            new BatchNorm1d(hidden),
            new ReLU(),
            new Dense(hidden, classes, true, key.FoldIn("classifier.3"), init));
        return new Sequential(("features", Sequential.Indexed([.. features])), ("flatten", new Flatten()), ("classifier", classifier));
    }
}
