using System.Runtime.CompilerServices;
#if NET
using System.Runtime.Intrinsics;
#endif

namespace ProtoGen.Wire;

/// <summary>Builds and takes apart field tags; holds what the writer and the reader share.</summary>
public static class WireFormat
{
    private const int TagTypeBits = 3;
    private const uint TagTypeMask = (1 << TagTypeBits) - 1;

    /// <summary>The largest field number protobuf allows (2^29 - 1).</summary>
    public const int MaxFieldNumber = (1 << 29) - 1;

    /// <summary>Combines a field number and a wire type into a tag.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint MakeTag(int fieldNumber, WireType type) => ((uint)fieldNumber << TagTypeBits) | (uint)type;

    /// <summary>The field number part of a tag.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int GetTagFieldNumber(uint tag) => (int)(tag >> TagTypeBits);

    /// <summary>The wire type part of a tag.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static WireType GetTagWireType(uint tag) => (WireType)(tag & TagTypeMask);

    /// <summary>A float's IEEE 754 bits, for generated code on netstandard2.0 and .NET Framework, whose BitConverter
    /// lacks this member (modern targets' generated code calls BitConverter's).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static int SingleToInt32Bits(float value) => Unsafe.As<float, int>(ref value);

    /// <summary>A double's IEEE 754 bits, beside <see cref="SingleToInt32Bits"/> so that generated code takes both from
    /// one class.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static long DoubleToInt64Bits(double value) => BitConverter.DoubleToInt64Bits(value);

    /// <summary>ZigZag-encodes a signed 32-bit value (sint32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint EncodeZigZag32(int value) => (uint)((value << 1) ^ (value >> 31));

#if NET
    /// <summary>ZigZag-encodes eight signed 32-bit values (packed sint32 lists, sized and written in vector blocks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<int> EncodeZigZag32(Vector256<int> values) => (values << 1) ^ Vector256.ShiftRightArithmetic(values, 31);
#endif

    /// <summary>ZigZag-encodes a signed 64-bit value (sint64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong EncodeZigZag64(long value) => (ulong)((value << 1) ^ (value >> 63));

    /// <summary>Decodes a ZigZag-encoded 32-bit value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int DecodeZigZag32(uint value) => (int)(value >> 1) ^ -(int)(value & 1);

    /// <summary>Decodes a ZigZag-encoded 64-bit value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long DecodeZigZag64(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    /// <summary>
    /// The longest ASCII string the writer and the reader handle inline (WireWriter.TryWriteShortAscii,
    /// WireReader.LongerAsciiString): 64 chars where 256-bit vectors are in hardware (their 33-to-64 paths use them),
    /// else 32.
    /// </summary>
#if NET
    internal static int InlineAsciiLimit => Vector256.IsHardwareAccelerated ? 64 : 32;
#else
    internal static int InlineAsciiLimit => 32;
#endif
}
