using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ProtoGen.Collections;

namespace ProtoGen.Wire;

/// <summary>Packed repeated fields: a length prefix, then the values back to back.</summary>
public ref partial struct WireReader
{
    /// <summary>Reads a packed int32 field (length prefix, then values) and appends the values to <paramref name="into"/>.</summary>
    public void ReadPackedInt32(RepeatedField<int> into)
    {
        int oldLimit = PushLimit(ReadLength());
        into.EnsureCapacity(into.Count + CountVarintsBeforeLimit());
        while (_position < _limit)
        {
            into.Add(ReadInt32());
        }

        _limit = oldLimit;
    }

    /// <summary>Reads a packed int64 field (length prefix, then values) and appends the values to <paramref name="into"/>.</summary>
    public void ReadPackedInt64(RepeatedField<long> into)
    {
        int oldLimit = PushLimit(ReadLength());
        into.EnsureCapacity(into.Count + CountVarintsBeforeLimit());
        while (_position < _limit)
        {
            into.Add(ReadInt64());
        }

        _limit = oldLimit;
    }

    /// <summary>Reads a packed uint32 field (length prefix, then values) and appends the values to <paramref name="into"/>.</summary>
    public void ReadPackedUInt32(RepeatedField<uint> into)
    {
        int oldLimit = PushLimit(ReadLength());
        into.EnsureCapacity(into.Count + CountVarintsBeforeLimit());
        while (_position < _limit)
        {
            into.Add(ReadUInt32());
        }

        _limit = oldLimit;
    }

    /// <summary>Reads a packed uint64 field (length prefix, then values) and appends the values to <paramref name="into"/>.</summary>
    public void ReadPackedUInt64(RepeatedField<ulong> into)
    {
        int oldLimit = PushLimit(ReadLength());
        into.EnsureCapacity(into.Count + CountVarintsBeforeLimit());
        while (_position < _limit)
        {
            into.Add(ReadUInt64());
        }

        _limit = oldLimit;
    }

    /// <summary>Reads a packed sint32 field (length prefix, then values) and appends the values to <paramref name="into"/>.</summary>
    public void ReadPackedSInt32(RepeatedField<int> into)
    {
        int oldLimit = PushLimit(ReadLength());
        into.EnsureCapacity(into.Count + CountVarintsBeforeLimit());
        while (_position < _limit)
        {
            into.Add(ReadSInt32());
        }

        _limit = oldLimit;
    }

    /// <summary>Reads a packed sint64 field (length prefix, then values) and appends the values to <paramref name="into"/>.</summary>
    public void ReadPackedSInt64(RepeatedField<long> into)
    {
        int oldLimit = PushLimit(ReadLength());
        into.EnsureCapacity(into.Count + CountVarintsBeforeLimit());
        while (_position < _limit)
        {
            into.Add(ReadSInt64());
        }

        _limit = oldLimit;
    }

    /// <summary>Reads a packed bool field (length prefix, then values) and appends the values to <paramref name="into"/>.</summary>
    public void ReadPackedBool(RepeatedField<bool> into)
    {
        int oldLimit = PushLimit(ReadLength());
        into.EnsureCapacity(into.Count + CountVarintsBeforeLimit());
        while (_position < _limit)
        {
            into.Add(ReadBool());
        }

        _limit = oldLimit;
    }

    /// <summary>Reads a packed enum field (length prefix, then values) and appends the values to <paramref name="into"/>.</summary>
    public void ReadPackedEnum(RepeatedField<int> into)
    {
        int oldLimit = PushLimit(ReadLength());
        into.EnsureCapacity(into.Count + CountVarintsBeforeLimit());
        while (_position < _limit)
        {
            into.Add(ReadEnum());
        }

        _limit = oldLimit;
    }

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

        int oldLimit = PushLimit(ReadLength());
        into.EnsureCapacity(into.Count + CountVarintsBeforeLimit());
        while (_position < _limit)
        {
            int value = ReadEnum();
            into.Add(Unsafe.As<int, TEnum>(ref value));
        }

        _limit = oldLimit;
    }

    // How many varints end before the current limit: one per byte without the continuation bit (0x80). Packed
    // fields size their list once from it instead of doubling it as values arrive; a truncated last varint only
    // makes the count one too high, and it never exceeds the payload's length, which ReadLength checked.
    private readonly int CountVarintsBeforeLimit()
    {
        ReadOnlySpan<byte> payload = _buffer.Slice(_position, _limit - _position);
        int continuations = 0;
        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= payload.Length - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                continuations += BitOperations.PopCount(Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(payload), (nuint)i).ExtractMostSignificantBits());
            }
        }

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
