namespace ProtoGen.Reflection;

/// <summary>
/// Reads the embedded descriptor bytes field by field: the few wire primitives descriptor.proto's messages use. Kept
/// apart from the generated-message reader because the descriptor API parses only what it exposes and skips the rest.
/// </summary>
internal struct DescriptorReader
{
    private readonly byte[] _data;
    private readonly int _end;
    private int _position;

    public DescriptorReader(byte[] data, int start, int length)
    {
        _data = data;
        _position = start;
        _end = start + length;
    }

    public DescriptorReader(byte[] data) : this(data, 0, data.Length)
    {
    }

    public int FieldNumber { get; private set; }

    public int WireType { get; private set; }

    /// <summary>Moves to the next field; false at the end.</summary>
    public bool Next()
    {
        if (_position >= _end) return false;
        ulong tag = ReadVarint();
        FieldNumber = (int)(tag >> 3);
        WireType = (int)(tag & 7);
        if (FieldNumber <= 0) throw InvalidProtocolBufferException.InvalidTag();
        return true;
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _end) throw InvalidProtocolBufferException.TruncatedMessage();
            byte b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw InvalidProtocolBufferException.MalformedVarint();
    }

    public int ReadInt32() => (int)ReadVarint();

    public bool ReadBool() => ReadVarint() != 0;

    public string ReadString()
    {
        var (start, length) = ReadLengthDelimited();
        return System.Text.Encoding.UTF8.GetString(_data, start, length);
    }

    /// <summary>A length-delimited field's payload as a reader of its own (a sub-message).</summary>
    public DescriptorReader ReadMessage()
    {
        var (start, length) = ReadLengthDelimited();
        return new DescriptorReader(_data, start, length);
    }

    private (int Start, int Length) ReadLengthDelimited()
    {
        if (WireType != 2) throw InvalidProtocolBufferException.InvalidWireType((uint)(FieldNumber << 3 | WireType));
        ulong length = ReadVarint();
        if (length > (ulong)(_end - _position)) throw InvalidProtocolBufferException.TruncatedMessage();
        int start = _position;
        _position += (int)length;
        return (start, (int)length);
    }

    public void Skip()
    {
        switch (WireType)
        {
            case 0: ReadVarint(); break;
            case 1: Advance(8); break;
            case 5: Advance(4); break;
            case 2: ReadLengthDelimited(); break;
            case 3:
                int number = FieldNumber;
                while (true)
                {
                    if (!Next()) throw InvalidProtocolBufferException.GroupNotClosed();
                    if (WireType == 4)
                    {
                        if (FieldNumber != number) throw InvalidProtocolBufferException.InvalidEndGroup();
                        return;
                    }
                    Skip();
                }
            default: throw InvalidProtocolBufferException.InvalidWireType((uint)(FieldNumber << 3 | WireType));
        }
    }

    private void Advance(int count)
    {
        if (_end - _position < count) throw InvalidProtocolBufferException.TruncatedMessage();
        _position += count;
    }
}
