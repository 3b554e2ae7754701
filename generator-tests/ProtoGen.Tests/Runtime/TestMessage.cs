using ProtoGen.Collections;
using ProtoGen.Wire;

namespace ProtoGen.Tests.Runtime;

/// <summary>
/// A hand-written message shaped like generated code, so runtime tests need no generator:
/// 1 int32 id, 2 string name, 3 TestMessage child, 4 packed int32 numbers, 5 bytes data, 6 double ratio,
/// 7 group of TestMessage, 8 map&lt;string, int32&gt; counts, 9 enum kind (as int).
/// </summary>
internal sealed class TestMessage : IMessage<TestMessage>
{
    private UnknownFieldSet? _unknownFields;
    private int _numbersPayloadSize;

    public int Id { get; set; }

    public string Name { get; set; } = "";

    public TestMessage? Child { get; set; }

    public RepeatedField<int> Numbers { get; } = new();

    public ByteString Data { get; set; } = ByteString.Empty;

    public double Ratio { get; set; }

    public TestMessage? Group { get; set; }

    public MapField<string, int> Counts { get; } = new();

    public int Kind { get; set; }

    public UnknownFieldSet? UnknownFields => _unknownFields;

    string IMessage.ProtoTypeName => "protogen.test.TestMessage";

    bool IMessage.IsInitialized() => true;

    public static MessageParser<TestMessage> Parser { get; } = new(() => new TestMessage());

    public int CalculateSize() => CalculateSize<SizeOnlyPass, SizeOnlyPass>(default);

    int IMessage.CalculateSize(SizeTable sizes) => CalculateSize<RecordingSizePass, RecordingSizePass>(new RecordingSizePass(sizes));

    public int CalculateSize<TPass, TNested>(TPass sizes)
        where TPass : struct, ISizePass<TNested>
        where TNested : struct, ISizePass<TNested>
    {
        int size = 0;
        if (Id != 0)
        {
            size += 1 + WireSize.Int32(Id);
        }

        if (Name.Length != 0)
        {
            size += 1 + WireSize.String(Name);
        }

        if (Child is not null)
        {
            size += 1 + WireSize.LengthDelimited(sizes.Record(sizes.Reserve(), Child.CalculateSize<TNested, TNested>(sizes.Nested)));
        }

        if (Numbers.Count > 0)
        {
            int payload = 0;
            foreach (int number in Numbers)
            {
                payload += WireSize.Int32(number);
            }

            _numbersPayloadSize = payload;
            size += 1 + WireSize.LengthDelimited(payload);
        }

        if (!Data.IsEmpty)
        {
            size += 1 + WireSize.Bytes(Data);
        }

        if (BitConverter.DoubleToInt64Bits(Ratio) != 0)
        {
            size += 1 + WireSize.Fixed64Size;
        }

        if (Group is not null)
        {
            size += 2 + Group.CalculateSize<TNested, TNested>(sizes.Nested);
        }

        foreach (KeyValuePair<string, int> entry in Counts.AsSpan())
        {
            int entrySize = 1 + WireSize.String(entry.Key) + 1 + WireSize.Int32(entry.Value);
            size += 1 + WireSize.LengthDelimited(entrySize);
        }

        if (Kind != 0)
        {
            size += 1 + WireSize.Enum(Kind);
        }

        if (_unknownFields is not null)
        {
            size += _unknownFields.CalculateSize();
        }

        return size;
    }

    void IMessage.WriteTo(ref WireWriter writer)
    {
        if (Id != 0)
        {
            writer.WriteRawTag(8);
            writer.WriteInt32(Id);
        }

        if (Name.Length != 0)
        {
            writer.WriteRawTag(18);
            writer.WriteString(Name);
        }

        if (Child is not null)
        {
            writer.WriteRawTag(26);
            writer.WriteMessage(Child);
        }

        if (Numbers.Count > 0)
        {
            writer.WriteRawTag(34);
            writer.WriteLength(_numbersPayloadSize);
            writer.WritePackedInt32(Numbers.AsSpan());
        }

        if (!Data.IsEmpty)
        {
            writer.WriteRawTag(42);
            writer.WriteBytes(Data);
        }

        if (BitConverter.DoubleToInt64Bits(Ratio) != 0)
        {
            writer.WriteRawTag(49);
            writer.WriteDouble(Ratio);
        }

        if (Group is not null)
        {
            writer.WriteRawTag(59);
            writer.WriteGroup(7, Group);
        }

        foreach (KeyValuePair<string, int> entry in Counts.AsSpan())
        {
            writer.WriteRawTag(66);
            writer.WriteLength(1 + WireSize.String(entry.Key) + 1 + WireSize.Int32(entry.Value));
            writer.WriteRawTag(10);
            writer.WriteString(entry.Key);
            writer.WriteRawTag(16);
            writer.WriteInt32(entry.Value);
        }

        if (Kind != 0)
        {
            writer.WriteRawTag(72);
            writer.WriteEnum(Kind);
        }

        _unknownFields?.WriteTo(ref writer);
    }

    void IMessage.Clear()
    {
        Id = 0;
        Name = "";
        Child = null;
        Numbers.Clear();
        Data = ByteString.Empty;
        Ratio = 0;
        Group = null;
        Counts.Clear();
        Kind = 0;
        _unknownFields = null;
    }

    void IMessage.MergeFrom(ref WireReader reader)
    {
        uint tag;
        while ((tag = reader.ReadTag()) != 0)
        {
            switch (tag)
            {
                case 8:
                    Id = reader.ReadInt32();
                    break;
                case 18:
                    Name = reader.ReadString();
                    break;
                case 26:
                    Child ??= new TestMessage();
                    reader.ReadMessage(Child);
                    break;
                case 32:
                    Numbers.Add(reader.ReadInt32());
                    break;
                case 34:
                    reader.ReadPackedInt32(Numbers);
                    break;
                case 42:
                    Data = reader.ReadBytes();
                    break;
                case 49:
                    Ratio = reader.ReadDouble();
                    break;
                case 59:
                    Group ??= new TestMessage();
                    reader.ReadGroup(7, Group);
                    break;
                case 66:
                    ReadCountsEntry(ref reader);
                    break;
                case 72:
                    Kind = reader.ReadEnum();
                    break;
                default:
                    _unknownFields = UnknownFieldSet.MergeFieldFrom(_unknownFields, ref reader, tag);
                    break;
            }
        }
    }

    public void MergeFrom(TestMessage other)
    {
        if (other.Id != 0)
        {
            Id = other.Id;
        }

        if (other.Name.Length != 0)
        {
            Name = other.Name;
        }

        if (other.Child is not null)
        {
            (Child ??= new TestMessage()).MergeFrom(other.Child);
        }

        Numbers.AddRange(other.Numbers.AsSpan());
        if (!other.Data.IsEmpty)
        {
            Data = other.Data;
        }

        if (BitConverter.DoubleToInt64Bits(other.Ratio) != 0)
        {
            Ratio = other.Ratio;
        }

        if (other.Group is not null)
        {
            (Group ??= new TestMessage()).MergeFrom(other.Group);
        }

        Counts.MergeFrom(other.Counts);
        if (other.Kind != 0)
        {
            Kind = other.Kind;
        }

        _unknownFields = UnknownFieldSet.MergeFrom(_unknownFields, other._unknownFields);
    }

    public TestMessage Clone()
    {
        var clone = new TestMessage();
        clone.MergeFrom(this);
        return clone;
    }

    public bool Equals(TestMessage? other) =>
        other is not null
        && Id == other.Id
        && Name == other.Name
        && Equals(Child, other.Child)
        && Numbers.Equals(other.Numbers)
        && Data == other.Data
        && BitConverter.DoubleToInt64Bits(Ratio) == BitConverter.DoubleToInt64Bits(other.Ratio)
        && Equals(Group, other.Group)
        && Counts.Equals(other.Counts)
        && Kind == other.Kind
        && Equals(_unknownFields, other._unknownFields);

    public override bool Equals(object? obj) => Equals(obj as TestMessage);

    public override int GetHashCode() => HashCode.Combine(Id, Name, Child, Numbers, Data, Ratio, Group, Counts);

    public override string ToString() => $"TestMessage {Id}";

    private void ReadCountsEntry(ref WireReader reader)
    {
        int oldLimit = reader.EnterMessage();
        string key = "";
        int value = 0;
        uint tag;
        while ((tag = reader.ReadTag()) != 0)
        {
            switch (tag)
            {
                case 10:
                    key = reader.ReadString();
                    break;
                case 16:
                    value = reader.ReadInt32();
                    break;
                default:
                    reader.SkipField(tag);
                    break;
            }
        }

        reader.ExitMessage(oldLimit);
        Counts[key] = value;
    }
}
