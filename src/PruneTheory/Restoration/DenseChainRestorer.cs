using MathNet.Numerics.LinearAlgebra;

namespace PruneTheory.Restoration;

/// <summary>One dense layer y = W·x + b (PyTorch [out, in] layout), ReLU between layers.</summary>
public sealed record DenseLayer(string Name, Matrix<double> Weight, double[] Bias);

/// <summary>
/// Restores a ReLU MLP such as LeNet-300-100 (spec §6): every layer but the classifier is pruned at the same
/// ratio; each (𝒦_ℓ, Z_ℓ) is computed from the original weights (§3.4) and Z_ℓ is folded into layer ℓ+1's inputs.
/// </summary>
public static class DenseChainRestorer
{
    public static (DenseLayer[] Layers, LayerRestoration[] Results) Restore(IReadOnlyList<DenseLayer> layers, RestoreMethod method,
        PruningCriterion criterion, double ratio, RestoreOptions options, KeepCountRule rule = KeepCountRule.Round)
    {
        if (layers.Count < 2) throw new ArgumentException("a dense chain needs at least two layers (the last one is never pruned)");
        for (int l = 1; l < layers.Count; l++)
            if (layers[l].Weight.ColumnCount != layers[l - 1].Weight.RowCount)
                throw new ArgumentException($"layer '{layers[l].Name}' has {layers[l].Weight.ColumnCount} inputs but '{layers[l - 1].Name}' has {layers[l - 1].Weight.RowCount} outputs");
        var results = new LayerRestoration[layers.Count - 1];
        for (int l = 0; l < results.Length; l++)
            results[l] = Restorer.Restore(new PrunableLayer(layers[l].Name, layers[l].Weight, layers[l].Bias), method, criterion, ratio, options, rule);
        return (Apply(layers, results), results);
    }

    /// <summary>Slices each pruned layer to its kept rows after folding the previous Z into its inputs. O(Σ n'·n·m).</summary>
    public static DenseLayer[] Apply(IReadOnlyList<DenseLayer> layers, IReadOnlyList<LayerRestoration> results)
    {
        var output = new DenseLayer[layers.Count];
        for (int l = 0; l < layers.Count; l++)
        {
            var w = l == 0 ? layers[l].Weight : Delivery.ApplyToConsumer(layers[l].Weight, results[l - 1].Z);
            var b = layers[l].Bias;
            if (l < results.Count)
            {
                var kept = results[l].Kept;
                w = Delivery.SliceRows(w, kept);
                b = kept.Select(k => b[k]).ToArray();
            }
            output[l] = new DenseLayer(layers[l].Name, w, b);
        }
        return output;
    }
}
