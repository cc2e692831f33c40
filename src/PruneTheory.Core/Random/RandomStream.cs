namespace PruneTheory.Random;

/// <summary>
/// Sequential view of a counter-based stream. Each Next* call consumes whole blocks, so the j-th
/// draw is reproducible from (key, j) alone (a Gaussian pair shares one block).
/// Not thread-safe: give each thread its own stream, derived by <see cref="RngKey.FoldIn(ulong)"/>.
/// </summary>
public sealed class RandomStream(RngKey key)
{
    private ulong _block;
    private double _spareGaussian;
    private bool _hasSpare;

    public RngKey Key { get; } = key;
    public ulong BlocksUsed => _block;

    public UInt4 NextBlock() => Philox4x32.Block(Key, _block++);
    public uint NextUInt32() => NextBlock().X;
    public double NextDouble() => CounterDraws.Uniform01(NextBlock());
    public double NextUniform(double lo, double hi) => lo + (hi - lo) * NextDouble();

    /// <summary>Uniform integer in [0, n) by rejection-free multiply-shift on 64 bits (bias &lt; 2^-32 for n &lt; 2^32).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n));
        var b = NextBlock();
        ulong x = ((ulong)b.X << 32) | b.Y;
        return (int)(((UInt128)x * (ulong)n) >> 64);
    }

    public double NextGaussian()
    {
        if (_hasSpare) { _hasSpare = false; return _spareGaussian; }
        CounterDraws.GaussianPair(NextBlock(), out double g0, out _spareGaussian);
        _hasSpare = true;
        return g0;
    }

    public double NextCauchy() => CounterDraws.Cauchy(NextBlock());

    public void FillGaussian(Span<double> dst) { for (int i = 0; i < dst.Length; i++) dst[i] = NextGaussian(); }
    public void FillGaussian(Span<float> dst) { for (int i = 0; i < dst.Length; i++) dst[i] = (float)NextGaussian(); }
    public void FillUniform(Span<double> dst, double lo, double hi) { for (int i = 0; i < dst.Length; i++) dst[i] = NextUniform(lo, hi); }

    /// <summary>Fisher–Yates permutation of 0..n-1.</summary>
    public int[] Permutation(int n)
    {
        var p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) { int j = NextInt(i + 1); (p[i], p[j]) = (p[j], p[i]); }
        return p;
    }
}
