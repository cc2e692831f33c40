using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using PruneTheory.Data;
using PruneTheory.IO;
using PruneTheory.ProofsSim.Cli;
using PruneTheory.Pruning.BiasCompensation;
using PruneTheory.Random;
using PruneTheory.Tests.Support;
using Xunit;

namespace PruneTheory.Tests.Reliability;

/// <summary>
/// Hostile input files: IDX gzip bombs, trailing garbage and truncations; safetensors truncations and non-UTF-8
/// headers through `prune`; NaN calibration data; the pixel convention taken from the model's metadata.
/// </summary>
[Collection("console")]
public class InputFileTests
{
    private static byte[] Gzip(byte[] raw)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(raw);
        return ms.ToArray();
    }

    private static byte[] IdxBytes(int n) => Idx.Serialize(new IdxArray([n], Enumerable.Range(0, n).Select(i => (byte)i).ToArray()));

    [Fact]
    public void A_gzip_bomb_stops_at_the_declared_size()
    {
        // Header says 16 bytes; the stream inflates to 64 MB of zeros after it.
        var raw = new byte[8 + (64 << 20)];
        raw[2] = Idx.UnsignedByte; raw[3] = 1;
        BinaryPrimitives.WriteInt32BigEndian(raw.AsSpan(4), 16);
        var bomb = Gzip(raw);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(new MemoryStream(bomb), "bomb.gz"));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("more than the 16 data bytes", e.Message);
        Assert.InRange(allocated, 0, 8L << 20); // the compressed file and a few buffers, never the 64 MB
    }

    [Fact]
    public void A_header_declaring_more_than_the_limit_is_refused()
    {
        var raw = new byte[16];
        raw[2] = Idx.UnsignedByte; raw[3] = 3;
        for (int i = 0; i < 3; i++) BinaryPrimitives.WriteInt32BigEndian(raw.AsSpan(4 + 4 * i), 100_000);
        Assert.Contains("more than", Assert.Throws<InvalidDataException>(() => Idx.Read(new MemoryStream(Gzip(raw)), "huge.gz")).Message);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("garbage after the stream")]
    [InlineData("\u001f\u008b")]
    public void Trailing_bytes_after_the_gzip_stream_are_refused(string tail)
    {
        var file = Gzip(IdxBytes(100)).Concat(Encoding.Latin1.GetBytes(tail)).ToArray();
        Assert.Throws<InvalidDataException>(() => Idx.Read(new MemoryStream(file), "tail.gz"));
    }

    [Fact]
    public void A_second_gzip_member_is_refused_and_a_clean_file_reads()
    {
        var one = Gzip(IdxBytes(100));
        Assert.Equal(100, Idx.Read(new MemoryStream(one), "ok.gz").Data.Length);
        Assert.Throws<InvalidDataException>(() => Idx.Read(new MemoryStream([.. one, .. Gzip([1, 2, 3])]), "two.gz"));
    }

    public static TheoryData<int> IdxCuts() { var d = new TheoryData<int>(); for (int k = 0; k < 30; k++) d.Add(k); return d; }

    [Theory]
    [MemberData(nameof(IdxCuts))]
    public void A_truncated_gzip_idx_file_is_refused_with_one_message(int k)
    {
        var file = Gzip(IdxBytes(5000));
        int cut = (int)((long)file.Length * k / 30);
        var e = Assert.Throws<InvalidDataException>(() => Idx.Read(new MemoryStream(file[..cut]), "cut.gz"));
        Assert.StartsWith("invalid IDX file", e.Message);
    }

    // --- prune: hostile model and calibration files -------------------------------------------------------------

    private static (string Model, string Calib) TinyModel(TempDir tmp, float nanAt = float.NaN, bool withNan = false, Dictionary<string, string>? meta = null)
    {
        var model = EngineAdapter.BuildSequential([6, 10, 8, 3], HiddenActivation.Relu, RngKey.FromSeed(2), PruneTheory.Networks.InitScheme.PyTorchDefault);
        string m = tmp.File("in.safetensors"), c = tmp.File("calib.safetensors");
        Safetensors.Write(m, model.StateDict(), meta ?? []);
        var s = RngKey.FromSeed(3).Stream();
        var x = new float[50 * 6]; var labels = new float[50];
        for (int q = 0; q < x.Length; q++) x[q] = (float)s.NextDouble();
        for (int r = 0; r < 50; r++) labels[r] = s.NextInt(3);
        if (withNan) x[17] = nanAt;
        Safetensors.Write(c, new Dictionary<string, TensorData> { ["x"] = new([50, 6], x), ["labels"] = new([50], labels) });
        return (m, c);
    }

    public static TheoryData<int> ModelCuts() { var d = new TheoryData<int>(); for (int k = 0; k < 40; k++) d.Add(k); return d; }

    [Theory]
    [MemberData(nameof(ModelCuts))]
    public void Prune_refuses_a_truncated_model_with_one_line_on_stderr(int k)
    {
        using var tmp = new TempDir();
        var (model, calib) = TinyModel(tmp);
        var bytes = File.ReadAllBytes(model);
        File.WriteAllBytes(model, bytes[..(int)((long)bytes.Length * k / 40)]);
        string outPath = tmp.Sub("out.safetensors");
        Cli.Invoke("prune", "--model", model, "--ratio", "0.5", "--calib", calib, "--out", outPath).AssertFails(ExitCodes.BadInput, "prune:");
        Assert.False(File.Exists(outPath));
    }

    [Fact]
    public void Prune_refuses_a_header_that_is_not_utf8()
    {
        using var tmp = new TempDir();
        var (model, calib) = TinyModel(tmp);
        var bytes = File.ReadAllBytes(model);
        int at = Encoding.UTF8.GetString(bytes).IndexOf("weight", StringComparison.Ordinal);
        bytes[at] = 0xFF; // inside a tensor name
        File.WriteAllBytes(model, bytes);
        Cli.Invoke("prune", "--model", model, "--ratio", "0.5", "--calib", calib, "--out", tmp.Sub("o.safetensors")).AssertFails(ExitCodes.BadInput, "UTF-8");
        Assert.False(File.Exists(tmp.Sub("o.safetensors")));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Prune_refuses_non_finite_calibration_data(float bad)
    {
        using var tmp = new TempDir();
        var (model, calib) = TinyModel(tmp, bad, withNan: true);
        Cli.Invoke("prune", "--model", model, "--ratio", "0.5", "--calib", calib, "--out", tmp.Sub("o.safetensors")).AssertFails(ExitCodes.BadInput, "non-finite");
        Assert.False(File.Exists(tmp.Sub("o.safetensors")));
    }

    [Fact]
    public void Prune_refuses_to_overwrite_its_input_and_a_directory_and_keeps_the_input()
    {
        using var tmp = new TempDir();
        var (model, calib) = TinyModel(tmp);
        var before = File.ReadAllBytes(model);
        Cli.Invoke("prune", "--model", model, "--ratio", "0.5", "--calib", calib, "--out", model).AssertFails(ExitCodes.BadInput, "differ from --model");
        Cli.Invoke("prune", "--model", model, "--ratio", "0.5", "--calib", calib, "--out", tmp.Path).AssertFails(ExitCodes.BadInput, "is a directory");
        Assert.Equal(before, File.ReadAllBytes(model));
    }

    [Theory]
    [InlineData("x/255 then (x-0.5)/0.5, image flattened row-major to 784", "", true, "metadata")]
    [InlineData("x/255", "", false, "metadata")]
    [InlineData(null, "", false, "states no input preprocessing")]
    [InlineData("x/255 then (x-0.5)/0.5", "unit", false, "--normalize unit differs from the model's metadata (input_preprocessing states centered)")]
    public void Pixels_default_to_what_the_model_states(string? preprocessing, string requested, bool centered, string says)
    {
        var meta = preprocessing is null ? new Dictionary<string, string>() : new() { ["input_preprocessing"] = preprocessing };
        var (n, source, warning) = PruneTheory.ProofsSim.Commands.InputNormalization.Resolve(requested, meta);
        Assert.Equal(centered, n == PruneTheory.ProofsSim.Commands.InputNormalization.Centered);
        Assert.Contains(says, source + " " + warning);
    }
}
