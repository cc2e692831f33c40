using System.IO.Compression;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PruneTheory.Data;
using Xunit;

namespace PruneTheory.Tests.Data;

public class IdxTests
{
    // 2 images of 1×3 pixels: magic 00 00 08 03, dims 2, 1, 3 big-endian, then 6 bytes.
    private static readonly byte[] Tiny = [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 3, 0, 51, 255, 1, 2, 3];

    [Fact]
    public void Parses_a_hand_made_file()
    {
        var a = Idx.Parse(Tiny, "tiny");
        Assert.Equal([2, 1, 3], a.Dims);
        Assert.Equal(new byte[] { 0, 51, 255, 1, 2, 3 }, a.Data);
        Assert.Equal(Tiny, Idx.Serialize(a));
    }

    [Fact]
    public void Reads_gzip_and_raw_files_alike()
    {
        using var tmp = new TempDir();
        string raw = tmp.File("x-idx3-ubyte"), gz = tmp.File("x-idx3-ubyte.gz"), misnamed = tmp.File("gz-without-suffix");
        File.WriteAllBytes(raw, Tiny);
        using (var f = File.Create(gz)) using (var z = new GZipStream(f, CompressionLevel.Optimal)) z.Write(Tiny);
        File.Copy(gz, misnamed);
        Assert.Equal(Tiny[16..], Idx.Read(raw).Data);
        Assert.Equal(Tiny[16..], Idx.Read(gz).Data);
        Assert.Equal(Tiny[16..], Idx.Read(misnamed).Data);   // detected by content, not name
        var a = Idx.Read(gz);
        Idx.Write(tmp.File("w.gz"), a);
        Idx.Write(tmp.File("w"), a, gzip: false);
        Assert.Equal(Tiny, File.ReadAllBytes(tmp.File("w")));
        Assert.Equal(a.Data, Idx.Read(tmp.File("w.gz")).Data);
    }

    public static TheoryData<string, byte[], string> Bad => new()
    {
        { "bad magic", [0x1A, 0x2B, 8, 1, 0, 0, 0, 0], "bad magic number 0x1A2B0801" },
        { "float elements", [0, 0, 0x0D, 1, 0, 0, 0, 0], "element type 0x0D is not supported" },
        { "too short", [0, 0], "truncated" },
        { "header cut", [0, 0, 8, 3, 0, 0, 0, 2], "truncated" },
        { "data cut", Tiny[..^1], "need 6 data bytes, only 5" },
        { "trailing bytes", [.. Tiny, 9], "1 trailing bytes" },
        { "zero dimensions", [0, 0, 8, 0], "zero dimensions" },
    };

    [Theory]
    [MemberData(nameof(Bad))]
    public void Malformed_files_raise_clear_errors(string what, byte[] bytes, string fragment)
    {
        var ex = Assert.Throws<InvalidDataException>(() => Idx.Parse(bytes, "f.idx"));
        Assert.True(ex.Message.Contains("f.idx") && ex.Message.Contains(fragment), $"{what}: {ex.Message}");
    }

    [Fact]
    public void Corrupt_gzip_is_reported()
    {
        byte[] gz;
        using (var ms = new MemoryStream())
        {
            using (var z = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true)) z.Write(Tiny);
            gz = ms.ToArray();
        }
        gz[12] ^= 0xFF; gz[13] ^= 0xFF;
        var ex = Assert.Throws<InvalidDataException>(() => Idx.Read(new MemoryStream(gz), "c.gz"));
        Assert.Contains("c.gz", ex.Message);
    }

    [Fact]
    public void Missing_file_names_it() =>
        Assert.Contains("/no/such.idx", Assert.Throws<FileNotFoundException>(() => Idx.Read("/no/such.idx")).Message);

    [Property(MaxTest = 100)]
    public Property Serialize_then_parse_is_identity() =>
        Prop.ForAll(
            (from rank in Gen.Choose(1, 3)
             from dims in Gen.Choose(0, 5).ArrayOf(rank)
             from data in Gen.Choose(0, 255).Select(i => (byte)i).ArrayOf(dims.Aggregate(1, (a, b) => a * b))
             select new IdxArray(dims, data)).ToArbitrary(),
            a =>
            {
                var b = Idx.Parse(Idx.Serialize(a), "prop");
                return b.Dims.SequenceEqual(a.Dims) && b.Data.SequenceEqual(a.Data);
            });
}
