using MathNet.Numerics.LinearAlgebra;
using PruneTheory.IO;
using PruneTheory.Networks;
using PruneTheory.Random;

namespace PruneTheory.Restoration;

/// <summary>
/// Thin adapter between the network engine and <see cref="DenseChainRestorer"/> for ReLU MLPs such as
/// LeNet-300-100 (top-level children Dense, ReLU, Dense, …, Dense; names kept, e.g. ip1/ip2/ip3).
/// </summary>
public static class MlpAdapter
{
    /// <summary>The Dense layers of a Dense/ReLU chain in order, in double. O(parameters).</summary>
    public static DenseLayer[] Extract(Sequential model)
    {
        var layers = new List<DenseLayer>();
        for (int i = 0; i < model.Children.Count; i++)
        {
            var (name, layer) = model.Children[i];
            bool expectDense = i % 2 == 0;
            if (expectDense && layer is Dense dense)
            {
                var w = dense.Weight.Value;
                var bias = dense.Bias?.Value.Data.Select(x => (double)x).ToArray() ?? new double[dense.OutFeatures];
                layers.Add(new DenseLayer(name, Matrix<double>.Build.Dense(w[0], w[1], (r, c) => w.Data[r * w[1] + c]), bias));
            }
            else if (expectDense || layer is not ReLU)
                throw new ArgumentException($"MLP restoration needs alternating Dense/ReLU children; child {i} '{name}' is {layer.GetType().Name}");
        }
        if (model.Children.Count % 2 == 0) throw new ArgumentException("MLP restoration needs a Dense layer last");
        return [.. layers];
    }

    /// <summary>A new Sequential with the template's child names holding the given layers (cast to float32).</summary>
    public static Sequential Build(Sequential template, IReadOnlyList<DenseLayer> layers)
    {
        var children = new List<(string, Layer)>();
        int l = 0;
        foreach (var (name, layer) in template.Children)
        {
            if (layer is not Dense) { children.Add((name, new ReLU())); continue; }
            var src = layers[l++];
            var dense = new Dense(src.Weight.ColumnCount, src.Weight.RowCount, true, RngKey.FromSeed(0));
            Fill(dense.Weight.Value.Data, src.Weight);
            for (int i = 0; i < src.Bias.Length; i++) dense.Bias!.Value.Data[i] = (float)src.Bias[i];
            children.Add((name, dense));
        }
        return new Sequential([.. children]);
    }

    /// <summary>LeNet-300-100 (or any Dense/ReLU chain) from a state dict such as the reference safetensors.</summary>
    public static Sequential LeNetFromState(IReadOnlyDictionary<string, TensorData> state)
    {
        var model = Models.LeNet300100(RngKey.FromSeed(0));
        model.LoadStateDict(state);
        return model;
    }

    /// <summary>Prunes every Dense layer but the last at <paramref name="ratio"/> and folds Z into the next (spec §3.4, §6).</summary>
    public static (Sequential Model, LayerRestoration[] Results) Restore(Sequential model, RestoreMethod method, PruningCriterion criterion,
        double ratio, RestoreOptions options, KeepCountRule rule = KeepCountRule.Round)
    {
        var (layers, results) = DenseChainRestorer.Restore(Extract(model), method, criterion, ratio, options, rule);
        return (Build(model, layers), results);
    }

    internal static void Fill(float[] dst, Matrix<double> src)
    {
        int cols = src.ColumnCount;
        for (int r = 0; r < src.RowCount; r++)
            for (int c = 0; c < cols; c++) dst[r * cols + c] = (float)src[r, c];
    }
}
