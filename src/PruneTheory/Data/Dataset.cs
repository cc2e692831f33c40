using PruneTheory.Random;

namespace PruneTheory.Data;

/// <summary>
/// An image-classification data set held in memory: <see cref="Count"/> grey-scale images of
/// <see cref="Rows"/>×<see cref="Cols"/> pixels as float32 in [0, 1] (byte / 255), row-major and
/// flattened (image i is Images[i*Features .. (i+1)*Features)), and integer labels in [0, Classes).
/// Immutable by convention: the operations below return new data sets.
/// </summary>
public sealed class Dataset
{
    public string Name { get; }
    public int Rows { get; }
    public int Cols { get; }
    public int Classes { get; }
    public float[] Images { get; }
    public int[] Labels { get; }

    public int Count => Labels.Length;
    public int Features => Rows * Cols;

    public Dataset(string name, int rows, int cols, float[] images, int[] labels, int classes = 10)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (rows <= 0 || cols <= 0) throw new ArgumentException($"image size {rows}x{cols} must be positive");
        if (classes <= 0) throw new ArgumentException($"classes must be positive, got {classes}");
        if ((long)labels.Length * rows * cols != images.Length)
            throw new ArgumentException($"{labels.Length} labels of {rows}x{cols} images need {(long)labels.Length * rows * cols} pixels, got {images.Length}");
        for (int i = 0; i < labels.Length; i++)
            if ((uint)labels[i] >= (uint)classes)
                throw new ArgumentException($"{name}: label {labels[i]} of example {i} is outside [0, {classes})");
        Name = name; Rows = rows; Cols = cols; Images = images; Labels = labels; Classes = classes;
    }

    /// <summary>Builds a data set from uint8 IDX arrays (images N×rows×cols, labels N), pixels scaled by 1/255. O(N·rows·cols).</summary>
    public static Dataset FromIdx(string name, IdxArray images, IdxArray labels, int classes = 10)
    {
        if (images.Dims.Length != 3)
            throw new ArgumentException($"{name}: images must be N×rows×cols, got dims [{string.Join(",", images.Dims)}]");
        if (labels.Dims.Length != 1)
            throw new ArgumentException($"{name}: labels must be one-dimensional, got dims [{string.Join(",", labels.Dims)}]");
        if (images.Dims[0] != labels.Dims[0])
            throw new ArgumentException($"{name}: {images.Dims[0]} images but {labels.Dims[0]} labels");
        var pixels = new float[images.Data.Length];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = images.Data[i] / 255f;
        var y = new int[labels.Data.Length];
        for (int i = 0; i < y.Length; i++) y[i] = labels.Data[i];
        return new Dataset(name, images.Dims[1], images.Dims[2], pixels, y, classes);
    }

    /// <summary>Loads an images/labels pair of IDX files (raw or gzip). O(file sizes).</summary>
    public static Dataset LoadIdx(string name, string imagesPath, string labelsPath, int classes = 10) =>
        FromIdx(name, Idx.Read(imagesPath), Idx.Read(labelsPath), classes);

    /// <summary>The pixels of example <paramref name="i"/>. O(1).</summary>
    public ReadOnlySpan<float> Image(int i) => Images.AsSpan(i * Features, Features);

    /// <summary>The examples at <paramref name="indices"/>, in that order (repeats allowed). O(k·features).</summary>
    public Dataset Select(IReadOnlyList<int> indices, string? name = null)
    {
        int f = Features;
        var images = new float[(long)indices.Count * f];
        var labels = new int[indices.Count];
        for (int k = 0; k < indices.Count; k++)
        {
            int i = indices[k];
            if ((uint)i >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(indices), $"index {i} outside [0, {Count})");
            Array.Copy(Images, (long)i * f, images, (long)k * f, f);
            labels[k] = Labels[i];
        }
        return new Dataset(name ?? Name, Rows, Cols, images, labels, Classes);
    }

    /// <summary>The first <paramref name="n"/> examples in stored order (not a random sample: shuffle first if order matters). O(n·features).</summary>
    public Dataset Take(int n)
    {
        if (n < 0 || n > Count) throw new ArgumentOutOfRangeException(nameof(n), $"cannot take {n} of {Count} examples");
        return Select(Enumerable.Range(0, n).ToArray(), $"{Name}[:{n}]");
    }

    /// <summary>A permutation of 0..Count-1 that is a pure function of <paramref name="key"/> (Philox Fisher–Yates). O(Count).</summary>
    public int[] Permutation(RngKey key) => key.Stream().Permutation(Count);

    /// <summary>The examples in the order of <see cref="Permutation"/>. O(Count·features).</summary>
    public Dataset Shuffle(RngKey key) => Select(Permutation(key), Name);

    /// <summary>
    /// Deterministic train/validation split: the first <paramref name="validationCount"/> examples of
    /// <see cref="Permutation"/>(<paramref name="key"/>) form the validation set, the rest (in
    /// permuted order) the training set. Disjoint, and together exactly this data set. O(Count·features).
    /// </summary>
    public (Dataset Train, Dataset Validation) Split(RngKey key, int validationCount)
    {
        if (validationCount < 0 || validationCount > Count)
            throw new ArgumentOutOfRangeException(nameof(validationCount), $"cannot hold out {validationCount} of {Count} examples");
        var p = Permutation(key);
        return (Select(p[validationCount..], $"{Name}/train"), Select(p[..validationCount], $"{Name}/validation"));
    }

    /// <summary>Number of examples of each class. O(Count).</summary>
    public int[] LabelHistogram()
    {
        var h = new int[Classes];
        foreach (int y in Labels) h[y]++;
        return h;
    }

    public override string ToString() => $"{Name}: {Count} images {Rows}x{Cols}, {Classes} classes";
}
