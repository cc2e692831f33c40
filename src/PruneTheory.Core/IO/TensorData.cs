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

    public int Rank => Shape.Length;
    public long Count => Data.Length;
}
