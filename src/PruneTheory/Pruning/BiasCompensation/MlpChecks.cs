namespace PruneTheory.Pruning.BiasCompensation;

/// <summary>Input checks shared by the pruning entry points.</summary>
public static class MlpChecks
{
    /// <summary>Refuses NaN or infinite weights and biases, naming the first one found. O(#parameters).</summary>
    public static void RequireFinite(Mlp net)
    {
        for (int l = 0; l < net.Layers; l++)
        {
            int q = Array.FindIndex(net.Weights[l], x => !double.IsFinite(x));
            if (q >= 0) throw new ArgumentException($"W{l + 1}[{q / net.Sizes[l]},{q % net.Sizes[l]}] is {net.Weights[l][q]}: weights must be finite");
            int i = Array.FindIndex(net.Biases[l], x => !double.IsFinite(x));
            if (i >= 0) throw new ArgumentException($"b{l + 1}[{i}] is {net.Biases[l][i]}: biases must be finite");
        }
    }
}
