using System.Numerics.Tensors;
using PruneTheory.Networks;

namespace PruneTheory.Data;

/// <summary>Per-pixel normalisation (x − Mean) / Std applied to pixels in [0, 1], as torchvision's Normalize.</summary>
public readonly record struct PixelNormalization(float Mean, float Std)
{
    /// <summary>Identity: pixels stay in [0, 1].</summary>
    public static readonly PixelNormalization None = new(0f, 1f);
    /// <summary>(x − 0.5) / 0.5 maps [0, 1] to [−1, 1]: the reference LeNet-300-100's preprocessing.</summary>
    public static readonly PixelNormalization MinusOneToOne = new(0.5f, 0.5f);
}

/// <summary>Turns a <see cref="Dataset"/> into the network engine's <see cref="LabeledData"/>.</summary>
public static class DatasetTensors
{
    /// <summary>
    /// Inputs [N, rows·cols] (flattened row-major, for dense nets) or, with <paramref name="asImages"/>,
    /// [N, 1, rows, cols] (for conv nets), normalised by <paramref name="normalization"/>; labels as is. O(N·pixels).
    /// </summary>
    public static LabeledData ToLabeledData(this Dataset data, PixelNormalization? normalization = null, bool asImages = false)
    {
        var norm = normalization ?? PixelNormalization.None;
        if (!(norm.Std > 0) || !float.IsFinite(norm.Mean)) throw new ArgumentException($"invalid normalisation {norm}");
        var x = new float[data.Images.Length];
        TensorPrimitives.Subtract(data.Images, norm.Mean, x);
        TensorPrimitives.Divide(x, norm.Std, x);
        int[] shape = asImages ? [data.Count, 1, data.Rows, data.Cols] : [data.Count, data.Features];
        return new LabeledData(new PruneTheory.Networks.Tensor(shape, x), (int[])data.Labels.Clone());
    }
}
