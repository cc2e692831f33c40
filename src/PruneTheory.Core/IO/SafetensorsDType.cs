using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace PruneTheory.IO;

/// <summary>
/// The safetensors element types this tool reads (all converted to float32) and writes (F32 only).
/// Every element is little-endian, as the format requires.
/// </summary>
internal static class SafetensorsDType
{
    public const string F32 = "F32";
    public static readonly string[] Readable = ["F32", "F64", "F16", "BF16"];

    /// <summary>Bytes per element, or 0 when the dtype is not readable here.</summary>
    public static int ElementSize(string dtype) => dtype switch
    {
        "F64" => 8,
        "F32" => 4,
        "F16" or "BF16" => 2,
        _ => 0,
    };

    /// <summary>Converts <paramref name="src"/> (elements of <paramref name="dtype"/>) into <paramref name="dst"/>. O(n).</summary>
    public static void ToFloat32(string dtype, ReadOnlySpan<byte> src, Span<float> dst)
    {
        switch (dtype)
        {
            case "F32" when BitConverter.IsLittleEndian:
                MemoryMarshal.Cast<byte, float>(src).CopyTo(dst);
                break;
            case "F32":
                for (int i = 0; i < dst.Length; i++) dst[i] = BinaryPrimitives.ReadSingleLittleEndian(src[(4 * i)..]);
                break;
            case "F64":
                for (int i = 0; i < dst.Length; i++) dst[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(src[(8 * i)..]);
                break;
            case "F16":
                for (int i = 0; i < dst.Length; i++) dst[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(src[(2 * i)..]);
                break;
            case "BF16":
                // bfloat16 is the upper half of an IEEE float32: widening is exact.
                for (int i = 0; i < dst.Length; i++)
                    dst[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(src[(2 * i)..]) << 16);
                break;
            default:
                throw new ArgumentException($"dtype {dtype} is not supported");
        }
    }

    /// <summary>Writes float32 values little-endian. O(n).</summary>
    public static void FromFloat32(ReadOnlySpan<float> src, Span<byte> dst)
    {
        if (BitConverter.IsLittleEndian) { MemoryMarshal.AsBytes(src).CopyTo(dst); return; }
        for (int i = 0; i < src.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(dst[(4 * i)..], src[i]);
    }
}
