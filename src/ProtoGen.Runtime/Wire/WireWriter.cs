using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
#if NET
using System.Runtime.Intrinsics;
#endif
using System.Text;

namespace ProtoGen.Wire;

/// <summary>Writes protobuf values into one span sized by CalculateSize(); never allocates or grows.</summary>
/// <remarks>Running out of space means the computed size was wrong, so it throws rather than truncating.</remarks>
public ref struct WireWriter
{
    private readonly Span<byte> _buffer;
    private readonly SizeTable? _sizes;
    private int _position;
    private int _nextSize;

    /// <summary>Creates a writer that fills <paramref name="buffer"/> from its start, sizing each sub-message when it
    /// writes its length prefix.</summary>
    public WireWriter(Span<byte> buffer)
        : this(buffer, null)
    {
    }

    /// <summary>Creates a writer that fills <paramref name="buffer"/> from its start, taking sub-messages' sizes from
    /// <paramref name="sizes"/>, filled by the size pass of the message about to be written (or sizing them itself
    /// when null).</summary>
    public WireWriter(Span<byte> buffer, SizeTable? sizes)
    {
        _buffer = buffer;
        _sizes = sizes;
        _position = 0;
        _nextSize = 0;
    }

    /// <summary>Whether every size in the writer's table has been used (always true without a table): after a whole
    /// message, anything else means it changed between its size pass and this write.</summary>
    public readonly bool UsedAllSizes => _sizes is null || _nextSize == _sizes.Count;

    /// <summary>Number of bytes written so far.</summary>
    public readonly int Position => _position;

    /// <summary>Bytes still free in the buffer.</summary>
    public readonly int Remaining => _buffer.Length - _position;

    /// <summary>Writes one precomputed tag byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteRawTag(byte b1)
    {
        if ((uint)_position >= (uint)_buffer.Length)
        {
            ThrowOutOfSpace();
        }

        At(_position++) = b1;
    }

    /// <summary>Writes two precomputed tag bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteRawTag(byte b1, byte b2)
    {
        ref byte destination = ref ReserveRef(2);
        destination = b1;
        Unsafe.Add(ref destination, 1) = b2;
    }

    /// <summary>Writes three precomputed tag bytes.</summary>
    public void WriteRawTag(byte b1, byte b2, byte b3)
    {
        ref byte destination = ref ReserveRef(3);
        destination = b1;
        Unsafe.Add(ref destination, 1) = b2;
        Unsafe.Add(ref destination, 2) = b3;
    }

    /// <summary>Writes four precomputed tag bytes.</summary>
    public void WriteRawTag(byte b1, byte b2, byte b3, byte b4)
    {
        ref byte destination = ref ReserveRef(4);
        destination = b1;
        Unsafe.Add(ref destination, 1) = b2;
        Unsafe.Add(ref destination, 2) = b3;
        Unsafe.Add(ref destination, 3) = b4;
    }

    /// <summary>Writes five precomputed tag bytes.</summary>
    public void WriteRawTag(byte b1, byte b2, byte b3, byte b4, byte b5)
    {
        ref byte destination = ref ReserveRef(5);
        destination = b1;
        Unsafe.Add(ref destination, 1) = b2;
        Unsafe.Add(ref destination, 2) = b3;
        Unsafe.Add(ref destination, 3) = b4;
        Unsafe.Add(ref destination, 4) = b5;
    }

    /// <summary>Writes a tag as a varint.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteTag(uint tag) => WriteVarint32(tag);

    /// <summary>Writes a tag for a field number and wire type.</summary>
    public void WriteTag(int fieldNumber, WireType type) => WriteVarint32(WireFormat.MakeTag(fieldNumber, type));

    /// <summary>Writes an int32; negative values take 10 bytes, sign-extended, as Google.Protobuf writes them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteInt32(int value)
    {
        if (value >= 0)
        {
            WriteVarint32((uint)value);
        }
        else
        {
            WriteVarint64((ulong)(long)value);
        }
    }

    /// <summary>Writes an int64 varint.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteInt64(long value) => WriteVarint64((ulong)value);

    /// <summary>Writes a uint32 varint.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteUInt32(uint value) => WriteVarint32(value);

    /// <summary>Writes a uint64 varint.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteUInt64(ulong value) => WriteVarint64(value);

    /// <summary>Writes a sint32 (ZigZag varint).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteSInt32(int value) => WriteVarint32(WireFormat.EncodeZigZag32(value));

    /// <summary>Writes a sint64 (ZigZag varint).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteSInt64(long value) => WriteVarint64(WireFormat.EncodeZigZag64(value));

    /// <summary>Writes an enum value (encoded like int32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteEnum(int value) => WriteInt32(value);

    /// <summary>Writes a bool as a one-byte varint.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteBool(bool value) => WriteRawTag(value ? (byte)1 : (byte)0);

    /// <summary>Writes a little-endian fixed32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteFixed32(uint value) => WriteLittleEndian(value);

    /// <summary>Writes a little-endian fixed64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteFixed64(ulong value) => WriteLittleEndian(value);

    /// <summary>Writes a little-endian sfixed32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteSFixed32(int value) => WriteLittleEndian((uint)value);

    /// <summary>Writes a little-endian sfixed64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteSFixed64(long value) => WriteLittleEndian((ulong)value);

    /// <summary>Writes a float's IEEE 754 bits little-endian (NaN payloads and -0 kept).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteFloat(float value) => WriteLittleEndian(BitConverter.SingleToUInt32Bits(value));

    /// <summary>Writes a double's IEEE 754 bits little-endian (NaN payloads and -0 kept).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteDouble(double value) => WriteLittleEndian(BitConverter.DoubleToUInt64Bits(value));

    /// <summary>Writes a length prefix and the string's UTF-8 bytes, encoded straight into the buffer.</summary>
    /// <remarks>Unpaired surrogates become U+FFFD, as Encoding.UTF8 (and so Google.Protobuf) writes them.</remarks>
    public void WriteString(string value)
    {
        // Strings of 1 to 64 ASCII chars (most codes, ids, keys, names, titles, UUIDs, emails and URLs; 1 to 32 where
        // 256-bit vectors are not in hardware, as on Arm) are written inline, with their own space check.
        if ((uint)(value.Length - 1) < (uint)WireFormat.InlineAsciiLimit && TryWriteShortAscii(value))
        {
            return;
        }

        // A string of at most 127 chars that is all ASCII, or of at most 42 chars whatever its text (at most 126 UTF-8
        // bytes), has a one-byte prefix: encode first, then fill in the prefix, and skip counting the bytes twice.
        if (value.Length <= 127)
        {
            if ((uint)_position >= (uint)_buffer.Length)
            {
                ThrowOutOfSpace();
            }

            Span<byte> destination = _buffer.Slice(_position + 1);
            int written;
            if (value.Length is >= 1 and <= 32)
            {
                // Not ASCII (or no room, which the encoder reports): TryWriteShortAscii has looked at every char already.
                written = EncodeUtf8(value, destination);
            }
            else if (value.Length > WireFormat.InlineAsciiLimit && System.Text.Ascii.FromUtf16(value, destination, out int narrowed) == OperationStatus.Done)
            {
                // 65 (or 33) to 127 chars (and the empty string) try the ASCII narrowing first: it costs less than the UTF-8
                // encoder's setup, it stops at the first non-ASCII char, and above 42 chars it spares the widest-prefix
                // path below its shift.
                written = narrowed;
            }
            else if (value.Length <= 42)
            {
                written = EncodeUtf8(value, destination);
            }
            else
            {
                WriteLongString(value);
                return;
            }

            _buffer[_position] = (byte)written;
            _position += 1 + written;
            return;
        }

        // Strings of 43 to 127 chars reach WriteLongString above after their own narrowing failed; these have not.
        if (!TryWriteLongAscii(value))
        {
            WriteLongString(value);
        }
    }

    // A string of more than 127 chars that is all ASCII (descriptions, URLs, tokens, base64): one byte per char, so
    // its prefix is known before it is narrowed, and .NET's narrowing is faster on it than the encoder's ASCII blocks.
    // Other text stops the narrowing at its first non-ASCII char (early, in most such text): false, and the position is unchanged.
    private bool TryWriteLongAscii(string value)
    {
        int asciiPrefix = WireSize.Varint32((uint)value.Length);
        if (_position + asciiPrefix > _buffer.Length
            || System.Text.Ascii.FromUtf16(value, _buffer.Slice(_position + asciiPrefix), out int narrowed) != OperationStatus.Done)
        {
            return false;
        }

        WriteVarint32((uint)narrowed);
        _position += narrowed;
        return true;
    }

    // A string that may need a prefix of more than one byte.
    private void WriteLongString(string value)
    {
        // Reserve the widest prefix the string could need (3 UTF-8 bytes per char at most), encode once straight after
        // it, then shift the bytes left if the real prefix is shorter. Counting the bytes first, as the size pass
        // already did, would read the string a second time.
        int maxPrefix = WireSize.Varint32((uint)value.Length * 3);
        if (value.Length <= MaxStringLengthForSinglePass && _position + maxPrefix <= _buffer.Length)
        {
            Span<byte> destination = _buffer.Slice(_position + maxPrefix);
            if (Utf8Encoder.TryEncode(value, destination, out int encoded))
            {
                int prefix = WireSize.Varint32((uint)encoded);
                if (prefix < maxPrefix)
                {
                    MoveLeft(ref At(_position + prefix), ref At(_position + maxPrefix), encoded);
                }

                WriteVarint32((uint)encoded);
                _position += encoded;
                return;
            }
        }

        // Near the end of the buffer the widest prefix may not fit: count first, then encode into the exact space.
        int byteCount = Utf8Count.GetByteCount(value);
        WriteVarint32((uint)byteCount);
        EncodeUtf8(value, Reserve(byteCount));
    }

    // Above this many chars the shift after a too-wide prefix could copy megabytes; count first instead.
    internal const int MaxStringLengthForSinglePass = 64 * 1024;

    // Moves count bytes (at least 16: the strings that take this path have more than 42 chars) to a destination that
    // starts before the source, by the bytes a too-wide prefix left free. Span.CopyTo hands overlapping ranges to a
    // native memmove call; a forward copy is safe when the destination comes first: every block is loaded before
    // anything is stored over it.
    private static void MoveLeft(ref byte destination, ref byte source, int count)
    {
        Debug.Assert(count >= 16, "Strings of more than 42 chars and messages of more than 64 bytes are moved.");

#if NET
        // The last 16 bytes are loaded first: the blocks stored before them may overwrite part of them.
        Vector128<byte> last = Vector128.LoadUnsafe(ref source, (nuint)(count - 16));
        for (int i = 0; i < count - 16; i += 16)
        {
            Vector128.LoadUnsafe(ref source, (nuint)i).StoreUnsafe(ref destination, (nuint)i);
        }

        last.StoreUnsafe(ref destination, (nuint)(count - 16));
#else
        // A byte at a time, first to last: each byte is read before anything is stored over it.
        for (int i = 0; i < count; i++)
        {
            Unsafe.Add(ref destination, i) = Unsafe.Add(ref source, i);
        }
#endif
    }

    /// <summary>Writes a length prefix and the bytes.</summary>
    public void WriteBytes(ByteString value)
    {
        ReadOnlySpan<byte> bytes = value.Span;
        if ((uint)(bytes.Length - 1) < 64)
        {
            // 1 to 64 bytes (ids, hashes, keys, small blobs, packed Any values): the one-byte prefix and the bytes under
            // one space check, copied in overlapping loads and stores instead of a call to the general memmove.
            ref byte destination = ref ReserveRef(1 + bytes.Length);
            destination = (byte)bytes.Length;
            CopySmall(ref MemoryMarshal.GetReference(bytes), ref Unsafe.Add(ref destination, 1), bytes.Length);
            return;
        }

        WriteVarint32((uint)bytes.Length);
        WriteRawBytes(bytes);
    }

    // Copies 1 to 64 bytes: two loads of 32, 16, 8 or 4 bytes that overlap in the middle (1 to 3: the first, middle
    // and last byte), each stored at its own offset, so nothing is read or written outside the count.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void CopySmall(ref byte source, ref byte destination, int count)
    {
        Debug.Assert(count is >= 1 and <= 64, "CopySmall copies 1 to 64 bytes.");
#if !NET
        Unsafe.CopyBlockUnaligned(ref destination, ref source, (uint)count);
#else
        if (count >= 32)
        {
            Vector256<byte> head = Vector256.LoadUnsafe(ref source);
            Vector256<byte> tail = Vector256.LoadUnsafe(ref source, (nuint)(count - 32));
            head.StoreUnsafe(ref destination);
            tail.StoreUnsafe(ref destination, (nuint)(count - 32));
        }
        else if (count >= 16)
        {
            Vector128<byte> head = Vector128.LoadUnsafe(ref source);
            Vector128<byte> tail = Vector128.LoadUnsafe(ref source, (nuint)(count - 16));
            head.StoreUnsafe(ref destination);
            tail.StoreUnsafe(ref destination, (nuint)(count - 16));
        }
        else if (count >= 8)
        {
            ulong head = Unsafe.ReadUnaligned<ulong>(ref source);
            ulong tail = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref source, count - 8));
            Unsafe.WriteUnaligned(ref destination, head);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, count - 8), tail);
        }
        else if (count >= 4)
        {
            uint head = Unsafe.ReadUnaligned<uint>(ref source);
            uint tail = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref source, count - 4));
            Unsafe.WriteUnaligned(ref destination, head);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, count - 4), tail);
        }
        else
        {
            byte middle = Unsafe.Add(ref source, count >> 1);
            byte last = Unsafe.Add(ref source, count - 1);
            destination = source;
            Unsafe.Add(ref destination, count >> 1) = middle;
            Unsafe.Add(ref destination, count - 1) = last;
        }
#endif
    }

    /// <summary>Writes a length prefix (varint32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteLength(int length) => WriteVarint32((uint)length);

    /// <summary>Writes a sub-message: its size as prefix, then its fields.</summary>
    public void WriteMessage(IMessage message) => WriteMessage<IMessage>(message);

    /// <summary>Writes a sub-message of a known (generated, sealed) type: its size as prefix (from the size table, or
    /// measured now without one), then its fields.</summary>
    /// <remarks>Generated code binds to this overload; inlined at the call site, the calls on <typeparamref name="T"/>
    /// go straight to the generated methods instead of through the interface.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteMessage<T>(T message)
        where T : IMessage
    {
        int size;
        if (_sizes is { } sizes)
        {
            size = sizes[_nextSize++];
        }
        else
        {
            size = message.CalculateSize();
        }

        WriteVarint32((uint)size);
        message.WriteTo(ref this);
    }

    /// <summary>Writes a sub-message whose type a write bound may size within its own bound
    /// (<see cref="WireSize.MessageBound"/>): as <see cref="WriteMessage{T}(T)"/> does, or, when its slot says so, 1 or 2
    /// bytes left for the prefix, the message, then its length in them.</summary>
    /// <remarks>Generated code calls this only for the fields whose size a bound takes so, so that other fields' writes
    /// have no test for it.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteMessageWithinBound<T>(T message)
        where T : IMessage
    {
        // One call of the message's WriteTo for both cases: inlined twice, a small message's write made its parent's
        // too big for the JIT to inline that parent's own helpers. A plain position (-1: none) rather than the
        // LengthPrefix struct ReservePrefix returns, which measured slower here (benchmarks/results/history.md).
        int prefixAt = -1;
        int size = _sizes is { } sizes ? sizes[_nextSize++] : message.CalculateSize();
        if (size < 0)
        {
            prefixAt = _position;
            if ((uint)(prefixAt - size) > (uint)_buffer.Length)
            {
                ThrowOutOfSpace();
            }

            _position = prefixAt - size;
        }
        else
        {
            WriteVarint32((uint)size);
        }

        message.WriteTo(ref this);
        if (prefixAt >= 0)
        {
            FillInPrefix(prefixAt, -size);
        }
    }

    /// <summary>Leaves room for the length prefix of a record (a map entry) of at most <paramref name="bound"/> bytes,
    /// to be filled in by <see cref="FillInPrefix(LengthPrefix)"/> once the record is written, so that its strings need
    /// not be counted first. Leaves none when the record could need a prefix of more than 2 bytes or might not fit
    /// after it (near the end of an exactly sized buffer): the caller then writes the exact length itself.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public LengthPrefix ReservePrefix(int bound)
    {
        int prefixBytes = SizeTable.PrefixBytes(bound);
        int prefixAt = _position;
        if ((uint)bound > SizeTable.MaxPrefixedAfterWrite || _buffer.Length - prefixAt < prefixBytes + bound)
        {
            return default;
        }

        _position = prefixAt + prefixBytes;
        return new LengthPrefix(prefixAt, prefixBytes);
    }

    /// <summary>Writes the length of what was written since <see cref="ReservePrefix"/> into the room it left (nothing
    /// when it left none).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void FillInPrefix(LengthPrefix prefix)
    {
        if (prefix.Bytes != 0)
        {
            FillInPrefix(prefix.At, prefix.Bytes);
        }
    }

    // The length of what was written after the prefixBytes (1 or 2) bytes at prefixAt, as a varint in them; when it
    // takes one byte of two, the record moves left by one. A length the bytes cannot hold means the record grew
    // since its bound was taken: another thread changed it.
    private void FillInPrefix(int prefixAt, int prefixBytes)
    {
        int length = _position - prefixAt - prefixBytes;
        if (length < 128)
        {
            if (prefixBytes == 2 && length != 0)
            {
                ref byte start = ref At(prefixAt + 1);
                if (length <= 64)
                {
                    CopySmall(ref Unsafe.Add(ref start, 1), ref start, length);
                }
                else
                {
                    MoveLeft(ref start, ref Unsafe.Add(ref start, 1), length);
                }
            }

            _buffer[prefixAt] = (byte)length;
            _position = prefixAt + 1 + length;
            return;
        }

        if (prefixBytes == 1 || length > SizeTable.MaxPrefixedAfterWrite)
        {
            SizeTable.ThrowChanged();
        }

        _buffer[prefixAt] = (byte)(length | 0x80);
        _buffer[prefixAt + 1] = (byte)(length >> 7);
    }

    /// <summary>Writes a sub-message whose size the caller gives (one that remembers its size: it takes no slot in the
    /// size table), then its fields.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteMessage<T>(T message, int size)
        where T : IMessage
    {
        WriteVarint32((uint)size);
        message.WriteTo(ref this);
    }

    /// <summary>The size of the sub-message the next <see cref="WriteMessage{T}(T)"/> writes, which must be
    /// <paramref name="message"/> (map entries put it in their own length), without moving past it.</summary>
    public readonly int PeekMessageSize<T>(T message)
        where T : IMessage
        => _sizes is { } sizes ? sizes[_nextSize] : message.CalculateSize();

    /// <summary>Writes a group's fields followed by its END_GROUP tag; the START_GROUP tag is written by the caller.</summary>
    public void WriteGroup(int fieldNumber, IMessage message)
    {
        message.WriteTo(ref this);
        WriteVarint32(WireFormat.MakeTag(fieldNumber, WireType.EndGroup));
    }

    /// <summary>Copies bytes as they are.</summary>
    public void WriteRawBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0)
        {
            return;
        }

        bytes.CopyTo(Reserve(bytes.Length));
    }

    /// <summary>Writes an unsigned 32-bit varint.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVarint32(uint value)
    {
        if (value < 0x80 && (uint)_position < (uint)_buffer.Length)
        {
            At(_position++) = (byte)value;
            return;
        }

        WriteVarint32Slow(value);
    }

    /// <summary>Writes an unsigned 64-bit varint.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVarint64(ulong value)
    {
        if (value < 0x80 && (uint)_position < (uint)_buffer.Length)
        {
            At(_position++) = (byte)value;
            return;
        }

        WriteVarint64Slow(value);
    }

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

    private void WriteVarint32Slow(uint value) => WriteVarint64Slow(value);

    private void WriteVarint64Slow(ulong value)
    {
        ref byte destination = ref ReserveRef(WireSize.Varint64(value));
        while (value >= 0x80)
        {
            destination = (byte)(value | 0x80);
            destination = ref Unsafe.Add(ref destination, 1);
            value >>= 7;
        }

        destination = (byte)value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteLittleEndian(uint value)
    {
        ref byte destination = ref ReserveRef(sizeof(uint));
        Unsafe.WriteUnaligned(ref destination, BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteLittleEndian(ulong value)
    {
        ref byte destination = ref ReserveRef(sizeof(ulong));
        Unsafe.WriteUnaligned(ref destination, BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
#if NET
    private Span<byte> Reserve(int count) => MemoryMarshal.CreateSpan(ref ReserveRef(count), count);
#else
    private Span<byte> Reserve(int count)
    {
        ReserveRef(count);
        return _buffer.Slice(_position - count, count);
    }
#endif

    // Checks that count bytes are free, claims them and returns a reference to the first. Every write goes through
    // this check (or the one-byte check before At), so the span's own bounds checks would only repeat it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref byte ReserveRef(int count)
    {
        int position = _position;
        if ((ulong)(uint)position + (uint)count > (uint)_buffer.Length)
        {
            ThrowOutOfSpace();
        }

        _position = position + count;
        return ref At(position);
    }

    // The byte at an offset already checked against the buffer's length.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly ref byte At(int position) => ref Unsafe.Add(ref MemoryMarshal.GetReference(_buffer), position);

#if NET
    // Writes a string of 1 to 64 chars (the caller checks the length; the most common codes, ids, keys, names, titles,
    // UUIDs, emails and URLs) with its one-byte prefix if it is all ASCII: two (or four) overlapping loads of 4, 8 or 16
    // chars, one test of the bits only non-ASCII chars have, and the chars narrowed to bytes in two overlapping stores
    // of 4, 8, 16 or 32 bytes (1 to 3 chars: the first, middle and last char, one at a time). Returns false, writing
    // nothing, for other strings.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryWriteShortAscii(string value)
    {
        int length = value.Length;
        if (length >= _buffer.Length - _position)
        {
            return false;
        }

        ref ushort chars = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(value.AsSpan()));
        ref byte destination = ref At(_position);
        if (length < 8)
        {
            // Up to 7 chars: one gathered test and narrowing, cheaper than Ascii.FromUtf16's call and loop setup.
            if (!TryWriteTinyAscii(ref chars, length, ref Unsafe.Add(ref destination, 1)))
            {
                return false;
            }

            destination = (byte)length;
        }
        else if (length <= 16)
        {
            Vector128<ushort> head = Vector128.LoadUnsafe(ref chars);
            Vector128<ushort> tail = Vector128.LoadUnsafe(ref chars, (nuint)(length - 8));
            if (((head | tail) & Vector128.Create((ushort)0xFF80)) != Vector128<ushort>.Zero)
            {
                return false;
            }

            destination = (byte)length;
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, 1), Vector128.Narrow(head, head).AsUInt64().ToScalar());
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, 1 + length - 8), Vector128.Narrow(tail, tail).AsUInt64().ToScalar());
        }
        else if (length <= 32)
        {
            Vector128<ushort> head0 = Vector128.LoadUnsafe(ref chars);
            Vector128<ushort> head1 = Vector128.LoadUnsafe(ref chars, 8);
            Vector128<ushort> tail0 = Vector128.LoadUnsafe(ref chars, (nuint)(length - 16));
            Vector128<ushort> tail1 = Vector128.LoadUnsafe(ref chars, (nuint)(length - 8));
            if (((head0 | head1 | tail0 | tail1) & Vector128.Create((ushort)0xFF80)) != Vector128<ushort>.Zero)
            {
                return false;
            }

            destination = (byte)length;
            Vector128.Narrow(head0, head1).StoreUnsafe(ref Unsafe.Add(ref destination, 1));
            Vector128.Narrow(tail0, tail1).StoreUnsafe(ref Unsafe.Add(ref destination, 1 + length - 16));
        }
        else
        {
            // 33 to 64 chars (UUIDs, emails, URLs, type URLs, hex digests): the first 32 and the last 32, where
            // Ascii.FromUtf16's call and loop setup took most of the time.
            Vector256<ushort> head0 = Vector256.LoadUnsafe(ref chars);
            Vector256<ushort> head1 = Vector256.LoadUnsafe(ref chars, 16);
            Vector256<ushort> tail0 = Vector256.LoadUnsafe(ref chars, (nuint)(length - 32));
            Vector256<ushort> tail1 = Vector256.LoadUnsafe(ref chars, (nuint)(length - 16));
            if (((head0 | head1 | tail0 | tail1) & Vector256.Create((ushort)0xFF80)) != Vector256<ushort>.Zero)
            {
                return false;
            }

            destination = (byte)length;
            Vector256.Narrow(head0, head1).StoreUnsafe(ref Unsafe.Add(ref destination, 1));
            Vector256.Narrow(tail0, tail1).StoreUnsafe(ref Unsafe.Add(ref destination, 1 + length - 32));
        }

        _position += 1 + length;
        return true;
    }

    // Narrows 1 to 7 chars into destination if they are all ASCII; returns false, writing nothing, otherwise.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryWriteTinyAscii(ref ushort chars, int length, ref byte destination)
    {
        if (length >= 4)
        {
            // The first four chars and the last four (overlapping when fewer than 8), each one ulong.
            ulong head = Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<ushort, byte>(ref chars));
            ulong tail = Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref chars, length - 4)));
            if (((head | tail) & 0xFF80_FF80_FF80_FF80UL) != 0)
            {
                return false;
            }

            Unsafe.WriteUnaligned(ref destination, NarrowFour(head));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, length - 4), NarrowFour(tail));
            return true;
        }

        // 1 to 3 chars: the first, the middle and the last (the same char more than once when shorter), without a loop.
        int middle = length >> 1;
        uint first = chars;
        uint center = Unsafe.Add(ref chars, middle);
        uint last = Unsafe.Add(ref chars, length - 1);
        if ((first | center | last) >= 0x80)
        {
            return false;
        }

        destination = (byte)first;
        Unsafe.Add(ref destination, middle) = (byte)center;
        Unsafe.Add(ref destination, length - 1) = (byte)last;
        return true;
    }

    // Four ASCII chars (one ulong) narrowed to four bytes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint NarrowFour(ulong chars)
    {
        Vector128<ushort> wide = Vector128.CreateScalar(chars).AsUInt16();
        return Vector128.Narrow(wide, wide).AsUInt32().ToScalar();
    }

#else
    // Writes a string of 1 to 32 chars (the caller checks the length) with its one-byte prefix if it is all ASCII, a
    // char at a time; returns false, writing nothing, for other strings.
    private bool TryWriteShortAscii(string value)
    {
        int length = value.Length;
        if (length >= _buffer.Length - _position)
        {
            return false;
        }

        foreach (char c in value)
        {
            if (c >= 0x80)
            {
                return false;
            }
        }

        Span<byte> destination = _buffer.Slice(_position, 1 + length);
        destination[0] = (byte)length;
        for (int i = 0; i < length; i++)
        {
            destination[1 + i] = (byte)value[i];
        }

        _position += 1 + length;
        return true;
    }

#endif
    private static int EncodeUtf8(string value, Span<byte> destination)
    {
        if (!Utf8Encoder.TryEncode(value, destination, out int written))
        {
            ThrowOutOfSpace();
        }

        return written;
    }

    [DoesNotReturn]
    private static void ThrowOutOfSpace() => throw new InvalidOperationException(
        "WireWriter ran out of space: the buffer is smaller than the computed size. " +
        "Was the message changed after CalculateSize()?");
}
