namespace PruneTheory.Sparse;

/// <summary>
/// IMP's dense working memory (spec §3.5), counted analytically: every parameter of
/// Linear(d,m)→ReLU→[Linear(m,m)→ReLU]×(L−1)→Linear(m,c) is held in six dense arrays — weights, the
/// rewind copy, the mask, the gradient and Adam's two moments — whatever the sparsity. O(dm).
/// </summary>
public static class ImpMemoryModel
{
    public const int DenseArrays = 6;

    public static long Parameters(int d, int m, int outputs = 1, int hiddenLayers = 1)
    {
        if (d <= 0 || m <= 0 || outputs <= 0 || hiddenLayers <= 0) throw new ArgumentException("all sizes must be positive");
        return (long)d * m + (long)m * m * (hiddenLayers - 1) + (long)m * outputs;
    }

    public static long Bytes(int d, int m, int outputs = 1, int hiddenLayers = 1, int bytesPerValue = 8) =>
        DenseArrays * bytesPerValue * Parameters(d, m, outputs, hiddenLayers);
}
