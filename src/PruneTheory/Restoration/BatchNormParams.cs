namespace PruneTheory.Restoration;

/// <summary>Parameters of the BN that follows a pruned layer (γ, β, running mean μ, running var ν), one entry per neuron/filter.</summary>
public sealed record BatchNormParams(double[] Gamma, double[] Beta, double[] RunningMean, double[] RunningVar)
{
    public int Count => Gamma.Length;

    /// <summary>BN restricted to the given neurons (step 1 of spec §3.3).</summary>
    public BatchNormParams Slice(IReadOnlyList<int> kept) =>
        new(Pick(Gamma, kept), Pick(Beta, kept), Pick(RunningMean, kept), Pick(RunningVar, kept));

    private static double[] Pick(double[] a, IReadOnlyList<int> idx) => idx.Select(i => a[i]).ToArray();
}

/// <summary>
/// BN written as N_i(z) = g_i·(z − t_i) with g = γ/σ, t = μ − σβ/γ (spec §2), σ per <see cref="SigmaMode"/>.
/// A bias b of the pruned layer itself is folded in as t − b. O(n).
/// </summary>
public sealed class BnAffine
{
    public double[] G { get; }
    public double[] T { get; }
    public double[] Sigma { get; }

    public BnAffine(string layer, BatchNormParams bn, double[]? layerBias, SigmaMode mode, double eps)
    {
        int n = bn.Count;
        G = new double[n]; T = new double[n]; Sigma = new double[n];
        for (int i = 0; i < n; i++)
        {
            // A variance below 0 is a corrupt checkpoint in either mode; name it rather than report the NaN σ it would give.
            if (!(bn.RunningVar[i] >= 0)) throw new RestorationInputException(layer, i, "BN running_var", $"is {bn.RunningVar[i]}: a variance must be ≥ 0");
            double sigma = mode == SigmaMode.RunningVar ? bn.RunningVar[i] : Math.Sqrt(bn.RunningVar[i] + eps);
            if (!(sigma > 0)) throw new RestorationInputException(layer, i, "BN σ", $"must be > 0 (got {sigma}, mode {mode})");
            double gamma = bn.Gamma[i];
            if (gamma == 0) throw new RestorationInputException(layer, i, "BN γ", "is 0: the BN output does not depend on the neuron, g and t are undefined");
            Sigma[i] = sigma;
            G[i] = gamma / sigma;
            T[i] = bn.RunningMean[i] - sigma * bn.Beta[i] / gamma - (layerBias?[i] ?? 0);
        }
    }
}
