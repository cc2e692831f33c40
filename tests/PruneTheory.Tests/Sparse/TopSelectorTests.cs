using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PruneTheory.Sparse;
using Xunit;

namespace PruneTheory.Tests.Sparse;

public class TopSelectorTests
{
    [Property(MaxTest = 200)]
    public Property KeepsExactlySAndMatchesFullSort(int[] raw, PositiveInt sRaw, PositiveInt chunkRaw)
    {
        // Small integer values give many ties, the interesting case for determinism.
        var x = raw.Select(v => (double)(v % 4)).ToArray();
        int s = sRaw.Get % (x.Length + 3);
        var expected = Enumerable.Range(0, x.Length)
            .OrderByDescending(i => Math.Abs(x[i])).ThenBy(i => i).Take(s).OrderBy(i => i).ToArray();

        int chunk = 1 + chunkRaw.Get % 5;
        var merged = new TopSelector(Math.Min(s, x.Length));
        for (int lo = 0; lo < x.Length; lo += chunk)
        {
            var part = new TopSelector(Math.Min(s, x.Length));
            for (int i = lo; i < Math.Min(x.Length, lo + chunk); i++) part.Offer(i, x[i]);
            merged.Merge(part);
        }
        var got = merged.ToSparse(x.Length);
        var serial = TopSelector.HardThreshold(x, s);
        return (got.Count == Math.Min(s, x.Length)
                && got.Indices.SequenceEqual(expected)
                && serial.Indices.SequenceEqual(expected)
                && got.Indices.Zip(got.Values).All(p => p.Second == x[p.First]))
            .Label($"s={s} expected [{string.Join(",", expected)}] got [{string.Join(",", got.Indices)}]");
    }

    [Fact]
    public void TiesGoToTheSmallerIndexAndNaNIsKept()
    {
        var kept = TopSelector.HardThreshold([1, -2, 2, 0, 2], 2);
        Assert.Equal([1, 2], kept.Indices);
        var withNaN = TopSelector.HardThreshold([5, double.NaN, 1], 1);
        Assert.Equal([1], withNaN.Indices);
    }
}
