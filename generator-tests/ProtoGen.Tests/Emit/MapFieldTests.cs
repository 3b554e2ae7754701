using ProtoGen.Compiler.Model;
using GWireType = Google.Protobuf.WireFormat.WireType;

namespace ProtoGen.Tests.Emit;

public sealed class MapFieldTests
{
    private static readonly Lazy<GeneratedAssembly> Assembly = new(() => GeneratedAssembly.Compile(
        new FileBuilder("test/maps.proto", "test.maps")
            .Enum("Color", "COLOR_UNSPECIFIED", "COLOR_RED")
            .Message("Item", m => m.Field("id", 1, FieldType.Int32))
            .Message("Maps", m => m
                .Map("counts", 1, FieldType.String, FieldType.Int32)
                .Map("items", 2, FieldType.Int64, FieldType.Message, ".test.maps.Item")
                .Map("flags", 3, FieldType.Bool, FieldType.Enum, ".test.maps.Color")
                .Map("doubles", 4, FieldType.SInt32, FieldType.Double))
            .Build()));

    private static dynamic NewMaps() => Assembly.Value.New("Test.Maps.Maps");

    private static dynamic NewItem(int id)
    {
        var item = Assembly.Value.New("Test.Maps.Item");
        item.Id = id;
        return item;
    }

    private static byte[] Entry(Action<Google.Protobuf.CodedOutputStream> write) => Oracle.Bytes(write);

    [Fact]
    public void Entries_omit_a_default_key_or_scalar_value_as_Google_Protobuf_does()
    {
        var m = NewMaps();
        m.Counts["a"] = 1;
        m.Counts[""] = 0;
        m.Items[5L] = NewItem(2);
        m.Items[0L] = NewItem(0);
        m.Doubles[0] = BitConverter.Int64BitsToDouble(long.MinValue);
        byte[] expected = Oracle.Bytes(o =>
        {
            o.Message(1, Entry(e => { e.WriteTag(1, GWireType.LengthDelimited); e.WriteString("a"); e.WriteTag(2, GWireType.Varint); e.WriteInt32(1); }));
            o.Message(1, Array.Empty<byte>());
            o.Message(2, Entry(e => { e.WriteTag(1, GWireType.Varint); e.WriteInt64(5); e.Message(2, Oracle.Bytes(i => { i.WriteTag(1, GWireType.Varint); i.WriteInt32(2); })); }));
            o.Message(2, Entry(e => e.Message(2, Array.Empty<byte>())));
            o.Message(4, Entry(e => { e.WriteTag(2, GWireType.Fixed64); e.WriteDouble(-0.0); }));    // codecs compare bits
        });
        Assert.Equal(expected, GeneratedAssembly.Bytes(m));
    }

    [Fact]
    public void Maps_round_trip_and_compare_regardless_of_order()
    {
        var m = NewMaps();
        m.Counts["a"] = 1;
        m.Counts["b"] = 2;
        m.Items[1L] = NewItem(1);
        m.Flags[true] = (dynamic)Assembly.Value.Enum("Test.Maps.Color", "Red");
        m.Doubles[-3] = -0.5;
        var parsed = Assembly.Value.Parse("Test.Maps.Maps", GeneratedAssembly.Bytes(m));
        Assert.True(m.Equals(parsed));
        var reordered = NewMaps();
        reordered.Counts["b"] = 2;
        reordered.Counts["a"] = 1;
        reordered.Items[1L] = NewItem(1);
        reordered.Flags[true] = (dynamic)Assembly.Value.Enum("Test.Maps.Color", "Red");
        reordered.Doubles[-3] = -0.5;
        Assert.True(m.Equals(reordered));
        Assert.Equal((int)m.GetHashCode(), (int)reordered.GetHashCode());
    }

    [Fact]
    public void Missing_keys_and_values_take_defaults_and_the_last_entry_wins()
    {
        byte[] bytes = Oracle.Bytes(o =>
        {
            o.Message(1, Entry(e => { e.WriteTag(2, GWireType.Varint); e.WriteInt32(4); }));                 // no key
            o.Message(1, Entry(e => { e.WriteTag(1, GWireType.LengthDelimited); e.WriteString("k"); }));     // no value
            o.Message(1, Entry(e => { e.WriteTag(1, GWireType.LengthDelimited); e.WriteString("x"); e.WriteTag(2, GWireType.Varint); e.WriteInt32(1); }));
            o.Message(1, Entry(e => { e.WriteTag(2, GWireType.Varint); e.WriteInt32(2); e.WriteTag(1, GWireType.LengthDelimited); e.WriteString("x"); e.WriteTag(9, GWireType.Varint); e.WriteInt32(9); }));
            o.Message(2, Entry(e => { e.WriteTag(1, GWireType.Varint); e.WriteInt64(3); }));                 // no message value
        });
        var parsed = Assembly.Value.Parse("Test.Maps.Maps", bytes);
        Assert.Equal(4, (int)parsed.Counts[""]);
        Assert.Equal(0, (int)parsed.Counts["k"]);
        Assert.Equal(2, (int)parsed.Counts["x"]);
        Assert.Equal(3, (int)parsed.Counts.Count);
        Assert.Equal(0, (int)parsed.Items[3L].Id);
    }

    [Fact]
    public void Merge_overwrites_keys_and_clone_is_deep()
    {
        var target = NewMaps();
        target.Counts["a"] = 1;
        target.Counts["b"] = 1;
        target.Items[1L] = NewItem(1);
        var source = NewMaps();
        source.Counts["b"] = 2;
        source.Items[1L] = NewItem(5);
        target.MergeFrom(source);
        Assert.Equal(1, (int)target.Counts["a"]);
        Assert.Equal(2, (int)target.Counts["b"]);
        Assert.Equal(5, (int)target.Items[1L].Id);
        source.Items[1L].Id = 6;
        Assert.Equal(5, (int)target.Items[1L].Id);
        var copy = target.Clone();
        copy.Items[1L].Id = 7;
        Assert.Equal(5, (int)target.Items[1L].Id);
    }

    [Fact]
    public void ToString_writes_maps_as_objects()
    {
        var m = NewMaps();
        m.Counts["a"] = 1;
        m.Flags[false] = (dynamic)Assembly.Value.Enum("Test.Maps.Color", "Red");
        string text = m.ToString();
        Assert.Contains("\"counts\"", text);
        Assert.Contains("\"a\"", text);
        Assert.Contains("\"false\"", text);
        Assert.Contains("COLOR_RED", text);
    }
}
