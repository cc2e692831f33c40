using PruneTheory.IO;

namespace PruneTheory.Networks;

/// <summary>
/// A mutable dense float32 tensor in row-major order; activations are batch-first ([N, F] or
/// [N, C, H, W]), weights use PyTorch layouts ([out, in] and [out, in, kh, kw]).
/// </summary>
public sealed class Tensor
{
    public int[] Shape { get; }
    public float[] Data { get; }

    public Tensor(params int[] shape) : this(shape, new float[CountOf(shape)]) { }

    public Tensor(int[] shape, float[] data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        if (CountOf(shape) != data.Length)
            throw new ArgumentException($"shape [{string.Join(",", shape)}] needs {CountOf(shape)} values, got {data.Length}");
        Shape = shape; Data = data;
    }

    /// <summary>A tensor whose contents are garbage: only for outputs that are overwritten completely (skips zeroing).</summary>
    public static Tensor Uninitialized(params int[] shape) => new(shape, GC.AllocateUninitializedArray<float>(CountOf(shape)));

    public int Length => Data.Length;
    public int Rank => Shape.Length;
    public int this[int dim] => Shape[dim];

    /// <summary>Elements per batch item (product of all dimensions but the first).</summary>
    public int SampleSize => Shape.Length == 0 ? 1 : (Shape[0] == 0 ? 0 : Data.Length / Shape[0]);

    /// <summary>Same data, new shape (no copy). O(rank).</summary>
    public Tensor Reshape(params int[] shape) => new(shape, Data);

    public Tensor Clone() => new((int[])Shape.Clone(), (float[])Data.Clone());

    public TensorData ToTensorData() => new((int[])Shape.Clone(), (float[])Data.Clone());

    public static Tensor From(TensorData t) => new((int[])t.Shape.Clone(), (float[])t.Data.Clone());

    public bool SameShape(Tensor other) => Shape.AsSpan().SequenceEqual(other.Shape);

    public string ShapeText => "[" + string.Join(",", Shape) + "]";

    public static int CountOf(int[] shape)
    {
        long n = 1;
        foreach (int s in shape)
        {
            if (s < 0) throw new ArgumentException($"negative dimension in shape [{string.Join(",", shape)}]");
            n *= s;
        }
        if (n > int.MaxValue) throw new ArgumentException($"shape [{string.Join(",", shape)}] has more than 2^31 elements");
        return (int)n;
    }

    /// <summary>Throws unless this tensor has the given rank (with a message naming the layer).</summary>
    internal void RequireRank(int rank, string who)
    {
        if (Rank != rank) throw new ArgumentException($"{who} expects a rank-{rank} input, got shape {ShapeText}");
    }
}
