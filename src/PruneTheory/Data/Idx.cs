using System.Buffers.Binary;
using System.IO.Compression;
using PruneTheory.IO;

namespace PruneTheory.Data;

/// <summary>An unsigned-byte IDX array: dimensions (row-major) and the raw bytes.</summary>
public sealed record IdxArray
{
    public int[] Dims { get; }
    public byte[] Data { get; }

    public IdxArray(int[] dims, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(dims);
        ArgumentNullException.ThrowIfNull(data);
        if (dims.Length is 0 or > 255) throw new ArgumentException($"IDX needs 1 to 255 dimensions, got {dims.Length}");
        long n = 1;
        foreach (int d in dims)
        {
            if (d < 0) throw new ArgumentException($"negative IDX dimension in [{string.Join(",", dims)}]");
            n *= d;
        }
        if (n != data.Length) throw new ArgumentException($"IDX dims [{string.Join(",", dims)}] need {n} bytes, got {data.Length}");
        Dims = dims; Data = data;
    }
}

/// <summary>
/// The IDX format of MNIST and Fashion-MNIST (LeCun et al.): bytes 0-1 zero, byte 2 the element type
/// (0x08 = unsigned byte, the only one used by these data sets and the only one read here), byte 3
/// the number of dimensions, then each dimension as a big-endian int32, then the elements.
/// Images files have magic 0x00000803 (N×rows×cols), label files 0x00000801 (N).
/// Files may be gzip-compressed (detected by the gzip magic 1f 8b, not by the file name).
/// </summary>
public static class Idx
{
    public const byte UnsignedByte = 0x08;

    /// <summary>Reads an IDX file, raw or gzip. O(file size).</summary>
    public static IdxArray Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"IDX file not found: {path}", path);
        using var fs = File.OpenRead(path);
        return Read(fs, path);
    }

    /// <summary>Reads an IDX stream, raw or gzip; <paramref name="source"/> names it in errors. O(size).</summary>
    public static IdxArray Read(Stream stream, string source)
    {
        byte[] bytes = ReadAllMaybeGzip(stream, source);
        return Parse(bytes, source);
    }

    /// <summary>Parses uncompressed IDX bytes. O(size).</summary>
    public static IdxArray Parse(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.Length < 4) throw Bad(source, $"truncated: {bytes.Length} bytes, fewer than the 4-byte magic number");
        if (bytes[0] != 0 || bytes[1] != 0)
            throw Bad(source, $"bad magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(bytes):X8}: the first two bytes must be zero");
        if (bytes[2] != UnsignedByte)
            throw Bad(source, $"element type 0x{bytes[2]:X2} is not supported (only 0x08, unsigned byte)");
        int rank = bytes[3];
        if (rank == 0) throw Bad(source, "zero dimensions");
        int headerLength = 4 + 4 * rank;
        if (bytes.Length < headerLength)
            throw Bad(source, $"truncated: {bytes.Length} bytes, the {rank}-dimensional header needs {headerLength}");
        var dims = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(bytes[(4 + 4 * i)..]);
            if (dims[i] < 0) throw Bad(source, $"dimension {i} is negative ({dims[i]})");
            count *= dims[i];
            if (count > Array.MaxLength) throw Bad(source, "too many elements");
        }
        long available = bytes.Length - headerLength;
        if (available < count)
            throw Bad(source, $"truncated: dims [{string.Join(",", dims)}] need {count} data bytes, only {available} present");
        if (available > count)
            throw Bad(source, $"{available - count} trailing bytes after the [{string.Join(",", dims)}] array");
        return new IdxArray(dims, bytes.Slice(headerLength, (int)count).ToArray());
    }

    /// <summary>The uncompressed IDX bytes of <paramref name="array"/>. O(size).</summary>
    public static byte[] Serialize(IdxArray array)
    {
        int header = 4 + 4 * array.Dims.Length;
        var bytes = new byte[header + array.Data.Length];
        bytes[2] = UnsignedByte;
        bytes[3] = (byte)array.Dims.Length;
        for (int i = 0; i < array.Dims.Length; i++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), array.Dims[i]);
        array.Data.CopyTo(bytes, header);
        return bytes;
    }

    /// <summary>Writes <paramref name="array"/> atomically, gzip-compressed (smallest size) unless <paramref name="gzip"/> is false. O(size).</summary>
    public static void Write(string path, IdxArray array, bool gzip = true)
    {
        byte[] raw = Serialize(array);
        AtomicFile.Write(path, s =>
        {
            if (!gzip) { s.Write(raw); return; }
            using var gz = new GZipStream(s, CompressionLevel.SmallestSize, leaveOpen: true);
            gz.Write(raw);
        });
    }

    /// <summary>Largest IDX array read (elements): 16× the 47 MB of MNIST's training images.</summary>
    public const long MaxElements = 1L << 30;

    // A gzip file is inflated only as far as its IDX header declares (a gzip bomb stops at the declared size plus
    // one byte), and must end with its own member trailer: bytes after it (or a second member) are refused.
    private static byte[] ReadAllMaybeGzip(Stream stream, string source)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        byte[] bytes = buffer.ToArray();
        if (bytes.Length < 2 || bytes[0] != 0x1F || bytes[1] != 0x8B) return bytes;
        if (bytes.Length < 18) throw Bad(source, $"truncated gzip stream ({bytes.Length} bytes)");
        try
        {
            using var gz = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            var head = new byte[4];
            ReadExactly(gz, head, source, "the magic number");
            int rank = head[3];
            var header = new byte[4 + 4 * rank];
            head.CopyTo(header, 0);
            ReadExactly(gz, header.AsSpan(4), source, "the header");
            long count = 1;
            for (int i = 0; i < rank; i++)
            {
                count *= Math.Max(0, BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 + 4 * i)));
                if (count > MaxElements) throw Bad(source, $"the header declares more than {MaxElements} elements");
            }
            using var raw = new MemoryStream((int)Math.Min(header.Length + count, 1 << 26));
            raw.Write(header);
            var chunk = new byte[1 << 16];
            long left = count + 1; // one byte more than declared: tells "exact" from "too long"
            while (left > 0)
            {
                int n = gz.Read(chunk, 0, (int)Math.Min(chunk.Length, left));
                if (n == 0) break;
                raw.Write(chunk, 0, n);
                left -= n;
            }
            if (left == 0) throw Bad(source, $"the gzip stream inflates to more than the {count} data bytes its header declares");
            byte[] result = raw.ToArray();
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 8)), size = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4));
            if (size != (uint)result.Length || crc != Crc32(result))
                throw Bad(source, "bytes after the gzip stream (trailing garbage or a second member), or a damaged gzip trailer");
            return result;
        }
        catch (InvalidDataException ex) when (!ex.Message.StartsWith("invalid IDX file", StringComparison.Ordinal))
        {
            throw Bad(source, $"corrupt gzip stream ({ex.Message})");
        }
    }

    private static void ReadExactly(Stream s, Span<byte> into, string source, string what)
    {
        try { s.ReadExactly(into); }
        catch (EndOfStreamException) { throw Bad(source, $"truncated: the gzip stream ends inside {what}"); }
    }

    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        uint c = (uint)n;
        for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    /// <summary>CRC-32 (IEEE 802.3, as in the gzip trailer).</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint c = 0xFFFFFFFFu;
        foreach (byte b in data) c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        return c ^ 0xFFFFFFFFu;
    }

    private static InvalidDataException Bad(string source, string message) => new($"invalid IDX file {source}: {message}");
}
