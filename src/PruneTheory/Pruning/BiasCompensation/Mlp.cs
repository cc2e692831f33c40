namespace PruneTheory.Pruning.BiasCompensation;

public enum HiddenActivation { Relu, Tanh, Identity }

/// <summary>
/// A dense MLP as plain float64 arrays (row-major W^l of n_l × n_{l−1}, b^l of n_l): hidden layers use
/// <see cref="Activation"/>, the read-out is linear (logits or regression). Independent of the training engine.
/// </summary>
public sealed class Mlp
{
    public int[] Sizes { get; }
    public double[][] Weights { get; }
    public double[][] Biases { get; }
    public HiddenActivation Activation { get; }
    public int Layers => Weights.Length;
    public int InputSize => Sizes[0];
    public int OutputSize => Sizes[^1];

    public Mlp(int[] sizes, double[][] weights, double[][] biases, HiddenActivation activation)
    {
        ArgumentNullException.ThrowIfNull(sizes); ArgumentNullException.ThrowIfNull(weights); ArgumentNullException.ThrowIfNull(biases);
        if (sizes.Length < 2 || weights.Length != sizes.Length - 1 || biases.Length != weights.Length)
            throw new ArgumentException($"{sizes.Length} sizes need {sizes.Length - 1} weight matrices and bias vectors");
        for (int l = 0; l < weights.Length; l++)
        {
            if (sizes[l] < 1 || sizes[l + 1] < 1) throw new ArgumentException("layer sizes must be positive");
            if (weights[l].Length != sizes[l + 1] * sizes[l]) throw new ArgumentException($"W{l + 1} needs {sizes[l + 1]}×{sizes[l]} values, got {weights[l].Length}");
            if (biases[l].Length != sizes[l + 1]) throw new ArgumentException($"b{l + 1} needs {sizes[l + 1]} values, got {biases[l].Length}");
        }
        Sizes = sizes; Weights = weights; Biases = biases; Activation = activation;
    }

    public Mlp Clone() => new((int[])Sizes.Clone(), Weights.Select(w => (double[])w.Clone()).ToArray(),
        Biases.Select(b => (double[])b.Clone()).ToArray(), Activation);

    /// <summary>Total number of weights (biases excluded).</summary>
    public long WeightCount => Weights.Sum(w => (long)w.Length);

    public double Act(double z) => Activation switch
    {
        HiddenActivation.Relu => z > 0 ? z : 0,
        HiddenActivation.Tanh => Math.Tanh(z),
        _ => z,
    };

    /// <summary>σ'(z) with σ'(0) := 0 for ReLU.</summary>
    public double ActDerivative(double z) => Activation switch
    {
        HiddenActivation.Relu => z > 0 ? 1 : 0,
        HiddenActivation.Tanh => 1 - Math.Tanh(z) * Math.Tanh(z),
        _ => 1,
    };

    /// <summary>Outputs f(x) for a batch (rows × d_in, row-major). O(rows × #weights).</summary>
    public double[] Predict(double[] x, int rows) => MlpForward.Run(this, x, rows).Output;
}
