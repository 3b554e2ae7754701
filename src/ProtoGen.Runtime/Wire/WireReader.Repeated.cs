using System.Runtime.CompilerServices;

namespace ProtoGen.Wire;

/// <summary>Repeated fields whose elements are length-delimited (messages, strings, bytes): one tagged value each.</summary>
public ref partial struct WireReader
{
    /// <summary>How many fields with <paramref name="tag"/> (a length-delimited tag, just read) follow one another from
    /// here, this one included. Writers put a repeated field's elements together, so a parser can size its list once
    /// from the count instead of growing it.</summary>
    /// <remarks>The count is a capacity hint. It reads ahead without moving and never throws: an element whose length
    /// or payload is cut or malformed ends it (counted if its tag was read), and reading the elements then reports the
    /// error. Every counted element has its tag and at least one more byte before the limit, so the count is at most
    /// half the bytes left.</remarks>
    public readonly int CountLengthDelimitedRun(uint tag)
    {
        int count = 1;
        int position = _position;
        int limit = _limit;
        while (TryPeekVarint32(ref position, limit, out uint length) && length <= (uint)(limit - position))
        {
            position += (int)length;
            if (!TryPeekVarint32(ref position, limit, out uint next) || next != tag)
            {
                break;
            }

            count++;
        }

        return count;
    }

    // A varint of at most 5 bytes, all before the limit; false (value unspecified) otherwise. One-byte varints (tags of
    // fields 1-15, lengths under 128) are read inline; the loop is a call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly bool TryPeekVarint32(ref int position, int limit, out uint value)
    {
        if (position < limit)
        {
            value = ByteAt(position);
            if (value < 0x80)
            {
                position++;
                return true;
            }
        }

        return TryPeekLongerVarint32(ref position, limit, out value);
    }

    private readonly bool TryPeekLongerVarint32(ref int position, int limit, out uint value)
    {
        value = 0;
        for (int shift = 0; shift < 35; shift += 7)
        {
            if (position >= limit)
            {
                return false;
            }

            uint b = ByteAt(position++);
            value |= (b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}
