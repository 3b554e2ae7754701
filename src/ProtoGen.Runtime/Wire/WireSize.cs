using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
#if NET
using System.Runtime.Intrinsics;
#endif

namespace ProtoGen.Wire;

/// <summary>Encoded sizes, in bytes, of each kind of value; generated CalculateSize methods add these up.</summary>
public static class WireSize
{
    /// <summary>Size of a fixed32, sfixed32 or float value.</summary>
    public const int Fixed32Size = 4;

    /// <summary>Size of a fixed64, sfixed64 or double value.</summary>
    public const int Fixed64Size = 8;

    /// <summary>Size of a bool value.</summary>
    public const int BoolSize = 1;

    /// <summary>Size of an unsigned 32-bit varint.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Varint32(uint value) => (BitOperations.Log2(value | 1) * 9 + 73) >> 6;

    /// <summary>Size of an unsigned 64-bit varint.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Varint64(ulong value) => (BitOperations.Log2(value | 1) * 9 + 73) >> 6;

    /// <summary>Size of an int32 value; negative values are sign-extended to 10 bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Int32(int value) => value >= 0 ? Varint32((uint)value) : 10;

    /// <summary>Size of an int64 value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Int64(long value) => Varint64((ulong)value);

    /// <summary>Size of a uint32 value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int UInt32(uint value) => Varint32(value);

    /// <summary>Size of a uint64 value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int UInt64(ulong value) => Varint64(value);

    /// <summary>Size of a sint32 (ZigZag) value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SInt32(int value) => Varint32(WireFormat.EncodeZigZag32(value));

    /// <summary>Size of a sint64 (ZigZag) value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SInt64(long value) => Varint64(WireFormat.EncodeZigZag64(value));

    /// <summary>Size of an enum value (encoded like int32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Enum(int value) => Int32(value);

    /// <summary>Size of a string: length prefix plus its UTF-8 bytes.</summary>
    public static int String(string value)
    {
        // Most strings on the wire (codes, ids, names, keys, emails, titles) are short and ASCII: one char, one byte.
        // Those of up to 32 chars are checked here without a call, and their length prefix is one byte; everything
        // else is counted by Utf8Transcoder, in vector blocks whatever the text (ASCII of 33 to 64 chars in four loads).
        int length = value.Length;
        if (length <= 32 && IsShortAscii(value, length))
        {
            return 1 + length;
        }

        int byteCount = Utf8Transcoder.GetByteCount(value);
        return Varint32((uint)byteCount) + byteCount;
    }

    /// <summary>At least <see cref="String"/>'s result, without reading the text (for a write's upper bound, see
    /// <see cref="IMessage.CalculateWriteBound"/>): 3 bytes per char, the most a UTF-16 char encodes to, and the prefix
    /// for that many. Strings of more than 64 Ki chars are counted exactly, as the writer counts them before encoding
    /// them in any case; so no string adds more than about 192 KiB to a bound.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int StringBound(string value)
    {
        int length = value.Length;
        if (length > WireWriter.MaxStringLengthForSinglePass)
        {
            return String(value);
        }

        return LengthDelimited(length * 3);
    }

    /// <summary>For a write's upper bound (<see cref="IMessage.CalculateWriteBound"/>): the size, prefix included, of a
    /// sub-message whose type holds no messages, so that its own bound takes no slots. Up to 16,383 bytes (a contact,
    /// an address, a line item) the message's slot says that the writer is to leave room for the prefix that bound
    /// needs and fill it in after writing the message (closing up a byte left over); its strings are then never
    /// counted. A larger message is sized exactly, as in a size pass.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int MessageBound<T>(T message, SizeTable sizes)
        where T : IMessage
    {
        int slot = sizes.Reserve();
        int bound = message.CalculateWriteBound(sizes);
        if (bound <= SizeTable.MaxPrefixedAfterWrite)
        {
            int prefixBytes = SizeTable.PrefixBytes(bound);
            sizes.Record(slot, SizeTable.PrefixedAfterWrite(prefixBytes));
            return prefixBytes + bound;
        }

        return LengthDelimited(sizes.Record(slot, message.CalculateSize(sizes)));
    }

#if !NET
    // netstandard2.0: the chars ORed together one at a time, tested for the bits only non-ASCII chars have.
    private static bool IsAsciiScalar(ref ushort first, int length)
    {
        int bits = 0;
        for (int i = 0; i < length; i++) bits |= Unsafe.Add(ref first, i);
        return (bits & 0xFF80) == 0;
    }

#endif
    // Whether a string of at most 32 chars is all ASCII: ORs its chars in (at most) four overlapping loads of 4 or 8
    // chars each (or its one to three chars), and tests the bits that only non-ASCII chars have.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsShortAscii(string value, int length)
    {
        ref ushort first = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(value.AsSpan()));
        if (length > 16)
        {
            // The first 16 and the last 16 chars cover the whole string.
#if NET
            Vector128<ushort> chars = Vector128.LoadUnsafe(ref first) | Vector128.LoadUnsafe(ref first, 8)
                | Vector128.LoadUnsafe(ref first, (nuint)(length - 16)) | Vector128.LoadUnsafe(ref first, (nuint)(length - 8));
            return (chars & Vector128.Create((ushort)0xFF80)) == Vector128<ushort>.Zero;
#else
            return IsAsciiScalar(ref first, length);
#endif
        }

        if (length >= 8)
        {
#if NET
            Vector128<ushort> chars = Vector128.LoadUnsafe(ref first) | Vector128.LoadUnsafe(ref first, (nuint)(length - 8));
            return (chars & Vector128.Create((ushort)0xFF80)) == Vector128<ushort>.Zero;
#else
            return IsAsciiScalar(ref first, length);
#endif
        }

        if (length >= 4)
        {
            ulong chars = Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<ushort, byte>(ref first))
                | Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref first, length - 4)));
            return (chars & 0xFF80_FF80_FF80_FF80UL) == 0;
        }

        if (length == 0)
        {
            return true;
        }

        // 1 to 3 chars: the first, the middle and the last (the same char more than once when shorter), without a loop.
        return (first | Unsafe.Add(ref first, length >> 1) | Unsafe.Add(ref first, length - 1)) < 0x80;
    }

    /// <summary>Payload size of packed int32 values (negative ones take 10 bytes).</summary>
    public static int PackedInt32(ReadOnlySpan<int> values) => PackedVarint32(values, negativeExtra: 9, zigZag: false);

    /// <summary>Payload size of packed uint32 values.</summary>
    public static int PackedUInt32(ReadOnlySpan<uint> values) => PackedVarint32(MemoryMarshal.Cast<uint, int>(values), negativeExtra: 4, zigZag: false);

    /// <summary>Payload size of packed sint32 values (ZigZag-encoded).</summary>
    public static int PackedSInt32(ReadOnlySpan<int> values) => PackedVarint32(values, negativeExtra: 4, zigZag: true);

    /// <summary>Payload size of packed values of a generated enum type (sized as int32).</summary>
    public static int PackedEnum<TEnum>(ReadOnlySpan<TEnum> values)
        where TEnum : struct, Enum
    {
        if (Unsafe.SizeOf<TEnum>() != sizeof(int))
        {
            throw new NotSupportedException("Protobuf enums are 32-bit.");
        }

        return PackedInt32(MemoryMarshal.Cast<TEnum, int>(values));
    }

    /// <summary>Payload size of packed int64 values.</summary>
    public static int PackedInt64(ReadOnlySpan<long> values) => PackedUInt64(MemoryMarshal.Cast<long, ulong>(values));

    /// <summary>Payload size of packed uint64 values.</summary>
    public static int PackedUInt64(ReadOnlySpan<ulong> values)
    {
        int size = 0;
        foreach (ulong value in values)
        {
            size += Varint64(value);
        }

        return size;
    }

    /// <summary>Payload size of packed sint64 values (ZigZag-encoded).</summary>
    public static int PackedSInt64(ReadOnlySpan<long> values)
    {
        int size = 0;
        foreach (long value in values)
        {
            size += SInt64(value);
        }

        return size;
    }

    // The varint bytes of 32-bit values (ZigZag-encoded first for sint32), read as signed: one byte each, plus one for
    // each of 2^7, 2^14, 2^21 and 2^28 that a non-negative value reaches, plus negativeExtra for a negative one (9 for
    // an int32, which is sign-extended to 10 bytes; 4 for a uint32 or ZigZag value of 2^31 or more, 5 bytes). The
    // vector blocks compare signed, which is exact because negative values are counted apart. Inlined into each
    // caller, so that the constant arguments fold away.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PackedVarint32(ReadOnlySpan<int> values, int negativeExtra, bool zigZag)
    {
        ref int first = ref MemoryMarshal.GetReference(values);
        int length = values.Length;
        int i = 0;
        int extra = 0;
#if NET
        if (Vector256.IsHardwareAccelerated && length >= Vector256<int>.Count)
        {
            // Each lane counts the extra bytes of its values: a true compare is -1, so subtracting it adds one.
            Vector256<int> counts = Vector256<int>.Zero;
            Vector256<int> negative = Vector256.Create(negativeExtra);
            for (; i <= length - Vector256<int>.Count; i += Vector256<int>.Count)
            {
                Vector256<int> block = Vector256.LoadUnsafe(ref first, (nuint)i);
                if (zigZag)
                {
                    block = WireFormat.EncodeZigZag32(block);
                }

                counts -= Vector256.GreaterThan(block, Vector256.Create(0x7F))
                    + Vector256.GreaterThan(block, Vector256.Create(0x3FFF))
                    + Vector256.GreaterThan(block, Vector256.Create(0x1F_FFFF))
                    + Vector256.GreaterThan(block, Vector256.Create(0xFFF_FFFF));
                counts += Vector256.ShiftRightArithmetic(block, 31) & negative;
            }

            extra = Vector256.Sum(counts);
        }
#endif

        for (; i < length; i++)
        {
            int value = Unsafe.Add(ref first, i);
            if (zigZag)
            {
                value = (int)WireFormat.EncodeZigZag32(value);
            }

            extra += value < 0 ? negativeExtra : Varint32((uint)value) - 1;
        }

        return length + extra;
    }

    /// <summary>Size of a bytes value: length prefix plus the bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Bytes(ByteString value) => LengthDelimited(value.Length);

    /// <summary>Size of a length-delimited payload of <paramref name="length"/> bytes, prefix included.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LengthDelimited(int length) => Varint32((uint)length) + length;

    /// <summary>Size of a sub-message, prefix included; with a size table, its size is recorded there for the write
    /// pass (for code that holds a table rather than a size pass, such as extension values).</summary>
    public static int Message<TMessage>(TMessage message, SizeTable? sizes)
        where TMessage : IMessage
        => LengthDelimited(sizes is null ? message.CalculateSize() : sizes.Measure(message));

    /// <summary>Size of a group's fields, without its tags (a group has no length prefix, so it takes no slot; the
    /// messages inside it do), for code that holds a table rather than a size pass.</summary>
    public static int Group<TMessage>(TMessage message, SizeTable? sizes)
        where TMessage : IMessage
        => sizes is null ? message.CalculateSize() : message.CalculateSize(sizes);

    /// <summary>Size of the tag of field <paramref name="fieldNumber"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Tag(int fieldNumber) => Varint32(WireFormat.MakeTag(fieldNumber, WireType.Varint));
}
