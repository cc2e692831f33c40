namespace PruneTheory.Random;

/// <summary>Four 32-bit words: a Philox counter or output block.</summary>
public readonly record struct UInt4(uint X, uint Y, uint Z, uint W);

/// <summary>
/// Philox4x32-10 (Salmon et al., SC'11): a counter-based generator, so the n-th block of a stream
/// is a pure function of (key, n). Written with scalar arithmetic only, so the same code compiles
/// inside ILGPU kernels and gives bit-identical numbers on CPU and GPU. O(1) per block.
/// </summary>
public static class Philox4x32
{
    private const uint M0 = 0xD2511F53, M1 = 0xCD9E8D57;
    private const uint W0 = 0x9E3779B9, W1 = 0xBB67AE85;

    public static UInt4 Block(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1)
    {
        for (int round = 0; round < 10; round++)
        {
            if (round > 0) { k0 += W0; k1 += W1; }
            ulong p0 = (ulong)M0 * c0;
            ulong p1 = (ulong)M1 * c2;
            uint hi0 = (uint)(p0 >> 32), lo0 = (uint)p0;
            uint hi1 = (uint)(p1 >> 32), lo1 = (uint)p1;
            uint n0 = hi1 ^ c1 ^ k0;
            uint n2 = hi0 ^ c3 ^ k1;
            c0 = n0; c1 = lo1; c2 = n2; c3 = lo0;
        }
        return new UInt4(c0, c1, c2, c3);
    }

    /// <summary>Block number <paramref name="index"/> of the stream with this key (counter = index, 0).</summary>
    public static UInt4 Block(RngKey key, ulong index) =>
        Block((uint)index, (uint)(index >> 32), 0u, 0u, key.K0, key.K1);
}
