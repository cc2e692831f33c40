namespace PruneTheory.Networks;

/// <summary>
/// Samples for training/evaluation: inputs [N, …] with either class labels (cross-entropy) or
/// regression targets [N, …] (MSE).
/// </summary>
public sealed class LabeledData
{
    public Tensor Inputs { get; }
    public int[]? Labels { get; }
    public Tensor? Targets { get; }
    public int Count => Inputs[0];

    public LabeledData(Tensor inputs, int[]? labels = null, Tensor? targets = null)
    {
        if (inputs.Rank < 2) throw new ArgumentException($"inputs need a batch dimension, got {inputs.ShapeText}");
        if ((labels is null) == (targets is null)) throw new ArgumentException("give exactly one of labels or targets");
        if (labels is not null && labels.Length != inputs[0]) throw new ArgumentException($"{labels.Length} labels for {inputs[0]} inputs");
        if (targets is not null && (targets.Rank < 1 || targets[0] != inputs[0])) throw new ArgumentException($"targets {targets.ShapeText} do not match {inputs[0]} inputs");
        Inputs = inputs; Labels = labels; Targets = targets;
    }

    /// <summary>The samples at <paramref name="indices"/>, in that order (copies). O(|indices|·sample size).</summary>
    public LabeledData Gather(ReadOnlySpan<int> indices) => new(
        GatherRows(Inputs, indices),
        Labels is null ? null : Gather(Labels, indices),
        Targets is null ? null : GatherRows(Targets, indices));

    private static int[] Gather(int[] src, ReadOnlySpan<int> indices)
    {
        var dst = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++) dst[i] = src[indices[i]];
        return dst;
    }

    internal static Tensor GatherRows(Tensor src, ReadOnlySpan<int> indices)
    {
        int s = src.SampleSize, n = src[0];
        var shape = (int[])src.Shape.Clone(); shape[0] = indices.Length;
        var dst = Tensor.Uninitialized(shape);
        for (int i = 0; i < indices.Length; i++)
        {
            int r = indices[i];
            if ((uint)r >= (uint)n) throw new ArgumentException($"sample index {r} outside 0..{n - 1}");
            src.Data.AsSpan(r * s, s).CopyTo(dst.Data.AsSpan(i * s, s));
        }
        return dst;
    }

    /// <summary>Samples [start, start+count) without reordering.</summary>
    public LabeledData Slice(int start, int count)
    {
        var idx = new int[count];
        for (int i = 0; i < count; i++) idx[i] = start + i;
        return Gather(idx);
    }
}
