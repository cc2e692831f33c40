using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PruneTheory.Data;
using PruneTheory.Random;
using Xunit;

namespace PruneTheory.Tests.Data;

public class DatasetTests
{
    /// <summary>n images of 2×2 whose pixels encode the index, labels i mod 10.</summary>
    private static Dataset Numbered(int n) =>
        new("numbered", 2, 2,
            Enumerable.Range(0, n).SelectMany(i => Enumerable.Repeat((float)i, 4)).ToArray(),
            Enumerable.Range(0, n).Select(i => i % 10).ToArray());

    private static int[] Ids(Dataset d) => Enumerable.Range(0, d.Count).Select(i => (int)d.Image(i)[0]).ToArray();

    [Fact]
    public void FromIdx_scales_bytes_to_unit_interval()
    {
        var d = Dataset.FromIdx("t", new IdxArray([2, 1, 2], [0, 51, 255, 102]), new IdxArray([2], [3, 9]));
        Assert.Equal(new[] { 0f, 0.2f, 1f, 0.4f }, d.Images);
        Assert.Equal(new[] { 3, 9 }, d.Labels);
        Assert.Equal((1, 2, 2), (d.Rows, d.Cols, d.Features));
    }

    [Fact]
    public void Rejects_inconsistent_inputs()
    {
        Assert.Contains("label 10", Assert.Throws<ArgumentException>(() => Dataset.FromIdx("t", new IdxArray([1, 1, 1], [0]), new IdxArray([1], [10]))).Message);
        Assert.Contains("2 images but 1 labels", Assert.Throws<ArgumentException>(() => Dataset.FromIdx("t", new IdxArray([2, 1, 1], [0, 0]), new IdxArray([1], [1]))).Message);
        Assert.Throws<ArgumentException>(() => new Dataset("t", 2, 2, new float[3], [0]));
    }

    [Fact]
    public void Shuffle_is_a_deterministic_permutation_of_the_key()
    {
        var d = Numbered(500);
        var k = RngKey.FromSeed(7).FoldIn("shuffle");
        var a = d.Shuffle(k);
        var b = d.Shuffle(RngKey.FromSeed(7).FoldIn("shuffle"));
        var c = d.Shuffle(RngKey.FromSeed(8).FoldIn("shuffle"));
        Assert.Equal(Ids(a), Ids(b));
        Assert.NotEqual(Ids(a), Ids(c));
        Assert.Equal(Enumerable.Range(0, 500), Ids(a).Order());
        for (int i = 0; i < a.Count; i++) Assert.Equal(Ids(a)[i] % 10, a.Labels[i]);   // labels travel with images
        Assert.Equal(d.LabelHistogram(), a.LabelHistogram());
    }

    [Property(MaxTest = 50)]
    public Property Split_partitions_the_data_set() =>
        Prop.ForAll(
            (from n in Gen.Choose(0, 300) from v in Gen.Choose(0, n) from seed in Gen.Choose(0, 1000) select (n, v, seed)).ToArbitrary(),
            t =>
            {
                var (train, val) = Numbered(t.n).Split(RngKey.FromSeed((ulong)t.seed), t.v);
                var (train2, val2) = Numbered(t.n).Split(RngKey.FromSeed((ulong)t.seed), t.v);
                return val.Count == t.v && train.Count == t.n - t.v
                       && Ids(train).Concat(Ids(val)).Order().SequenceEqual(Enumerable.Range(0, t.n))
                       && Ids(train).SequenceEqual(Ids(train2)) && Ids(val).SequenceEqual(Ids(val2));
            });

    [Fact]
    public void Take_and_Select_copy_the_requested_examples()
    {
        var d = Numbered(20);
        Assert.Equal([0, 1, 2], Ids(d.Take(3)));
        Assert.Equal([5, 5, 19], Ids(d.Select([5, 5, 19])));
        Assert.Throws<ArgumentOutOfRangeException>(() => d.Select([20]));
        Assert.Throws<ArgumentOutOfRangeException>(() => d.Take(21));
    }
}
