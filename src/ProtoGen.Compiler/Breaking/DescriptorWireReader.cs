namespace ProtoGen.Compiler.Breaking;

/// <summary>The baseline's bytes are not a descriptor set ProtoGen can read; the message says what is wrong and where.</summary>
public sealed class BaselineFormatException(string message) : Exception(message);

/// <summary>
/// A forward-only reader of protobuf wire data, just what reading descriptor.proto's messages needs: tags, varints,
/// length-delimited slices, and skipping of anything else. Every read is bounds-checked against its slice, so truncated
/// or malformed input ends in <see cref="BaselineFormatException"/>, never in another exception or a loop.
/// </summary>
internal struct DescriptorWireReader
{
    private readonly byte[] _data;
    private readonly int _end;
    private int _position;

    /// <summary>Reads <paramref name="data"/> from <paramref name="start"/> up to (not including) <paramref name="end"/>.</summary>
    public DescriptorWireReader(byte[] data, int start, int end)
    {
        _data = data;
        _position = start;
        _end = end;
    }

    public bool AtEnd => _position >= _end;

    /// <summary>Offset of the next byte in the whole baseline, for error messages.</summary>
    public readonly int Offset => _position;

    /// <summary>Reads the next tag: field number and wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32;
    /// groups are skipped by <see cref="Skip"/>).</summary>
    public (int Field, int WireType) ReadTag()
    {
        int at = Offset;
        ulong tag = ReadVarint();
        int field = (int)(tag >> 3);
        if (field <= 0 || tag >> 3 > 536870911) throw Fail(at, $"invalid field number {tag >> 3}");
        return (field, (int)(tag & 7));
    }

    public ulong ReadVarint()
    {
        int at = Offset;
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _end) throw Fail(at, "truncated varint");
            byte b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw Fail(at, "malformed varint (more than 10 bytes)");
    }

    public int ReadInt32() => unchecked((int)ReadVarint());

    public bool ReadBool() => ReadVarint() != 0;

    /// <summary>A length-delimited value: a reader over its bytes.</summary>
    public DescriptorWireReader ReadMessage()
    {
        var (start, length) = ReadLength();
        return new DescriptorWireReader(_data, start, start + length);
    }

    public string ReadString()
    {
        var (start, length) = ReadLength();
        try
        {
            return Utf8Strict.GetString(_data, start, length);
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw Fail(start, "a string is not valid UTF-8");
        }
    }

    private (int Start, int Length) ReadLength()
    {
        int at = Offset;
        ulong length = ReadVarint();
        if (length > (ulong)(_end - _position)) throw Fail(at, $"a length of {length} bytes runs past the end of its message (truncated?)");
        int start = _position;
        _position += (int)length;
        return (start, (int)length);
    }

    /// <summary>Skips one value of the given wire type (groups included, up to their end tag).</summary>
    public void Skip(int field, int wireType, int depth = 0)
    {
        int at = Offset;
        switch (wireType)
        {
            case 0: ReadVarint(); break;
            case 1: Advance(8, at); break;
            case 2: ReadLength(); break;
            case 5: Advance(4, at); break;
            case 3:
                if (depth > 100) throw Fail(at, "groups nested too deeply");
                while (true)
                {
                    if (AtEnd) throw Fail(at, "group without an end tag");
                    var (innerField, innerWire) = ReadTag();
                    if (innerWire == 4)
                    {
                        if (innerField != field) throw Fail(at, "mismatched end-group tag");
                        return;
                    }
                    Skip(innerField, innerWire, depth + 1);
                }
            default: throw Fail(at, $"invalid wire type {wireType}");
        }
    }

    /// <summary>Throws unless the wire type is the one this field must have.</summary>
    public void Expect(int field, int actual, int expected, string owner)
    {
        if (actual != expected)
        {
            throw Fail(Offset, $"field {field} of {owner} has wire type {actual}, expected {expected}");
        }
    }

    private void Advance(int count, int at)
    {
        if (_end - _position < count) throw Fail(at, "truncated fixed-width value");
        _position += count;
    }

    public static BaselineFormatException Fail(int offset, string problem) => new($"{problem} at byte {offset}");

    private static readonly System.Text.UTF8Encoding Utf8Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
