using System.Runtime.CompilerServices;

namespace ProtoGen.Wire;

/// <summary>Sub-messages and groups, and the length prefixes of records written before their length is known.</summary>
public ref partial struct WireWriter
{
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
}
