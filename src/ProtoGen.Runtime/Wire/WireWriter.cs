using System.Buffers.Binary;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
#if NET
using System.Runtime.Intrinsics;
#endif

namespace ProtoGen.Wire;

/// <summary>Writes protobuf values into one span sized by CalculateSize(); never allocates or grows.</summary>
/// <remarks>
/// Running out of space means the computed size was wrong, so it throws rather than truncating. This file holds the
/// state, tags, scalars, varints and the space check every write goes through; the other parts are
/// <c>WireWriter.Strings.cs</c> (strings and bytes), <c>WireWriter.Messages.cs</c> (sub-messages, groups and length
/// prefixes filled in after the write) and <c>WireWriter.Packed.cs</c> (packed repeated fields).
/// </remarks>
public ref partial struct WireWriter
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

    /// <summary>Begins a run of writes that together take at most <paramref name="maxBytes"/> bytes (see
    /// <see cref="WireRun"/>); <see cref="EndRun"/> ends it.</summary>
    /// <remarks>When fewer bytes than that are left (a buffer of exactly the message's size), the run writes to a
    /// scratch buffer of the thread's instead, which <see cref="EndRun"/> copies in, with the space check of any
    /// write.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly WireRun BeginRun(int maxBytes)
    {
        int position = _position;
        if ((uint)maxBytes <= (uint)(_buffer.Length - position))
        {
#if NET
            return new WireRun(ref At(position));
#else
            return new WireRun(_buffer.Slice(position, maxBytes));
#endif
        }

        return BeginScratchRun(maxBytes);
    }

    /// <summary>Ends a run begun by <see cref="BeginRun"/> on this writer, with nothing written to the writer
    /// since: the bytes the run wrote are now the writer's.</summary>
    /// <exception cref="InvalidOperationException">The run wrote to scratch, and its bytes do not fit in the buffer.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void EndRun(WireRun run)
    {
        int count = run.Count;
        if (Unsafe.AreSame(ref run.Start, ref At(_position)))
        {
            _position += count;
            return;
        }

        EndScratchRun(count);
    }

    [ThreadStatic]
    private static byte[]? t_runScratch;

    private static WireRun BeginScratchRun(int maxBytes)
    {
        byte[]? scratch = t_runScratch;
        if (scratch is null || scratch.Length < maxBytes)
        {
            t_runScratch = scratch = new byte[Math.Max(maxBytes, 256)];
        }

#if NET
        return new WireRun(ref MemoryMarshal.GetArrayDataReference(scratch));
#else
        return new WireRun(scratch.AsSpan(0, maxBytes));
#endif
    }

    // A run that is not at the writer's position wrote to the thread's scratch buffer (a ref struct stays on the
    // thread that made it).
    private void EndScratchRun(int count)
    {
        if (count != 0)
        {
            t_runScratch.AsSpan(0, count).CopyTo(Reserve(count));
        }
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

    /// <summary>Writes a length prefix (varint32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteLength(int length) => WriteVarint32((uint)length);

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

    [DoesNotReturn]
    private static void ThrowOutOfSpace() => throw new InvalidOperationException(
        "WireWriter ran out of space: the buffer is smaller than the computed size. " +
        "Was the message changed after CalculateSize()?");
}
