namespace PruneTheory.Networks;

/// <summary>
/// A differentiable layer. <see cref="Forward"/> caches what <see cref="Backward"/> needs;
/// Backward overwrites (does not accumulate) parameter gradients and returns the input gradient,
/// or null when <see cref="ComputeInputGradient"/> is false (first layer during training).
/// </summary>
public abstract class Layer
{
    public virtual bool ComputeInputGradient { get; set; } = true;

    public abstract Tensor Forward(Tensor input, bool training);

    public abstract Tensor? Backward(Tensor gradOutput);

    /// <summary>Trainable parameters with local names, in PyTorch state-dict order.</summary>
    public virtual IReadOnlyList<Parameter> Parameters => [];

    /// <summary>Non-trainable state (BatchNorm running statistics), in PyTorch state-dict order.</summary>
    public virtual IReadOnlyList<(string Name, Tensor Value)> Buffers => [];

    /// <summary>Leaf layers with their dotted PyTorch module names (overridden by containers).</summary>
    public virtual IEnumerable<(string Name, Layer Layer)> Leaves(string prefix)
    {
        yield return (prefix, this);
    }

    protected Tensor Cached(Tensor? t, string what) =>
        t ?? throw new InvalidOperationException($"{GetType().Name}.Backward called before Forward ({what} missing)");
}
