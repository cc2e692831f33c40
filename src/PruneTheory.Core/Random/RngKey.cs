using System.Text;

namespace PruneTheory.Random;

/// <summary>
/// A 64-bit Philox key. Keys are derived JAX-style by folding in data, so every draw is a pure
/// function of (seed, claim id, trial index, stream name, ...) and never of scheduling.
/// </summary>
public readonly record struct RngKey(uint K0, uint K1)
{
    // "FOLD" tag in the counter keeps fold-in blocks disjoint from stream blocks (which use c2 = c3 = 0).
    private const uint FoldTag = 0x464F4C44;

    public static RngKey FromSeed(ulong seed) => new RngKey(0, 0).FoldIn(seed);

    public RngKey FoldIn(ulong data)
    {
        var b = Philox4x32.Block((uint)data, (uint)(data >> 32), FoldTag, 1u, K0, K1);
        return new RngKey(b.X, b.Y);
    }

    public RngKey FoldIn(long data) => FoldIn(unchecked((ulong)data));

    /// <summary>Folds in a label through a stable 64-bit FNV-1a hash of its UTF-8 bytes.</summary>
    public RngKey FoldIn(string label) => FoldIn(StableHash64(label));

    public RandomStream Stream() => new(this);

    public static ulong StableHash64(string s)
    {
        ulong h = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(s)) { h ^= b; h *= 1099511628211UL; }
        return h;
    }

    public override string ToString() => $"{K0:x8}{K1:x8}";
}
