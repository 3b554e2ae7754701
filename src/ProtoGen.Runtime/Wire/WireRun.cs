using System.Buffers.Binary;
using System.Runtime.CompilerServices;
#if !NET
using System.Runtime.InteropServices;
#endif

namespace ProtoGen.Wire;

/// <summary>
/// Writes a run of fields whose encodings together take at most the number of bytes the run was begun with
/// (<see cref="WireWriter.BeginRun"/>): tags, varints, fixed-width values and bools, with no space check per write.
/// </summary>
/// <remarks>
/// <para>Generated code writes a message's singular scalar fields through a run when they follow one another in field
/// order; the generator adds up each field's longest encoding (tag, and 10 bytes for a varint, 4 or 8 for a fixed
/// width, 1 for a bool) into the bound, so every write of the run lands within the bytes the writer handed out, whatever
/// the values. The run is a local holding a reference to the next byte, which the JIT keeps in a register, where the
/// writer's position lives in memory behind the <c>ref</c> every message's <c>WriteTo</c> receives.</para>
/// <para>Begin the run, write, and end it with <see cref="WireWriter.EndRun"/> before anything else writes to the same
/// writer.</para>
/// </remarks>
public ref struct WireRun
{
#if NET
    private readonly ref byte _start;
    private ref byte _next;

    internal WireRun(ref byte start)
    {
        _start = ref start;
        _next = ref start;
    }

    internal readonly ref byte Start => ref _start;

    /// <summary>Bytes written so far.</summary>
    public readonly int Count => (int)Unsafe.ByteOffset(ref _start, ref _next);

    // Stores value at the next byte and moves past it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Put(byte value)
    {
        _next = value;
        _next = ref Unsafe.Add(ref _next, 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PutLittleEndian(uint value)
    {
        Unsafe.WriteUnaligned(ref _next, BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value));
        _next = ref Unsafe.Add(ref _next, sizeof(uint));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PutLittleEndian(ulong value)
    {
        Unsafe.WriteUnaligned(ref _next, BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value));
        _next = ref Unsafe.Add(ref _next, sizeof(ulong));
    }
#else
    private readonly Span<byte> _span;
    private int _count;

    internal WireRun(Span<byte> span)
    {
        _span = span;
        _count = 0;
    }

    internal readonly ref byte Start => ref MemoryMarshal.GetReference(_span);

    /// <summary>Bytes written so far.</summary>
    public readonly int Count => _count;

    private void Put(byte value) => _span[_count++] = value;

    private void PutLittleEndian(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_span.Slice(_count), value);
        _count += sizeof(uint);
    }

    private void PutLittleEndian(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_span.Slice(_count), value);
        _count += sizeof(ulong);
    }
#endif

    /// <summary>Writes one precomputed tag byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteRawTag(byte b1) => Put(b1);

    /// <summary>Writes two precomputed tag bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteRawTag(byte b1, byte b2)
    {
        Put(b1);
        Put(b2);
    }

    /// <summary>Writes three precomputed tag bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteRawTag(byte b1, byte b2, byte b3)
    {
        Put(b1);
        Put(b2);
        Put(b3);
    }

    /// <summary>Writes four precomputed tag bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteRawTag(byte b1, byte b2, byte b3, byte b4)
    {
        Put(b1);
        Put(b2);
        Put(b3);
        Put(b4);
    }

    /// <summary>Writes five precomputed tag bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteRawTag(byte b1, byte b2, byte b3, byte b4, byte b5)
    {
        Put(b1);
        Put(b2);
        Put(b3);
        Put(b4);
        Put(b5);
    }

    /// <summary>Writes an unsigned varint (at most 5 bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVarint32(uint value)
    {
        while (value >= 0x80)
        {
            Put((byte)(value | 0x80));
            value >>= 7;
        }

        Put((byte)value);
    }

    /// <summary>Writes an unsigned varint (at most 10 bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteVarint64(ulong value)
    {
        while (value >= 0x80)
        {
            Put((byte)(value | 0x80));
            value >>= 7;
        }

        Put((byte)value);
    }

    /// <summary>Writes an int32; negative values take 10 bytes, sign-extended.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteInt32(int value) => WriteVarint64((ulong)(long)value);

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
    public void WriteBool(bool value) => Put(value ? (byte)1 : (byte)0);

    /// <summary>Writes a little-endian fixed32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteFixed32(uint value) => PutLittleEndian(value);

    /// <summary>Writes a little-endian fixed64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteFixed64(ulong value) => PutLittleEndian(value);

    /// <summary>Writes a little-endian sfixed32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteSFixed32(int value) => PutLittleEndian((uint)value);

    /// <summary>Writes a little-endian sfixed64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteSFixed64(long value) => PutLittleEndian((ulong)value);

    /// <summary>Writes a float's IEEE 754 bits little-endian (NaN payloads and -0 kept).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteFloat(float value) => PutLittleEndian(BitConverter.SingleToUInt32Bits(value));

    /// <summary>Writes a double's IEEE 754 bits little-endian (NaN payloads and -0 kept).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteDouble(double value) => PutLittleEndian(BitConverter.DoubleToUInt64Bits(value));
}
