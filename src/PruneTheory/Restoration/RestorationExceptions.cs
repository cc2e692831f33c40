namespace PruneTheory.Restoration;

/// <summary>Bad restoration input (non-finite weights, γ = 0, σ ≤ 0, zero-norm kept vector, non-finite Z), naming layer, neuron and quantity.</summary>
public sealed class RestorationInputException(string layer, int neuron, string quantity, string problem)
    : ArgumentException($"layer '{layer}'{(neuron >= 0 ? $", neuron {neuron}" : "")}: {quantity} {problem}")
{
    public string Layer { get; } = layer;
    public int Neuron { get; } = neuron;
    public string Quantity { get; } = quantity;
}

/// <summary>A ridge system of LBYL is not (numerically) positive definite and no fallback was requested.</summary>
public sealed class GramNotPositiveDefiniteException(string layer, int kept, int dimension, double lambda1, double lambda2, RestoreMode mode)
    : InvalidOperationException(
        $"layer '{layer}': LBYL Gram system with m = {kept} kept vectors of dimension d = {dimension} is not positive definite " +
        $"(λ1 = {lambda1}, λ2 = {lambda2}, mode {mode}); use λ2 > 0 (required when m > d or kept vectors are dependent) or SolverFallback.Svd")
{
    public string Layer { get; } = layer;
    public int Kept { get; } = kept;
    public int Dimension { get; } = dimension;
    public double Lambda1 { get; } = lambda1;
    public double Lambda2 { get; } = lambda2;
    public RestoreMode Mode { get; } = mode;
}
