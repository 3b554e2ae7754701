using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
#if NET
using System.Runtime.Intrinsics;
#endif
using ProtoGen.Collections;

namespace ProtoGen.Wire;

/// <summary>Packed repeated fields: a length prefix, then the values back to back.</summary>
public ref partial struct WireReader
{
    /// <summary>Reads a packed int32 field (length prefix, then values) and appends the values to <paramref name="into"/>.</summary>
    public void ReadPackedInt32(RepeatedField<int> into) => ReadPackedVarints<int, Int32Value>(into);

    /// <summary>Reads a packed int64 field (length prefix, then values) and appends the values to <paramref name="into"/>.</summary>
    public void ReadPackedInt64(RepeatedField<long> into) => ReadPackedVarints<long, Int64Value>(into);

    /// <summary>Reads a packed uint32 field (length prefix, then values) and appends the values to <paramref name="into"/>.</summary>
    public void ReadPackedUInt32(RepeatedField<uint> into) => ReadPackedVarints<uint, UInt32Value>(into);

    /// <summary>Reads a packed uint64 field (length prefix, then values) and appends the values to <paramref name="into"/>.</summary>
    public void ReadPackedUInt64(RepeatedField<ulong> into) => ReadPackedVarints<ulong, UInt64Value>(into);

    /// <summary>Reads a packed sint32 field (length prefix, then values) and appends the values to <paramref name="into"/>.</summary>
    public void ReadPackedSInt32(RepeatedField<int> into) => ReadPackedVarints<int, SInt32Value>(into);

    /// <summary>Reads a packed sint64 field (length prefix, then values) and appends the values to <paramref name="into"/>.</summary>
    public void ReadPackedSInt64(RepeatedField<long> into) => ReadPackedVarints<long, SInt64Value>(into);

    /// <summary>Reads a packed bool field (length prefix, then values) and appends the values to <paramref name="into"/>.</summary>
    public void ReadPackedBool(RepeatedField<bool> into) => ReadPackedVarints<bool, BoolValue>(into);

    /// <summary>Reads a packed enum field (length prefix, then values) and appends the values to <paramref name="into"/>.</summary>
    public void ReadPackedEnum(RepeatedField<int> into) => ReadPackedVarints<int, Int32Value>(into);

    /// <summary>Reads a packed fixed32 field (length prefix, then values) and appends the values to <paramref name="into"/>.</summary>
    public void ReadPackedFixed32(RepeatedField<uint> into) => ReadPackedFixed(into);

    /// <summary>Reads a packed fixed64 field (length prefix, then values) and appends the values to <paramref name="into"/>.</summary>
    public void ReadPackedFixed64(RepeatedField<ulong> into) => ReadPackedFixed(into);

    /// <summary>Reads a packed sfixed32 field (length prefix, then values) and appends the values to <paramref name="into"/>.</summary>
    public void ReadPackedSFixed32(RepeatedField<int> into) => ReadPackedFixed(into);

    /// <summary>Reads a packed sfixed64 field (length prefix, then values) and appends the values to <paramref name="into"/>.</summary>
    public void ReadPackedSFixed64(RepeatedField<long> into) => ReadPackedFixed(into);

    /// <summary>Reads a packed float field (length prefix, then values) and appends the values to <paramref name="into"/>.</summary>
    public void ReadPackedFloat(RepeatedField<float> into) => ReadPackedFixed(into);

    /// <summary>Reads a packed double field (length prefix, then values) and appends the values to <paramref name="into"/>.</summary>
    public void ReadPackedDouble(RepeatedField<double> into) => ReadPackedFixed(into);

    /// <summary>Reads a packed field of a generated enum type and appends the values (unknown numbers kept) to <paramref name="into"/>.</summary>
    public void ReadPackedEnum<TEnum>(RepeatedField<TEnum> into)
        where TEnum : struct, Enum
    {
        if (Unsafe.SizeOf<TEnum>() != sizeof(int))
        {
            throw new NotSupportedException("Protobuf enums are 32-bit.");
        }

        ReadPackedVarints<TEnum, EnumValue<TEnum>>(into);
    }

    // A packed payload holds exactly as many varints as it has bytes without the continuation bit (0x80): each
    // varint ends at the first such byte. Once they are counted, every value can be decoded without checking the
    // limit, because the n-th varint cannot end after the n-th terminator; only varints longer than 10 bytes, and
    // bytes left over after the last terminator (a varint cut off by the length prefix), are malformed. The values
    // go straight into the list's free space, which it grows once.
    private void ReadPackedVarints<T, TValue>(RepeatedField<T> into)
        where TValue : struct, IVarintValue<T>
    {
        int oldLimit = PushLimit(ReadLength());
        int position = _position;
        int payloadLength = _limit - position;
        Span<T> values = into.GetAppendSpan(CountVarintsBeforeLimit());
        ref byte data = ref MemoryMarshal.GetReference(_buffer);
        if (values.Length == payloadLength)
        {
            // Every value is one byte (small numbers, enums, bools): no continuation bits to follow.
            for (int i = 0; i < values.Length; i++)
            {
                values[i] =
#if NET
                    TValue.FromVarint(Unsafe.Add(ref data, position + i));
#else
                    default(TValue).Convert(Unsafe.Add(ref data, position + i));
#endif
            }

            position += payloadLength;
        }
        else
        {
            for (int i = 0; i < values.Length; i++)
            {
                ulong b = Unsafe.Add(ref data, position++);
                ulong raw = b & 0x7F;
                for (int shift = 7; b >= 0x80; shift += 7)
                {
                    if (shift == 7 * MaxVarintLength)
                    {
                        throw InvalidProtocolBufferException.MalformedVarint();
                    }

                    b = Unsafe.Add(ref data, position++);
                    raw |= (b & 0x7F) << shift;
                }

                values[i] =
#if NET
                    TValue.FromVarint(raw);
#else
                    default(TValue).Convert(raw);
#endif
            }
        }

        if (position != _limit)
        {
            throw InvalidProtocolBufferException.TruncatedMessage();
        }

        _position = position;
        _limit = oldLimit;
        into.CommitAppended(values.Length);
    }

    // How a packed varint's raw 64 bits become a value of each field type; the JIT specializes
    // ReadPackedVarints for each of these structs, so the conversion is inlined. netstandard2.0 cannot declare static
    // abstract members: there each struct also has an instance Convert, called on default(TValue).
    private interface IVarintValue<T>
    {
#if NET
        static abstract T FromVarint(ulong raw);
#else
        T Convert(ulong raw);
#endif
    }

    private struct Int32Value : IVarintValue<int>
    {
        public static int FromVarint(ulong raw) => (int)raw;
#if !NET
        public readonly int Convert(ulong raw) => FromVarint(raw);
#endif
    }

    private struct Int64Value : IVarintValue<long>
    {
        public static long FromVarint(ulong raw) => (long)raw;
#if !NET
        public readonly long Convert(ulong raw) => FromVarint(raw);
#endif
    }

    private struct UInt32Value : IVarintValue<uint>
    {
        public static uint FromVarint(ulong raw) => (uint)raw;
#if !NET
        public readonly uint Convert(ulong raw) => FromVarint(raw);
#endif
    }

    private struct UInt64Value : IVarintValue<ulong>
    {
        public static ulong FromVarint(ulong raw) => raw;
#if !NET
        public readonly ulong Convert(ulong raw) => FromVarint(raw);
#endif
    }

    private struct SInt32Value : IVarintValue<int>
    {
        public static int FromVarint(ulong raw) => WireFormat.DecodeZigZag32((uint)raw);
#if !NET
        public readonly int Convert(ulong raw) => FromVarint(raw);
#endif
    }

    private struct SInt64Value : IVarintValue<long>
    {
        public static long FromVarint(ulong raw) => WireFormat.DecodeZigZag64(raw);
#if !NET
        public readonly long Convert(ulong raw) => FromVarint(raw);
#endif
    }

    private struct BoolValue : IVarintValue<bool>
    {
        public static bool FromVarint(ulong raw) => raw != 0;
#if !NET
        public readonly bool Convert(ulong raw) => FromVarint(raw);
#endif
    }

    private struct EnumValue<TEnum> : IVarintValue<TEnum>
        where TEnum : struct, Enum
    {
        public static TEnum FromVarint(ulong raw)
        {
            int value = (int)raw;
            return Unsafe.As<int, TEnum>(ref value);
        }
#if !NET
        public readonly TEnum Convert(ulong raw) => FromVarint(raw);
#endif
    }

    // How many varints end before the current limit: one per byte without the continuation bit (0x80). Packed
    // fields read exactly that many values straight into their list's free space; a truncated last varint is not
    // counted (its bytes all have the bit), and the count never exceeds the payload's length, which ReadLength checked.
    private readonly int CountVarintsBeforeLimit()
    {
        ReadOnlySpan<byte> payload = _buffer.Slice(_position, _limit - _position);
        int continuations = 0;
        int i = 0;
#if NET
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= payload.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                continuations += BitOperations.PopCount(Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(payload), (nuint)i).ExtractMostSignificantBits());
            }
        }
#endif

        for (; i < payload.Length; i++)
        {
            continuations += payload[i] >> 7;
        }

        return payload.Length - continuations;
    }

    // Fixed-width values are stored little-endian, which on little-endian machines is their in-memory layout:
    // the whole payload is copied in one go.
    private void ReadPackedFixed<T>(RepeatedField<T> into)
        where T : unmanaged
    {
        int length = ReadLength();
        int size = Unsafe.SizeOf<T>();
        if (length % size != 0)
        {
            throw InvalidProtocolBufferException.TruncatedMessage();
        }

        ReadOnlySpan<byte> payload = _buffer.Slice(_position, length);
        _position += length;
        if (BitConverter.IsLittleEndian)
        {
            into.AddRange(MemoryMarshal.Cast<byte, T>(payload));
            return;
        }

        into.EnsureCapacity(into.Count + (length / size));
        Span<byte> element = stackalloc byte[size];
        for (int offset = 0; offset < length; offset += size)
        {
            payload.Slice(offset, size).CopyTo(element);
            element.Reverse();
            into.Add(MemoryMarshal.Read<T>(element));
        }
    }
}
