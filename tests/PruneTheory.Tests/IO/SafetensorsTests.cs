using System.Buffers.Binary;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using PruneTheory.IO;
using PruneTheory.Tests.Data;
using Xunit;

namespace PruneTheory.Tests.IO;

public class SafetensorsTests
{
    private static TensorData T(int[] shape, params float[] data) => new(shape, data);

    private static byte[] FileBytes(string headerJson, params byte[] data)
    {
        var h = Encoding.UTF8.GetBytes(headerJson);
        var bytes = new byte[8 + h.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)h.Length);
        h.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + h.Length);
        return bytes;
    }

    [Fact]
    public void Serialize_matches_the_format_byte_for_byte()
    {
        var tensors = new Dictionary<string, TensorData>
        {
            ["b"] = T([2], 0.5f, 3.0f),       // inserted first, written second: names are sorted
            ["a"] = T([1, 2], 1.0f, -2.0f),
        };
        var bytes = Safetensors.Serialize(tensors, new Dictionary<string, string> { ["format"] = "pt" });

        // 141 bytes of JSON + 3 spaces of padding = 144 = 0x90, then a's 8 bytes and b's 8 bytes.
        const string json = "{\"__metadata__\":{\"format\":\"pt\"}," +
                            "\"a\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]}," +
                            "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}   ";
        var expected = new List<byte> { 0x90, 0, 0, 0, 0, 0, 0, 0 };
        expected.AddRange(Encoding.ASCII.GetBytes(json));
        expected.AddRange(new byte[] { 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0 }); // 1.0f, -2.0f
        expected.AddRange(new byte[] { 0x00, 0x00, 0x00, 0x3F, 0x00, 0x00, 0x40, 0x40 }); // 0.5f, 3.0f
        Assert.Equal(expected.ToArray(), bytes);
    }

    [Fact]
    public void Serialize_without_metadata_omits_the_key_and_pads_to_8()
    {
        var bytes = Safetensors.Serialize(new Dictionary<string, TensorData> { ["x"] = T([], 7f) });
        const string json = "{\"x\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}"; // 53 bytes
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(56UL, n);
        Assert.Equal(json + "   ", Encoding.UTF8.GetString(bytes, 8, 56));
        Assert.Equal(8 + 56 + 4, bytes.Length);
    }

    /// <summary>Expected file: length (LE u64), JSON padded with spaces to 8, then float32 LE data.</summary>
    private static byte[] Expected(string json, params float[] values)
    {
        int padded = (Encoding.UTF8.GetByteCount(json) + 7) / 8 * 8;
        var bytes = new List<byte>(BitConverter.GetBytes((ulong)padded));
        bytes.AddRange(Encoding.UTF8.GetBytes(json.PadRight(padded)));
        foreach (float v in values) bytes.AddRange(BitConverter.GetBytes(v));
        return bytes.ToArray();
    }

    [Fact]
    public void Matches_the_reference_implementations_known_answers()
    {
        // The cases of the reference writer's own unit tests: an empty file, metadata only, and a
        // 6-value tensor whose header is exactly 64 bytes (no padding) or 65 (7 spaces).
        var none = new Dictionary<string, TensorData>();
        Assert.Equal(Expected("{}"), Safetensors.Serialize(none));
        Assert.Equal(8 + 8, Safetensors.Serialize(none).Length);
        Assert.Equal(Expected("{\"__metadata__\":{\"framework\":\"pt\"}}"),
            Safetensors.Serialize(none, new Dictionary<string, string> { ["framework"] = "pt" }));
        Assert.Equal(Expected("{\"__metadata__\":{}}"), Safetensors.Serialize(none, new Dictionary<string, string>()));
        float[] six = [0, 1, 2, 3, 4, 5];
        var a = Safetensors.Serialize(new Dictionary<string, TensorData> { ["attn.0"] = T([1, 2, 3], six) });
        Assert.Equal(Expected("{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}", six), a);
        Assert.Equal(64UL, BinaryPrimitives.ReadUInt64LittleEndian(a));
        var b = Safetensors.Serialize(new Dictionary<string, TensorData> { ["attn0"] = T([1, 1, 2, 3], six) });
        Assert.Equal(Expected("{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}", six), b);
        Assert.Equal(72UL, BinaryPrimitives.ReadUInt64LittleEndian(b));
    }

    [Fact]
    public void Json_strings_are_escaped_like_serde_json()
    {
        Assert.Equal("\"a\\\"b\\\\c\\nd\\u0001é😀\"", Safetensors.JsonString("a\"b\\c\nd\u0001é😀"));
    }

    private static readonly string[] NameParts = ["w", "bias", "layer.0.weight", "é", "名前", "a\"b", "x\ny", "\u0001", "😀", "Z", "_"];

    private static Gen<(string Name, TensorData Tensor)> TensorGen =>
        from name in Gen.Elements(NameParts).ArrayOf().Select(p => string.Concat(p))
        from rank in Gen.Choose(0, 3)
        from shape in Gen.Choose(0, 4).ArrayOf(rank)
        from bits in Gen.Choose(int.MinValue, int.MaxValue).ArrayOf(shape.Aggregate(1, (a, b) => a * b))
        select (name, new TensorData(shape, bits.Select(BitConverter.Int32BitsToSingle).ToArray()));

    private static Gen<Dictionary<string, string>> MetadataGen =>
        from keys in Gen.Elements(NameParts).ArrayOf()
        from values in Gen.Elements(NameParts).ArrayOf(keys.Length)
        select keys.Zip(values).DistinctBy(kv => kv.First).ToDictionary(kv => kv.First, kv => kv.Second);

    [Property(MaxTest = 200)]
    public Property Round_trip_preserves_names_shapes_bits_and_metadata() =>
        Prop.ForAll(
            (from ts in TensorGen.ArrayOf()
             from meta in MetadataGen
             select (ts.Where(t => t.Name != Safetensors.MetadataKey).DistinctBy(t => t.Name)
                       .ToDictionary(t => t.Name, t => t.Tensor), meta)).ToArbitrary(),
            input =>
            {
                var (tensors, meta) = input;
                var back = Safetensors.Parse(Safetensors.Serialize(tensors, meta));
                Assert.Equal(tensors.Keys.Order(StringComparer.Ordinal), back.Tensors.Keys.Order(StringComparer.Ordinal));
                foreach (var (name, t) in tensors)
                {
                    Assert.Equal(t.Shape, back.Tensors[name].Shape);
                    Assert.Equal(t.Data.Select(BitConverter.SingleToInt32Bits), back.Tensors[name].Data.Select(BitConverter.SingleToInt32Bits));
                }
                Assert.Equal(meta.OrderBy(kv => kv.Key, StringComparer.Ordinal), back.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal));
            });

    [Fact]
    public void Reads_F64_F16_and_BF16_as_float32()
    {
        var data = new List<byte>();
        data.AddRange(BitConverter.GetBytes(0.1));                        // F64 0.1 → nearest float
        data.AddRange(BitConverter.GetBytes((Half)(-1.5)));               // F16
        data.AddRange(new byte[] { 0x80, 0x3F });                         // BF16 0x3F80 = 1.0
        var bytes = FileBytes("{\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}," +
                              "\"h\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[8,10]}," +
                              "\"b\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[10,12]}}", data.ToArray());
        var t = Safetensors.Parse(bytes).Tensors;
        Assert.Equal(0.1f, t["d"].Data[0]);
        Assert.Equal(-1.5f, t["h"].Data[0]);
        Assert.Equal(1.0f, t["b"].Data[0]);
        Assert.Equal(["d", "h", "b"], t.Keys);   // file (offset) order
    }

    public static TheoryData<string, byte[], string> Corrupt => new()
    {
        { "shorter than the length field", [1, 2, 3], "truncated" },
        { "header longer than file", FileBytes("{}")[..9], "truncated" },
        { "not JSON", FileBytes("{\"a\":"), "not valid JSON" },
        { "not an object", FileBytes("[1]"), "does not start with '{'" },
        { "offsets out of range", FileBytes("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 0, 0, 0, 0), "out of range" },
        { "overlap", FileBytes("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]), "overlap" },
        { "gap", FileBytes("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]), "belong to no tensor" },
        { "trailing bytes", FileBytes("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[8]), "trailing bytes" },
        { "size mismatch", FileBytes("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]), "needs 12" },
        { "unsupported dtype", FileBytes("{\"a\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]), "C64 is not supported" },
        { "duplicate name", FileBytes("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[4,8]}}", new byte[8]), "duplicate" },
        { "negative shape", FileBytes("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}"), "non-negative" },
        { "metadata not strings", FileBytes("{\"__metadata__\":{\"k\":1}}"), "not a string" },
    };

    [Theory]
    [MemberData(nameof(Corrupt))]
    public void Corrupt_files_raise_clear_errors(string what, byte[] bytes, string expectedFragment)
    {
        var ex = Assert.Throws<InvalidDataException>(() => Safetensors.Parse(bytes, "test.safetensors"));
        Assert.Contains("test.safetensors", ex.Message);
        Assert.True(ex.Message.Contains(expectedFragment), $"{what}: '{ex.Message}' lacks '{expectedFragment}'");
    }

    [Fact]
    public void Write_is_atomic_and_leaves_no_temporary_file()
    {
        var dir = Directory.CreateTempSubdirectory("st-").FullName;
        try
        {
            var path = Path.Combine(dir, "sub", "m.safetensors");
            var tensors = new Dictionary<string, TensorData> { ["w"] = T([2, 2], 1, 2, 3, 4) };
            Safetensors.Write(path, tensors);
            Safetensors.Write(path, tensors, new Dictionary<string, string> { ["k"] = "v" }); // overwrite
            Assert.Equal(["m.safetensors"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
            var back = Safetensors.Load(path);
            Assert.Equal("v", back.Metadata["k"]);
            Assert.Equal(Safetensors.Serialize(tensors, back.Metadata), File.ReadAllBytes(path));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Missing_file_names_the_path()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => Safetensors.Read("/nonexistent/x.safetensors"));
        Assert.Contains("/nonexistent/x.safetensors", ex.Message);
    }

    private const string Reference = "reference/lenet-300-100-fmnist.safetensors";

    [SharedFileFact(Reference)]
    public void Reads_the_reference_LeNet_300_100()
    {
        var file = Safetensors.Load(SharedFiles.Require(Reference));
        Assert.Equal(new[] { 300, 784 }, file.Tensors["ip1.weight"].Shape);
        Assert.Equal(new[] { 300 }, file.Tensors["ip1.bias"].Shape);
        Assert.Equal(new[] { 100, 300 }, file.Tensors["ip2.weight"].Shape);
        Assert.Equal(new[] { 100 }, file.Tensors["ip2.bias"].Shape);
        Assert.Equal(new[] { 10, 100 }, file.Tensors["ip3.weight"].Shape);
        Assert.Equal(new[] { 10 }, file.Tensors["ip3.bias"].Shape);
        Assert.Equal("89.80", file.Metadata["test_accuracy_percent"]);
        Assert.All(file.Tensors.Values, t => Assert.All(t.Data, v => Assert.True(float.IsFinite(v))));
        // Writing and re-reading gives the same values (our file is sorted by name, the reference is not).
        var again = Safetensors.Parse(Safetensors.Serialize(file.Tensors, file.Metadata));
        foreach (var (name, t) in file.Tensors) Assert.Equal(t.Data, again.Tensors[name].Data);
    }
}
