using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PruneTheory.Numerics;
using PruneTheory.Random;
using Xunit;

namespace PruneTheory.Tests.Numerics;

public class GemmTests
{
    public sealed record Case(int M, int N, int K, bool TA, bool TB, int PadA, int PadB, int PadC, float Alpha, float Beta, int Seed);

    private static readonly Gen<Case> Cases =
        from m in Gen.Choose(1, 160) from n in Gen.Choose(1, 300) from k in Gen.Choose(0, 290)
        from ta in ArbMap.Default.GeneratorFor<bool>() from tb in ArbMap.Default.GeneratorFor<bool>()
        from pa in Gen.Choose(0, 3) from pb in Gen.Choose(0, 3) from pc in Gen.Choose(0, 3)
        from alpha in Gen.Elements(1f, -0.5f, 2f) from beta in Gen.Elements(0f, 1f, 0.25f)
        from seed in Gen.Choose(0, 1_000_000)
        select new Case(m, n, k, ta, tb, pa, pb, pc, alpha, beta, seed);

    /// <summary>Random operands with row strides ld = cols + pad; returns (array, ld).</summary>
    private static (float[] X, int Ld) Random(RandomStream rng, int rows, int cols, int pad)
    {
        int ld = cols + pad;
        var x = new float[Math.Max(0, rows * ld)];
        rng.FillGaussian(x);
        return (x, Math.Max(1, ld));
    }

    [Property(MaxTest = 40)]
    public Property MatchesDoubleReference() => Prop.ForAll(Cases.ToArbitrary(), cs =>
    {
        var rng = RngKey.FromSeed((ulong)cs.Seed).Stream();
        var (a, lda) = cs.TA ? Random(rng, cs.K, cs.M, cs.PadA) : Random(rng, cs.M, cs.K, cs.PadA);
        var (b, ldb) = cs.TB ? Random(rng, cs.N, cs.K, cs.PadB) : Random(rng, cs.K, cs.N, cs.PadB);
        var (c, ldc) = Random(rng, cs.M, cs.N, cs.PadC);
        var c0 = (float[])c.Clone();
        Gemm.Multiply(cs.TA, cs.TB, cs.M, cs.N, cs.K, cs.Alpha, a, lda, b, ldb, cs.Beta, c, ldc);
        for (int i = 0; i < cs.M; i++)
            for (int j = 0; j < cs.N; j++)
            {
                double s = 0, mag = 0;
                for (int p = 0; p < cs.K; p++)
                {
                    double x = cs.TA ? a[p * lda + i] : a[i * lda + p];
                    double y = cs.TB ? b[j * ldb + p] : b[p * ldb + j];
                    s += x * y; mag += Math.Abs(x * y);
                }
                double expect = cs.Alpha * s + cs.Beta * c0[i * ldc + j];
                double tol = 1e-6 * (cs.K + 2) * (Math.Abs(cs.Alpha) * mag + Math.Abs(cs.Beta * c0[i * ldc + j])) + 1e-6;
                if (Math.Abs(c[i * ldc + j] - expect) > tol) return false;
            }
        // padding columns of C are never written
        for (int i = 0; i < cs.M; i++)
            for (int j = cs.N; j < ldc; j++)
                if (c[i * ldc + j] != c0[i * ldc + j]) return false;
        return true;
    });

    [Property(MaxTest = 15)]
    public Property ThreadCountNeverChangesBits() => Prop.ForAll(Cases.ToArbitrary(), cs =>
    {
        var rng = RngKey.FromSeed((ulong)cs.Seed).Stream();
        var (a, lda) = cs.TA ? Random(rng, cs.K, cs.M, cs.PadA) : Random(rng, cs.M, cs.K, cs.PadA);
        var (b, ldb) = cs.TB ? Random(rng, cs.N, cs.K, cs.PadB) : Random(rng, cs.K, cs.N, cs.PadB);
        var (c1, ldc) = Random(rng, cs.M, cs.N, cs.PadC);
        var c2 = (float[])c1.Clone();
        Gemm.Multiply(cs.TA, cs.TB, cs.M, cs.N, cs.K, cs.Alpha, a, lda, b, ldb, cs.Beta, c1, ldc, maxThreads: 1);
        Gemm.Multiply(cs.TA, cs.TB, cs.M, cs.N, cs.K, cs.Alpha, a, lda, b, ldb, cs.Beta, c2, ldc, maxThreads: 3);
        return c1.AsSpan().SequenceEqual(c2);
    });

    [Theory]
    [InlineData(300, 530, 600, false, false)]
    [InlineData(257, 129, 513, true, false)]
    [InlineData(150, 300, 260, false, true)]
    [InlineData(145, 257, 300, true, true)]
    public void BitIdenticalForAnyThreadCount(int m, int n, int k, bool ta, bool tb)
    {
        var rng = RngKey.FromSeed(7).Stream();
        var a = new float[m * k]; var b = new float[k * n]; rng.FillGaussian(a); rng.FillGaussian(b);
        var c1 = new float[m * n]; rng.FillGaussian(c1);
        var c2 = (float[])c1.Clone(); var c3 = (float[])c1.Clone();
        Gemm.Multiply(ta, tb, m, n, k, 1.5f, a, b, 0.5f, c1, maxThreads: 1);
        Gemm.Multiply(ta, tb, m, n, k, 1.5f, a, b, 0.5f, c2, maxThreads: 2);
        Gemm.Multiply(ta, tb, m, n, k, 1.5f, a, b, 0.5f, c3, maxThreads: 5);
        Assert.Equal(c1, c2);
        Assert.Equal(c1, c3);
    }

    [Fact]
    public void BenchmarkSizedProductMatchesSampledDoubleReference()
    {
        // The size `bench` reports on: many cache blocks in every direction.
        const int n = 1024;
        var rng = RngKey.FromSeed(11).Stream();
        var a = new float[n * n]; var b = new float[n * n]; var c = new float[n * n];
        rng.FillGaussian(a); rng.FillGaussian(b);
        Gemm.Multiply(false, false, n, n, n, 1f, a, b, 0f, c);
        for (int t = 0; t < 300; t++)
        {
            int i = rng.NextInt(n), j = rng.NextInt(n);
            double expected = 0, scale = 0;
            for (int p = 0; p < n; p++) { expected += (double)a[i * n + p] * b[p * n + j]; scale += Math.Abs((double)a[i * n + p] * b[p * n + j]); }
            Assert.True(Math.Abs(c[i * n + j] - expected) <= 1e-5 * scale, $"C[{i},{j}] = {c[i * n + j]}, expected {expected}");
        }
    }

    /// <summary>
    /// The contract that keeps trained networks bit-identical across kernel changes (register tile, packing,
    /// threads): per element, C ← β·C, then for each k block of <c>Gemm.KC</c> in order, acc = one float32 FMA per p
    /// from 0 and C ← fma(α, acc, C). Any kernel variant must reproduce this scalar emulation bit for bit.
    /// </summary>
    [Property(MaxTest = 25)]
    public Property EqualsTheFixedOperationOrderBitForBit() => Prop.ForAll(Cases.ToArbitrary(), cs =>
    {
        var rng = RngKey.FromSeed((ulong)cs.Seed).Stream();
        int k = cs.K + (cs.Seed % 2 == 0 ? Gemm.KC : 0); // also cross a k-block boundary
        var (a, lda) = cs.TA ? Random(rng, k, cs.M, cs.PadA) : Random(rng, cs.M, k, cs.PadA);
        var (b, ldb) = cs.TB ? Random(rng, cs.N, k, cs.PadB) : Random(rng, k, cs.N, cs.PadB);
        var (c, ldc) = Random(rng, cs.M, cs.N, cs.PadC);
        var expected = (float[])c.Clone();
        Gemm.Multiply(cs.TA, cs.TB, cs.M, cs.N, k, cs.Alpha, a, lda, b, ldb, cs.Beta, c, ldc);
        for (int i = 0; i < cs.M; i++)
            for (int j = 0; j < cs.N; j++)
            {
                float e = cs.Beta == 0f ? 0f : cs.Beta == 1f ? expected[i * ldc + j] : expected[i * ldc + j] * cs.Beta;
                for (int p0 = 0; p0 < k; p0 += Gemm.KC)
                {
                    float acc = 0f;
                    for (int p = p0; p < Math.Min(k, p0 + Gemm.KC); p++)
                        acc = MathF.FusedMultiplyAdd(cs.TA ? a[p * lda + i] : a[i * lda + p], cs.TB ? b[j * ldb + p] : b[p * ldb + j], acc);
                    e = MathF.FusedMultiplyAdd(cs.Alpha, acc, e);
                }
                if (BitConverter.SingleToInt32Bits(e) != BitConverter.SingleToInt32Bits(c[i * ldc + j])) return false;
            }
        return true;
    });

    [Fact]
    public void BetaZeroOverwritesNaN()
    {
        var c = new[] { float.NaN, float.NaN, float.NaN, float.NaN };
        Gemm.Multiply(false, false, 2, 2, 1, 1f, new[] { 1f, 2f }, new[] { 3f, 4f }, 0f, c);
        Assert.Equal(new[] { 3f, 4f, 6f, 8f }, c);
    }

    [Fact]
    public void RejectsShortBuffers()
    {
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 2, 2, 2, 1f, new float[3], new float[4], 0f, new float[4]));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, 2, 2, 2, 1f, new float[4], new float[4], 0f, new float[3]));
        Assert.Throws<ArgumentException>(() => Gemm.Multiply(false, false, -1, 2, 2, 1f, new float[4], new float[4], 0f, new float[4]));
    }
}
