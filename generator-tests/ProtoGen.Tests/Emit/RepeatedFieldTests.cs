using ProtoGen.Compiler.Model;
using Google.Protobuf;
using GWireType = Google.Protobuf.WireFormat.WireType;

namespace ProtoGen.Tests.Emit;

public sealed class RepeatedFieldTests
{
    private static readonly Lazy<GeneratedAssembly> Assembly = new(() => GeneratedAssembly.Compile(
        new FileBuilder("test/repeated.proto", "test.repeated")
            .Enum("Color", "COLOR_UNSPECIFIED", "COLOR_RED")
            .Message("Item", m => m.Field("id", 1, FieldType.Int32))
            .Message("Lists", m => m
                .Field("ints", 1, FieldType.Int32, repeated: true)
                .Field("zigzags", 2, FieldType.SInt64, repeated: true)
                .Field("fixeds", 3, FieldType.Fixed32, repeated: true)
                .Field("doubles", 4, FieldType.Double, repeated: true)
                .Field("flags", 5, FieldType.Bool, repeated: true)
                .Field("colors", 6, FieldType.Enum, ".test.repeated.Color", repeated: true)
                .Field("loose", 7, FieldType.UInt32, repeated: true, packed: "false")
                .Field("names", 8, FieldType.String, repeated: true)
                .Field("blobs", 9, FieldType.Bytes, repeated: true)
                .Field("items", 10, FieldType.Message, ".test.repeated.Item", repeated: true)
                .Field("far", 300, FieldType.Int64, repeated: true))
            .Build()));

    private static dynamic NewLists() => Assembly.Value.New("Test.Repeated.Lists");

    private static dynamic NewItem(int id)
    {
        var item = Assembly.Value.New("Test.Repeated.Item");
        item.Id = id;
        return item;
    }

    private static dynamic Filled()
    {
        var m = NewLists();
        foreach (int v in new[] { 1, -1, 300 }) m.Ints.Add(v);
        foreach (long v in new[] { -2L, long.MaxValue }) m.Zigzags.Add(v);
        foreach (uint v in new[] { 3U, 4U }) m.Fixeds.Add(v);
        foreach (double v in new[] { 0.5, -0.0 }) m.Doubles.Add(v);
        m.Flags.Add(true);
        m.Flags.Add(false);
        m.Colors.Add((dynamic)Assembly.Value.Enum("Test.Repeated.Color", "Red"));
        m.Colors.Add((dynamic)Enum.ToObject(Assembly.Value.Type("Test.Repeated.Color"), 77));
        foreach (uint v in new[] { 7U, 0U, 128U }) m.Loose.Add(v);
        m.Names.Add("a");
        m.Names.Add("");
        m.Blobs.Add(ByteString.CopyFrom(9));
        m.Items.Add(NewItem(1));
        m.Items.Add(NewItem(0));
        m.Far.Add(5L);
        return m;
    }

    private static void Packed<T>(CodedOutputStream o, int field, IEnumerable<T> values, Func<T, int> size, Action<T> write)
    {
        o.WriteTag(field, GWireType.LengthDelimited);
        o.WriteLength(values.Sum(size));
        foreach (var value in values) write(value);
    }

    private static byte[] Expected() => Oracle.Bytes(o =>
    {
        Packed(o, 1, new[] { 1, -1, 300 }, CodedOutputStream.ComputeInt32Size, o.WriteInt32);
        Packed(o, 2, new[] { -2L, long.MaxValue }, CodedOutputStream.ComputeSInt64Size, o.WriteSInt64);
        Packed(o, 3, new[] { 3U, 4U }, _ => 4, o.WriteFixed32);
        Packed(o, 4, new[] { 0.5, -0.0 }, _ => 8, o.WriteDouble);
        Packed(o, 5, new[] { true, false }, _ => 1, o.WriteBool);
        Packed(o, 6, new[] { 1, 77 }, CodedOutputStream.ComputeEnumSize, o.WriteEnum);
        foreach (uint v in new[] { 7U, 0U, 128U }) { o.WriteTag(7, GWireType.Varint); o.WriteUInt32(v); }
        o.WriteTag(8, GWireType.LengthDelimited); o.WriteString("a");
        o.WriteTag(8, GWireType.LengthDelimited); o.WriteString("");
        o.WriteTag(9, GWireType.LengthDelimited); o.WriteBytes(Google.Protobuf.ByteString.CopyFrom(9));
        o.Message(10, Oracle.Bytes(i => { i.WriteTag(1, GWireType.Varint); i.WriteInt32(1); }));
        o.Message(10, Array.Empty<byte>());
        Packed(o, 300, new[] { 5L }, CodedOutputStream.ComputeInt64Size, o.WriteInt64);
    });

    [Fact]
    public void Repeated_fields_are_written_as_Google_Protobuf_writes_them_packed_unless_disabled()
    {
        var m = Filled();
        Assert.Equal(Expected(), GeneratedAssembly.Bytes(m));
    }

    [Fact]
    public void Repeated_fields_round_trip_and_compare_by_value()
    {
        var m = Filled();
        var parsed = Assembly.Value.Parse("Test.Repeated.Lists", GeneratedAssembly.Bytes(m));
        Assert.True(m.Equals(parsed));
        Assert.Equal((int)m.GetHashCode(), (int)parsed.GetHashCode());
        Assert.Equal(77, (int)parsed.Colors[1]);
        Assert.Equal(2, (int)parsed.Items.Count);
    }

    [Fact]
    public void Parser_accepts_packed_and_unpacked_encodings_whatever_the_declaration()
    {
        byte[] bytes = Oracle.Bytes(o =>
        {
            o.WriteTag(1, GWireType.Varint); o.WriteInt32(5);
            Packed(o, 1, new[] { 6, 7 }, CodedOutputStream.ComputeInt32Size, o.WriteInt32);
            o.WriteTag(1, GWireType.Varint); o.WriteInt32(8);
            Packed(o, 7, new[] { 1U, 2U }, CodedOutputStream.ComputeUInt32Size, o.WriteUInt32);
            o.WriteTag(4, GWireType.Fixed64); o.WriteDouble(1.5);
        });
        var parsed = Assembly.Value.Parse("Test.Repeated.Lists", bytes);
        Assert.Equal(new[] { 5, 6, 7, 8 }, ((IEnumerable<int>)parsed.Ints).ToArray());
        Assert.Equal(new[] { 1U, 2U }, ((IEnumerable<uint>)parsed.Loose).ToArray());
        Assert.Equal(new[] { 1.5 }, ((IEnumerable<double>)parsed.Doubles).ToArray());
    }

    [Fact]
    public void Clone_is_deep_and_merge_appends()
    {
        var m = Filled();
        var copy = m.Clone();
        Assert.True(m.Equals(copy));
        copy.Items[0].Id = 42;
        Assert.Equal(1, (int)m.Items[0].Id);
        m.MergeFrom(copy);
        Assert.Equal(6, (int)m.Ints.Count);
        Assert.Equal(4, (int)m.Items.Count);
        Assert.Equal(42, (int)m.Items[2].Id);
        copy.Items[0].Id = 43;
        Assert.Equal(42, (int)m.Items[2].Id);
    }

    [Fact]
    public void Empty_lists_are_not_written()
    {
        Assert.Empty(GeneratedAssembly.Bytes(NewLists()));
    }
}
