using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PruneTheory.Random;
using Xunit;

namespace PruneTheory.Tests.Random;

public class PhiloxTests
{
    // Known-answer vectors of Random123's kat_vectors (philox4x32 10: counter[4], key[2] -> output[4]).
    [Theory]
    [InlineData(0u, 0u, 0u, 0u, 0u, 0u, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u)]
    [InlineData(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu)]
    [InlineData(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0xa4093822u, 0x299f31d0u, 0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u)]
    public void Matches_published_known_answers(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1, uint o0, uint o1, uint o2, uint o3) =>
        Assert.Equal(new UInt4(o0, o1, o2, o3), Philox4x32.Block(c0, c1, c2, c3, k0, k1));

    [Property]
    public bool Stream_draw_j_is_a_pure_function_of_key_and_j(ulong seed, byte skip)
    {
        var key = RngKey.FromSeed(seed);
        var s = key.Stream();
        for (int i = 0; i < skip; i++) s.NextDouble();
        return s.NextDouble() == CounterDraws.Uniform01(Philox4x32.Block(key, skip));
    }

    [Property]
    public bool Uniforms_lie_in_unit_interval(ulong seed)
    {
        var s = RngKey.FromSeed(seed).Stream();
        for (int i = 0; i < 100; i++)
        {
            double u = s.NextDouble();
            if (!(u >= 0 && u < 1)) return false;
        }
        return true;
    }

    [Property]
    public bool Different_labels_give_different_keys(ulong seed, NonEmptyString a, NonEmptyString b) =>
        a.Get == b.Get || RngKey.FromSeed(seed).FoldIn(a.Get) != RngKey.FromSeed(seed).FoldIn(b.Get);

    [Fact]
    public void Gaussian_and_cauchy_moments_are_right()
    {
        var s = RngKey.FromSeed(7).Stream();
        const int n = 200_000;
        double sum = 0, sq = 0;
        int cauchyInside = 0;
        for (int i = 0; i < n; i++)
        {
            double g = s.NextGaussian();
            sum += g; sq += g * g;
            if (Math.Abs(s.NextCauchy()) <= 1) cauchyInside++;
        }
        Assert.InRange(sum / n, -0.01, 0.01);          // sd of the mean = 0.0022
        Assert.InRange(sq / n, 0.985, 1.015);           // sd of the variance estimate = 0.0032
        Assert.InRange((double)cauchyInside / n, 0.495, 0.505); // P(|C| <= 1) = 1/2, sd 0.0011
    }

    [Property]
    public bool Permutation_is_a_permutation(ulong seed, byte size)
    {
        var p = RngKey.FromSeed(seed).Stream().Permutation(size);
        return p.Order().SequenceEqual(Enumerable.Range(0, size));
    }
}
