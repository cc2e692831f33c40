using FsCheck.Xunit;
using PruneTheory.Theory.SubsetSum;
using Xunit;

namespace PruneTheory.Tests.Theory;

public class SubsetSumTests
{
    private static double[] Sample(int seed, int n, int lawIndex) =>
        RssSamples.Draw(TheoryFixtures.Key(seed, "x"), n, (RssDistribution)((lawIndex & int.MaxValue) % 3));

    [Property(MaxTest = 60)]
    public void Meet_in_the_middle_equals_brute_force(int seed, int law, double rawZ)
    {
        int n = (int)((uint)seed % 15);
        var x = Sample(seed, n, law);
        double z = double.IsFinite(rawZ) ? rawZ % 3 : 0.5;
        var (err, mask) = SubsetSumError.SingleTarget(x, z);
        Assert.Equal(SubsetSumError.SingleTargetBruteForce(x, z), err, 1e-12);
        double sum = 0; for (int i = 0; i < n; i++) if ((mask >> i & 1) != 0) sum += x[i];
        Assert.Equal(err, Math.Abs(z - sum), 1e-12);
    }

    [Property(MaxTest = 30)]
    public void Schroeppel_Shamir_equals_meet_in_the_middle(int seed, int law, double rawZ)
    {
        int n = 4 + (int)((uint)seed % 21);
        var x = Sample(seed, n, law);
        double z = double.IsFinite(rawZ) ? rawZ % 3 : -0.7;
        var (err, mask) = SchroeppelShamir.SingleTarget(x, z);
        Assert.Equal(SubsetSumError.SingleTarget(x, z).Error, err, 1e-12);
        double sum = 0; for (int i = 0; i < n; i++) if ((mask >> i & 1) != 0) sum += x[i];
        Assert.Equal(err, Math.Abs(z - sum), 1e-12);
    }

    [Property(MaxTest = 15)]
    public void Exact_cover_matches_a_fine_grid_and_the_counting_bound(int seed, int law)
    {
        int n = 1 + (int)((uint)seed % 12);
        var x = Sample(seed, n, law);
        double exact = SubsetSumError.Cover(x);
        var sums = Sumset.Sorted(x);
        const int grid = 1_000_000; double h = 2.0 / grid, g = 0;
        for (int i = 0; i <= grid; i++) g = Math.Max(g, Sumset.Distance(sums, -1 + i * h));
        Assert.True(g <= exact + 1e-12 && exact - g <= h, $"grid {g} vs exact {exact}");
        Assert.True(exact >= Math.Pow(2, -n), $"cover {exact} below 2^-{n}");
    }

    [Property(MaxTest = 20)]
    public void Sumset_is_sorted_with_correct_masks(int seed)
    {
        int n = (int)((uint)seed % 10);
        var x = Sample(seed, n, seed);
        var (s, m) = Sumset.SortedWithMasks(x, 3);
        Assert.Equal(1 << n, s.Length);
        for (int j = 0; j < s.Length; j++)
        {
            if (j > 0) Assert.True(s[j - 1] <= s[j]);
            double sum = 0; for (int i = 0; i < n; i++) if ((m[j] >> (i + 3) & 1) != 0) sum += x[i];
            Assert.Equal(sum, s[j], 1e-12);
        }
        Assert.Equal(1 << n, m.Distinct().Count());
    }
}
