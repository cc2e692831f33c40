using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace PruneTheory.IO;

/// <summary>The tensors of a safetensors file (in file order) and its optional string metadata.</summary>
public sealed record SafetensorsFile(
    IReadOnlyDictionary<string, TensorData> Tensors,
    IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// Reader and writer for the safetensors format (huggingface/safetensors): an 8-byte little-endian
/// header length N, N bytes of JSON mapping each tensor name to {dtype, shape, data_offsets} plus an
/// optional "__metadata__" string map, then the raw little-endian tensor bytes, offsets relative to
/// the end of the header. Written like the reference implementation: tensors sorted by name, the
/// header padded with spaces to a multiple of 8 bytes, compact JSON with "__metadata__" first.
/// Reads F32, F64, F16 and BF16 (converted to float32) and the integer dtypes (kept exactly in
/// <see cref="TensorData.Integers"/>, e.g. num_batches_tracked); writes F32 and integer tensors in their dtype.
/// Validation follows the reference: tensors must tile the data region exactly (no overlap, no gap,
/// no trailing bytes), and each byte range must match its dtype and shape.
/// </summary>
public static class Safetensors
{
    public const string MetadataKey = "__metadata__";
    /// <summary>The reference implementation's limit on the header size.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>Reads the tensors of the file at <paramref name="path"/>. O(file size).</summary>
    public static IReadOnlyDictionary<string, TensorData> Read(string path) => Load(path).Tensors;

    /// <summary>Reads tensors and metadata of the file at <paramref name="path"/>. O(file size).</summary>
    public static SafetensorsFile Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"safetensors file not found: {path}", path);
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses a whole safetensors image; <paramref name="source"/> names it in errors. O(size).</summary>
    public static SafetensorsFile Parse(ReadOnlySpan<byte> bytes, string source = "<buffer>")
    {
        if (bytes.Length < 8)
            throw Bad(source, $"truncated: {bytes.Length} bytes, fewer than the 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes)
            throw Bad(source, $"header length {headerLength} exceeds the limit of {MaxHeaderBytes} bytes");
        if (headerLength > (ulong)(bytes.Length - 8))
            throw Bad(source, $"truncated: header length {headerLength} but only {bytes.Length - 8} bytes follow");
        var header = bytes.Slice(8, (int)headerLength);
        var data = bytes[(8 + (int)headerLength)..];
        if (header.Length == 0 || header[0] != (byte)'{')
            throw Bad(source, "header does not start with '{'");

        var entries = ParseHeader(header, source, out var metadata);
        CheckTiling(entries, data.Length, source);

        var tensors = new Dictionary<string, TensorData>(entries.Count, StringComparer.Ordinal);
        foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            var bytesOf = data[(int)e.Begin..(int)e.End];
            if (SafetensorsDType.IntegerSize(e.DType) > 0)
            {
                tensors[e.Name] = TensorData.OfIntegers(e.Shape, SafetensorsDType.ToIntegers(e.DType, bytesOf, (int)e.Count), e.DType);
                continue;
            }
            var values = new float[e.Count];
            SafetensorsDType.ToFloat32(e.DType, bytesOf, values);
            tensors[e.Name] = new TensorData(e.Shape, values);
        }
        return new SafetensorsFile(tensors, metadata);
    }

    /// <summary>
    /// Writes <paramref name="tensors"/> (as F32) and <paramref name="metadata"/> to
    /// <paramref name="path"/> atomically (temporary file, then rename). O(total size).
    /// </summary>
    public static void Write(string path, IReadOnlyDictionary<string, TensorData> tensors,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = BuildHeader(tensors, metadata, out var order);
        AtomicFile.Write(path, stream => WriteBody(stream, header, order));
    }

    /// <summary>The exact bytes <see cref="Write"/> stores. O(total size).</summary>
    public static byte[] Serialize(IReadOnlyDictionary<string, TensorData> tensors,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = BuildHeader(tensors, metadata, out var order);
        using var ms = new MemoryStream();
        WriteBody(ms, header, order);
        return ms.ToArray();
    }

    private static void WriteBody(Stream stream, byte[] header, List<KeyValuePair<string, TensorData>> order)
    {
        Span<byte> len = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)header.Length);
        stream.Write(len);
        stream.Write(header);
        foreach (var (_, t) in order)
        {
            var buf = new byte[checked(t.Data.Length * ElementBytes(t))];
            if (t.Integers is { } ints) SafetensorsDType.FromIntegers(t.DType, ints, buf);
            else SafetensorsDType.FromFloat32(t.Data, buf);
            stream.Write(buf);
        }
    }

    private static byte[] BuildHeader(IReadOnlyDictionary<string, TensorData> tensors,
        IReadOnlyDictionary<string, string>? metadata, out List<KeyValuePair<string, TensorData>> order)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        order = tensors.OrderBy(kv => kv.Key, Utf8Order.Instance).ToList();
        var json = new StringBuilder("{");
        bool first = true;
        if (metadata is not null)   // like the reference: Some(empty map) still writes "__metadata__":{}
        {
            json.Append(JsonString(MetadataKey)).Append(":{");
            bool firstMeta = true;
            foreach (var (k, v) in metadata.OrderBy(kv => kv.Key, Utf8Order.Instance))
            {
                ArgumentNullException.ThrowIfNull(v, $"metadata[{k}]");
                if (!firstMeta) json.Append(',');
                json.Append(JsonString(k)).Append(':').Append(JsonString(v));
                firstMeta = false;
            }
            json.Append('}');
            first = false;
        }
        long offset = 0;
        foreach (var (name, t) in order)
        {
            if (name == MetadataKey) throw new ArgumentException($"a tensor may not be named {MetadataKey}");
            ArgumentNullException.ThrowIfNull(t, $"tensor {name}");
            long end = checked(offset + (long)ElementBytes(t) * t.Data.Length);
            if (!first) json.Append(',');
            json.Append(JsonString(name)).Append(":{\"dtype\":\"").Append(t.Integers is null ? "F32" : t.DType).Append("\",\"shape\":[")
                .Append(string.Join(",", t.Shape)).Append("],\"data_offsets\":[")
                .Append(offset).Append(',').Append(end).Append("]}");
            offset = end;
            first = false;
        }
        json.Append('}');
        byte[] raw = Encoding.UTF8.GetBytes(json.ToString());
        int padded = (raw.Length + 7) / 8 * 8;
        var header = new byte[padded];
        raw.CopyTo(header, 0);
        header.AsSpan(raw.Length).Fill((byte)' ');
        return header;
    }

    private static int ElementBytes(TensorData t) => t.Integers is null ? 4 : SafetensorsDType.IntegerSize(t.DType);

    /// <summary>JSON string literal escaped as serde_json does: quote, backslash and control characters only.</summary>
    internal static string JsonString(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case < ' ': sb.Append("\\u00").Append(((int)c).ToString("x2")); break;
                default: sb.Append(c); break;
            }
        }
        return sb.Append('"').ToString();
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private sealed record Entry(string Name, string DType, int[] Shape, long Count, long Begin, long End);

    private static List<Entry> ParseHeader(ReadOnlySpan<byte> header, string source, out Dictionary<string, string> metadata)
    {
        metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        // The format requires UTF-8; checked up front because JSON parsing only notices bad bytes inside strings late.
        try { _ = StrictUtf8.GetCharCount(header); }
        catch (DecoderFallbackException ex) { throw Bad(source, $"header is not valid UTF-8 (byte offset {ex.Index})"); }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(header.ToArray());
        }
        catch (JsonException ex)
        {
            throw Bad(source, $"header is not valid JSON: {ex.Message}");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Bad(source, "header is not a JSON object");
            var entries = new List<Entry>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (!seen.Add(prop.Name)) throw Bad(source, $"duplicate key '{prop.Name}' in header");
                if (prop.Name == MetadataKey)
                {
                    if (prop.Value.ValueKind != JsonValueKind.Object) throw Bad(source, $"{MetadataKey} is not an object");
                    foreach (var m in prop.Value.EnumerateObject())
                    {
                        if (m.Value.ValueKind != JsonValueKind.String)
                            throw Bad(source, $"{MetadataKey} value of '{m.Name}' is not a string");
                        if (!metadata.TryAdd(m.Name, m.Value.GetString()!))
                            throw Bad(source, $"duplicate key '{m.Name}' in {MetadataKey}");
                    }
                    continue;
                }
                entries.Add(ParseEntry(prop.Name, prop.Value, source));
            }
            return entries;
        }
    }

    private static Entry ParseEntry(string name, JsonElement info, string source)
    {
        if (info.ValueKind != JsonValueKind.Object) throw Bad(source, $"tensor '{name}': entry is not an object");
        if (!info.TryGetProperty("dtype", out var dtypeEl) || dtypeEl.ValueKind != JsonValueKind.String)
            throw Bad(source, $"tensor '{name}': missing string field 'dtype'");
        string dtype = dtypeEl.GetString()!;
        int size = SafetensorsDType.ElementSize(dtype);
        if (size == 0)
            throw Bad(source, $"tensor '{name}': dtype {dtype} is not supported (readable: {string.Join(", ", SafetensorsDType.Readable)})");

        if (!info.TryGetProperty("shape", out var shapeEl) || shapeEl.ValueKind != JsonValueKind.Array)
            throw Bad(source, $"tensor '{name}': missing array field 'shape'");
        var shape = new int[shapeEl.GetArrayLength()];
        long count = 1;
        int i = 0;
        foreach (var d in shapeEl.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out int v) || v < 0)
                throw Bad(source, $"tensor '{name}': shape entry {d} is not a non-negative 32-bit integer");
            shape[i++] = v;
            count = count * v;
            if (count > int.MaxValue) throw Bad(source, $"tensor '{name}': more than {int.MaxValue} elements");
        }

        if (!info.TryGetProperty("data_offsets", out var offEl) || offEl.ValueKind != JsonValueKind.Array
            || offEl.GetArrayLength() != 2)
            throw Bad(source, $"tensor '{name}': 'data_offsets' must be an array [begin, end]");
        long begin = Offset(offEl[0]), end = Offset(offEl[1]);
        if (begin < 0 || end < 0) throw Bad(source, $"tensor '{name}': data_offsets must be non-negative integers");
        if (end < begin) throw Bad(source, $"tensor '{name}': data_offsets [{begin}, {end}] end before begin");
        if (end - begin != count * size)
            throw Bad(source, $"tensor '{name}': data_offsets [{begin}, {end}] span {end - begin} bytes but " +
                              $"{dtype} shape [{string.Join(",", shape)}] needs {count * size}");
        return new Entry(name, dtype, shape, count, begin, end);

        static long Offset(JsonElement e) =>
            e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out long v) ? v : -1;
    }

    private static void CheckTiling(List<Entry> entries, int dataLength, string source)
    {
        long expected = 0;
        Entry? previous = null;
        foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (e.End > dataLength)
                throw Bad(source, $"tensor '{e.Name}': data_offsets [{e.Begin}, {e.End}] out of range: " +
                                  $"the data region has {dataLength} bytes (file truncated?)");
            if (e.Begin < expected)
                throw Bad(source, $"tensors '{previous!.Name}' [{previous.Begin}, {previous.End}] and " +
                                  $"'{e.Name}' [{e.Begin}, {e.End}] overlap");
            if (e.Begin > expected)
                throw Bad(source, $"bytes [{expected}, {e.Begin}) of the data region belong to no tensor");
            expected = e.End;
            previous = e;
        }
        if (expected != dataLength)
            throw Bad(source, $"{dataLength - expected} trailing bytes after the last tensor (data region " +
                              $"has {dataLength} bytes, tensors cover {expected})");
    }

    private static InvalidDataException Bad(string source, string message) =>
        new($"invalid safetensors file {source}: {message}");

    /// <summary>Orders strings by their UTF-8 bytes, as Rust's String ordering (the reference writer) does.</summary>
    private sealed class Utf8Order : IComparer<string>
    {
        public static readonly Utf8Order Instance = new();
        public int Compare(string? x, string? y) =>
            Encoding.UTF8.GetBytes(x ?? "").AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y ?? ""));
    }
}
