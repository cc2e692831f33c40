using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace PruneTheory.IO;

/// <summary>
/// The safetensors element types this tool reads (floats converted to float32; integers kept exactly as well) and
/// writes (F32, and integer tensors in their own dtype).
/// Every element is little-endian, as the format requires.
/// </summary>
internal static class SafetensorsDType
{
    public const string F32 = "F32";
    public static readonly string[] Readable = ["F32", "F64", "F16", "BF16", "I64", "I32", "I16", "I8", "U8", "BOOL"];

    /// <summary>Bytes per element of an integer dtype, or 0 when <paramref name="dtype"/> is not one.</summary>
    public static int IntegerSize(string dtype) => dtype switch
    {
        "I64" => 8,
        "I32" => 4,
        "I16" => 2,
        "I8" or "U8" or "BOOL" => 1,
        _ => 0,
    };

    /// <summary>Reads little-endian integers of an integer dtype. O(n).</summary>
    public static long[] ToIntegers(string dtype, ReadOnlySpan<byte> src, int count)
    {
        var v = new long[count];
        for (int i = 0; i < count; i++)
            v[i] = dtype switch
            {
                "I64" => BinaryPrimitives.ReadInt64LittleEndian(src[(8 * i)..]),
                "I32" => BinaryPrimitives.ReadInt32LittleEndian(src[(4 * i)..]),
                "I16" => BinaryPrimitives.ReadInt16LittleEndian(src[(2 * i)..]),
                "I8" => (sbyte)src[i],
                "U8" or "BOOL" => src[i],
                _ => throw new ArgumentException($"dtype {dtype} is not an integer dtype"),
            };
        return v;
    }

    /// <summary>Writes integers little-endian in an integer dtype; a value out of its range is refused. O(n).</summary>
    public static void FromIntegers(string dtype, long[] src, Span<byte> dst)
    {
        for (int i = 0; i < src.Length; i++)
        {
            long x = src[i];
            switch (dtype)
            {
                case "I64": BinaryPrimitives.WriteInt64LittleEndian(dst[(8 * i)..], x); break;
                case "I32": BinaryPrimitives.WriteInt32LittleEndian(dst[(4 * i)..], checked((int)x)); break;
                case "I16": BinaryPrimitives.WriteInt16LittleEndian(dst[(2 * i)..], checked((short)x)); break;
                case "I8": dst[i] = unchecked((byte)checked((sbyte)x)); break;
                case "U8": dst[i] = checked((byte)x); break;
                case "BOOL": dst[i] = x is 0 or 1 ? (byte)x : throw new OverflowException($"BOOL value {x}"); break;
                default: throw new ArgumentException($"dtype {dtype} is not an integer dtype");
            }
        }
    }

    /// <summary>Bytes per element, or 0 when the dtype is not readable here.</summary>
    public static int ElementSize(string dtype) => dtype switch
    {
        "F64" => 8,
        "F32" => 4,
        "F16" or "BF16" => 2,
        _ => IntegerSize(dtype),
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
