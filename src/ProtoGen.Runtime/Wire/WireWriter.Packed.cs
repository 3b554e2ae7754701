using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
#if NET
using System.Runtime.Intrinsics;
#endif

namespace ProtoGen.Wire;

/// <summary>Packed repeated fields: the values back to back (the caller writes the tag and the length).</summary>
public ref partial struct WireWriter
{
    /// <summary>Writes packed fixed32 values (payload only; the caller writes tag and length).</summary>
    public void WritePackedFixed32(ReadOnlySpan<uint> values) => WritePackedFixed(values);

    /// <summary>Writes packed fixed64 values (payload only; the caller writes tag and length).</summary>
    public void WritePackedFixed64(ReadOnlySpan<ulong> values) => WritePackedFixed(values);

    /// <summary>Writes packed sfixed32 values (payload only).</summary>
    public void WritePackedSFixed32(ReadOnlySpan<int> values) => WritePackedFixed(values);

    /// <summary>Writes packed sfixed64 values (payload only).</summary>
    public void WritePackedSFixed64(ReadOnlySpan<long> values) => WritePackedFixed(values);

    /// <summary>Writes packed float values (payload only; bit patterns kept).</summary>
    public void WritePackedFloat(ReadOnlySpan<float> values) => WritePackedFixed(values);

    /// <summary>Writes packed double values (payload only; bit patterns kept).</summary>
    public void WritePackedDouble(ReadOnlySpan<double> values) => WritePackedFixed(values);

    /// <summary>Writes packed bool values (payload only).</summary>
    public void WritePackedBool(ReadOnlySpan<bool> values)
    {
        Span<byte> destination = Reserve(values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            destination[i] = values[i] ? (byte)1 : (byte)0;
        }
    }

    /// <summary>Writes packed int32 values (payload only).</summary>
    public void WritePackedInt32(ReadOnlySpan<int> values) => WritePackedVarint32(values, PackedKind.Int32);

    /// <summary>Writes packed int64 values (payload only).</summary>
    public void WritePackedInt64(ReadOnlySpan<long> values)
    {
        foreach (long value in values)
        {
            WriteVarint64((ulong)value);
        }
    }

    /// <summary>Writes packed uint32 values (payload only).</summary>
    public void WritePackedUInt32(ReadOnlySpan<uint> values) => WritePackedVarint32(MemoryMarshal.Cast<uint, int>(values), PackedKind.UInt32);

    /// <summary>Writes packed uint64 values (payload only).</summary>
    public void WritePackedUInt64(ReadOnlySpan<ulong> values)
    {
        foreach (ulong value in values)
        {
            WriteVarint64(value);
        }
    }

    /// <summary>Writes packed sint32 values (payload only).</summary>
    public void WritePackedSInt32(ReadOnlySpan<int> values) => WritePackedVarint32(values, PackedKind.SInt32);

    /// <summary>Writes packed sint64 values (payload only).</summary>
    public void WritePackedSInt64(ReadOnlySpan<long> values)
    {
        foreach (long value in values)
        {
            WriteVarint64(WireFormat.EncodeZigZag64(value));
        }
    }

    /// <summary>Writes packed enum values (payload only).</summary>
    public void WritePackedEnum(ReadOnlySpan<int> values) => WritePackedInt32(values);

    /// <summary>Writes packed values of a generated enum type (payload only).</summary>
    public void WritePackedEnum<TEnum>(ReadOnlySpan<TEnum> values)
        where TEnum : struct, Enum
    {
        if (Unsafe.SizeOf<TEnum>() != sizeof(int))
        {
            throw new NotSupportedException("Protobuf enums are 32-bit.");
        }

        WritePackedInt32(MemoryMarshal.Cast<TEnum, int>(values));
    }

    private enum PackedKind
    {
        Int32,
        UInt32,
        SInt32,
    }

    // Packed 32-bit varints, 16 values at a time where the vectors allow: a block whose values all encode to one byte
    // (enums, flags, small counts: below 128 after ZigZag for sint32, so no negative int32) is narrowed to 16 bytes in
    // one store; any other block is written a value at a time. Inlined into each caller for its constant kind.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WritePackedVarint32(ReadOnlySpan<int> values, PackedKind kind)
    {
        ref int first = ref MemoryMarshal.GetReference(values);
        int length = values.Length;
        int i = 0;
#if NET
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= length - 16; i += 16)
            {
                Vector256<int> low = Vector256.LoadUnsafe(ref first, (nuint)i);
                Vector256<int> high = Vector256.LoadUnsafe(ref first, (nuint)(i + 8));
                if (kind == PackedKind.SInt32)
                {
                    low = WireFormat.EncodeZigZag32(low);
                    high = WireFormat.EncodeZigZag32(high);
                }

                if (((low | high) & Vector256.Create(~0x7F)) == Vector256<int>.Zero && _buffer.Length - _position >= 16)
                {
                    Vector256<ushort> shorts = Vector256.Narrow(low.AsUInt32(), high.AsUInt32());
                    Vector128.Narrow(shorts.GetLower(), shorts.GetUpper()).StoreUnsafe(ref At(_position));
                    _position += 16;
                }
                else
                {
                    for (int k = i; k < i + 16; k++)
                    {
                        WritePackedValue(Unsafe.Add(ref first, k), kind);
                    }
                }
            }
        }
#endif

        for (; i < length; i++)
        {
            WritePackedValue(Unsafe.Add(ref first, i), kind);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WritePackedValue(int value, PackedKind kind)
    {
        switch (kind)
        {
            case PackedKind.Int32:
                WriteInt32(value);
                break;
            case PackedKind.UInt32:
                WriteVarint32((uint)value);
                break;
            default:
                WriteVarint32(WireFormat.EncodeZigZag32(value));
                break;
        }
    }

    // Fixed-width values are written little-endian, which on little-endian machines is their in-memory layout:
    // the whole span is copied in one go.
    private void WritePackedFixed<T>(ReadOnlySpan<T> values)
        where T : unmanaged
    {
        ReadOnlySpan<byte> bytes = MemoryMarshal.AsBytes(values);
        Span<byte> destination = Reserve(bytes.Length);
        bytes.CopyTo(destination);
        if (!BitConverter.IsLittleEndian)
        {
            int size = Unsafe.SizeOf<T>();
            for (int offset = 0; offset < destination.Length; offset += size)
            {
                destination.Slice(offset, size).Reverse();
            }
        }
    }
}
