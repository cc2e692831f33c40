namespace PruneTheory.IO;

/// <summary>
/// A named-free dense float32 tensor in row-major (C) order, as stored in safetensors and PyTorch
/// state dicts. Models expose their parameters as name → TensorData maps.
/// </summary>
public sealed record TensorData
{
    public int[] Shape { get; }
    public float[] Data { get; }

    public TensorData(int[] shape, float[] data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        long count = 1;
        foreach (int s in shape)
        {
            if (s < 0) throw new ArgumentException($"negative dimension in shape [{string.Join(",", shape)}]");
            count *= s;
        }
        if (count != data.Length)
            throw new ArgumentException($"shape [{string.Join(",", shape)}] needs {count} values, got {data.Length}");
        Shape = shape; Data = data;
    }

    /// <summary>
    /// The exact values of an integer tensor (safetensors I64, I32, I16, I8, U8 or BOOL, e.g. BatchNorm's
    /// num_batches_tracked), kept so that it is written back in its own dtype; null for floating-point tensors.
    /// <see cref="Data"/> holds the same values as float32.
    /// </summary>
    public long[]? Integers { get; init; }

    /// <summary>The dtype the tensor is written in: F32 for floating-point data, else the integer dtype it was read as.</summary>
    public string DType { get; init; } = "F32";

    /// <summary>An integer tensor of the given dtype (I64, I32, I16, I8, U8, BOOL). O(n).</summary>
    public static TensorData OfIntegers(int[] shape, long[] values, string dtype = "I64")
    {
        if (SafetensorsDType.IntegerSize(dtype) == 0) throw new ArgumentException($"{dtype} is not an integer dtype");
        return new TensorData(shape, values.Select(v => (float)v).ToArray()) { Integers = values, DType = dtype };
    }

    public int Rank => Shape.Length;
    public long Count => Data.Length;
}
