namespace ProtoGen.Compiler.Descriptors;

/// <summary>
/// The few protobuf wire primitives the descriptor writer needs, over a growable byte list. The compiler targets
/// netstandard2.0 with no runtime reference, so it cannot use ProtoGen.Runtime's writer.
/// </summary>
internal sealed class ProtoBuffer
{
    private readonly List<byte> _bytes = new();

    public int Length => _bytes.Count;

    public byte[] ToArray() => _bytes.ToArray();

    public void Tag(int number, int wireType) => Varint(((ulong)(uint)number << 3) | (uint)wireType);

    public void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        _bytes.Add((byte)value);
    }

    /// <summary>An int32 field value: negative numbers take ten bytes, sign-extended, as in every protobuf runtime.</summary>
    public void Int32(int number, int value)
    {
        Tag(number, 0);
        Varint((ulong)(long)value);
    }

    public void Bool(int number, bool value)
    {
        Tag(number, 0);
        Varint(value ? 1UL : 0UL);
    }

    public void String(int number, string value) => Bytes(number, System.Text.Encoding.UTF8.GetBytes(value));

    public void Bytes(int number, IReadOnlyList<byte> value)
    {
        Tag(number, 2);
        Varint((ulong)value.Count);
        Raw(value);
    }

    public void Fixed32(uint value)
    {
        for (int i = 0; i < 4; i++) _bytes.Add((byte)(value >> (8 * i)));
    }

    public void Fixed64(ulong value)
    {
        for (int i = 0; i < 8; i++) _bytes.Add((byte)(value >> (8 * i)));
    }

    public void Raw(IReadOnlyList<byte> bytes)
    {
        if (bytes is byte[] array) _bytes.AddRange(array);
        else for (int i = 0; i < bytes.Count; i++) _bytes.Add(bytes[i]);
    }

    /// <summary>A length-delimited sub-message, written by <paramref name="write"/> into a buffer of its own.</summary>
    public void Message(int number, Action<ProtoBuffer> write)
    {
        var inner = new ProtoBuffer();
        write(inner);
        Bytes(number, inner._bytes.ToArray());
    }
}
