using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PruneTheory.Sparse;
using Xunit;

namespace PruneTheory.Tests.Sparse;

public class TopSelectorTests
{
    [Property(MaxTest = 200)]
    public Property KeepsExactlySAndMatchesFullSort(int[] raw, PositiveInt sRaw, PositiveInt chunkRaw, bool official)
    {
        // Small integer values give many ties and zeros, the interesting cases for determinism.
        var rule = official ? TopRule.Official : TopRule.Legacy;
        var x = raw.Select(v => (double)(v % 4)).ToArray();
        int s = sRaw.Get % (x.Length + 3);
        var candidates = Enumerable.Range(0, x.Length).Where(i => !official || x[i] != 0).OrderByDescending(i => Math.Abs(x[i]));
        var expected = (official ? candidates.ThenByDescending(i => i) : candidates.ThenBy(i => i)).Take(s).OrderBy(i => i).ToArray();

        int chunk = 1 + chunkRaw.Get % 5;
        var merged = new TopSelector(Math.Min(s, x.Length), rule);
        for (int lo = 0; lo < x.Length; lo += chunk)
        {
            var part = new TopSelector(Math.Min(s, x.Length), rule);
            for (int i = lo; i < Math.Min(x.Length, lo + chunk); i++) part.Offer(i, x[i]);
            merged.Merge(part);
        }
        var got = merged.ToSparse(x.Length);
        var serial = TopSelector.HardThreshold(x, s, rule);
        return (got.Count == expected.Length
                && got.Indices.SequenceEqual(expected)
                && serial.Indices.SequenceEqual(expected)
                && got.Indices.Zip(got.Values).All(p => p.Second == x[p.First]))
            .Label($"s={s} expected [{string.Join(",", expected)}] got [{string.Join(",", got.Indices)}]");
    }

    [Fact]
    public void OfficialTiesGoToTheLargerIndexZerosAreDroppedAndNaNIsKept()
    {
        Assert.Equal([2, 4], TopSelector.HardThreshold([1, -2, 2, 0, 2], 2).Indices); // default = official
        Assert.Equal([2], TopSelector.HardThreshold([0, 0, 3], 2).Indices);          // zero candidates take no slot
        Assert.Equal([1], TopSelector.HardThreshold([5, double.NaN, 1], 1).Indices);
    }

    [Fact]
    public void LegacyTiesGoToTheSmallerIndexAndZerosAreOffered()
    {
        Assert.Equal([1, 2], TopSelector.HardThreshold([1, -2, 2, 0, 2], 2, TopRule.Legacy).Indices);
        Assert.Equal([0, 2], TopSelector.HardThreshold([0, 0, 3], 2, TopRule.Legacy).Indices);
    }
}
