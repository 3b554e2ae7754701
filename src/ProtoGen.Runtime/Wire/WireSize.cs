using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
        // else is counted by Utf8Count, in vector blocks whatever the text.
        int length = value.Length;
        if (length <= 32 && IsShortAscii(value, length))
        {
            return 1 + length;
        }

        int byteCount = Utf8Count.GetByteCount(value);
        return Varint32((uint)byteCount) + byteCount;
    }

    // Whether a string of at most 32 chars is all ASCII: ORs its chars in (at most) four overlapping loads of 4 or 8
    // chars each (or its one to three chars), and tests the bits that only non-ASCII chars have.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsShortAscii(string value, int length)
    {
        ref ushort first = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(value.AsSpan()));
        if (length > 16)
        {
            // The first 16 and the last 16 chars cover the whole string.
            Vector128<ushort> chars = Vector128.LoadUnsafe(ref first) | Vector128.LoadUnsafe(ref first, 8)
                | Vector128.LoadUnsafe(ref first, (nuint)(length - 16)) | Vector128.LoadUnsafe(ref first, (nuint)(length - 8));
            return (chars & Vector128.Create((ushort)0xFF80)) == Vector128<ushort>.Zero;
        }

        if (length >= 8)
        {
            Vector128<ushort> chars = Vector128.LoadUnsafe(ref first) | Vector128.LoadUnsafe(ref first, (nuint)(length - 8));
            return (chars & Vector128.Create((ushort)0xFF80)) == Vector128<ushort>.Zero;
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

    /// <summary>Size of a bytes value: length prefix plus the bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Bytes(ByteString value) => LengthDelimited(value.Length);

    /// <summary>Size of a length-delimited payload of <paramref name="length"/> bytes, prefix included.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int LengthDelimited(int length) => Varint32((uint)length) + length;

    /// <summary>Size of a sub-message, prefix included, from its cached size.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Message(IMessage message) => LengthDelimited(message.CalculateSize());

    /// <summary>Size of the tag of field <paramref name="fieldNumber"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Tag(int fieldNumber) => Varint32(WireFormat.MakeTag(fieldNumber, WireType.Varint));
}
