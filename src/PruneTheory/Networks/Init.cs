using PruneTheory.Random;

namespace PruneTheory.Networks;

/// <summary>How weights are drawn at construction.</summary>
public enum InitScheme
{
    /// <summary>PyTorch's default for Linear/Conv2d: kaiming_uniform(a=√5) ⇒ U(±1/√fan_in) for weights and biases.</summary>
    PyTorchDefault,
    /// <summary>He-normal N(0, 2/fan_in) weights, zero biases (Keras he_normal without truncation).</summary>
    HeNormal,
}

/// <summary>Deterministic initialisers: element i of a tensor is a pure function of (key, i). O(size).</summary>
public static class Init
{
    public static void Uniform(Tensor t, double bound, RngKey key)
    {
        var rng = key.Stream();
        for (int i = 0; i < t.Length; i++) t.Data[i] = (float)rng.NextUniform(-bound, bound);
    }

    public static void Normal(Tensor t, double std, RngKey key)
    {
        var rng = key.Stream();
        for (int i = 0; i < t.Length; i++) t.Data[i] = (float)(std * rng.NextGaussian());
    }

    /// <summary>Initialises a weight (and bias) of fan-in <paramref name="fanIn"/> under <paramref name="scheme"/>.</summary>
    public static void WeightAndBias(InitScheme scheme, Tensor weight, Tensor? bias, int fanIn, RngKey key)
    {
        if (fanIn <= 0) throw new ArgumentException($"fan-in must be positive, got {fanIn}");
        switch (scheme)
        {
            case InitScheme.PyTorchDefault:
                Uniform(weight, 1.0 / Math.Sqrt(fanIn), key.FoldIn("weight"));
                if (bias is not null) Uniform(bias, 1.0 / Math.Sqrt(fanIn), key.FoldIn("bias"));
                break;
            case InitScheme.HeNormal:
                Normal(weight, Math.Sqrt(2.0 / fanIn), key.FoldIn("weight"));
                if (bias is not null) Array.Clear(bias.Data);
                break;
            default: throw new ArgumentException($"unknown init scheme {scheme}");
        }
    }
}
