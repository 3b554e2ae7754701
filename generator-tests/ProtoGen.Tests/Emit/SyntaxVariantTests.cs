using ProtoGen.Compiler.Model;
using GWireType = Google.Protobuf.WireFormat.WireType;

namespace ProtoGen.Tests.Emit;

/// <summary>proto2 and editions files through the same emitter: presence, packing and group encoding follow the
/// syntax and the resolved features (required fields, closed enums and UTF-8: Proto2SemanticsTests).</summary>
public sealed class SyntaxVariantTests
{
    private static readonly Lazy<GeneratedAssembly> Assembly = new(() => GeneratedAssembly.Compile(
        new FileBuilder("test/legacy.proto", "test.legacy", syntax: "proto2")
            .Message("Legacy", m => m
                .Field("a", 1, FieldType.Int32)
                .Field("r", 2, FieldType.Int32, repeated: true)
                .Field("result", 3, FieldType.Group, ".test.legacy.Legacy.Result")
                .Field("item", 5, FieldType.Group, ".test.legacy.Legacy.Item", repeated: true)
                .Field("p", 7, FieldType.SInt32, repeated: true, packed: "true")
                .Field("d_int", 8, FieldType.Int32, defaultValue: "-42")
                .Field("d_uint64", 9, FieldType.UInt64, defaultValue: "18446744073709551615")
                .Field("d_double", 10, FieldType.Double, defaultValue: "-inf")
                .Field("d_float", 11, FieldType.Float, defaultValue: "1.5")
                .Field("d_bool", 12, FieldType.Bool, defaultValue: "true")
                .Field("d_string", 13, FieldType.String, defaultValue: "say \"hi\"")
                .Field("d_bytes", 14, FieldType.Bytes, defaultValue: "a\\001\\x02")
                .Field("d_enum", 15, FieldType.Enum, ".test.legacy.Legacy.Mode", defaultValue: "MODE_FAST")
                .Field("first_enum", 16, FieldType.Enum, ".test.legacy.Legacy.Mode")
                .Enum("Mode", "MODE_SLOW", "MODE_FAST")
                .Nested("Result", n => n.Field("url", 4, FieldType.String))
                .Nested("Item", n => n.Field("id", 6, FieldType.Int32)))
            .Build(),
        new FileBuilder("test/modern.proto", "test.modern", syntax: "editions")
            .Message("Modern", m => m
                .Field("a", 1, FieldType.Int32)
                .Field("implicit", 2, FieldType.Int32, features: ("field_presence", "IMPLICIT"))
                .Field("packed", 3, FieldType.Int32, repeated: true)
                .Field("expanded", 4, FieldType.Int32, repeated: true, features: ("repeated_field_encoding", "EXPANDED"))
                .Field("child", 5, FieldType.Message, ".test.modern.Modern", features: ("message_encoding", "DELIMITED")))
            .Build()));

    [Fact]
    public void Proto2_scalars_have_presence_repeated_is_expanded_and_groups_use_group_tags()
    {
        var m = Assembly.Value.New("Test.Legacy.Legacy");
        Assert.False((bool)m.HasA);
        m.A = 0;
        m.R.Add(1);
        m.R.Add(2);
        var result = Assembly.Value.New("Test.Legacy.Legacy+Types+Result");
        result.Url = "u";
        m.Result = result;
        var item = Assembly.Value.New("Test.Legacy.Legacy+Types+Item");
        item.Id = 9;
        m.Item.Add(item);
        m.P.Add(-1);
        byte[] expected = Oracle.Bytes(o =>
        {
            o.WriteTag(1, GWireType.Varint); o.WriteInt32(0);
            o.WriteTag(2, GWireType.Varint); o.WriteInt32(1);
            o.WriteTag(2, GWireType.Varint); o.WriteInt32(2);
            o.WriteTag(3, GWireType.StartGroup); o.WriteTag(4, GWireType.LengthDelimited); o.WriteString("u"); o.WriteTag(3, GWireType.EndGroup);
            o.WriteTag(5, GWireType.StartGroup); o.WriteTag(6, GWireType.Varint); o.WriteInt32(9); o.WriteTag(5, GWireType.EndGroup);
            o.WriteTag(7, GWireType.LengthDelimited); o.WriteLength(1); o.WriteSInt32(-1);
        });
        Assert.Equal(expected, GeneratedAssembly.Bytes(m));
        var parsed = Assembly.Value.Parse("Test.Legacy.Legacy", expected);
        Assert.True(m.Equals(parsed));
        Assert.True((bool)parsed.HasA);
        Assert.Equal("u", (string)parsed.Result.Url);
    }

    [Fact]
    public void Proto2_defaults_are_read_while_unset_and_not_written()
    {
        var m = Assembly.Value.New("Test.Legacy.Legacy");
        Assert.Equal(-42, (int)m.DInt);
        Assert.Equal(ulong.MaxValue, (ulong)m.DUint64);
        Assert.Equal(double.NegativeInfinity, (double)m.DDouble);
        Assert.Equal(1.5f, (float)m.DFloat);
        Assert.True((bool)m.DBool);
        Assert.Equal("say \"hi\"", (string)m.DString);
        Assert.Equal(new byte[] { (byte)'a', 1, 2 }, ((ByteString)m.DBytes).ToByteArray());
        Assert.Equal("Fast", m.DEnum.ToString());
        Assert.Equal("Slow", m.FirstEnum.ToString());
        Assert.Empty(GeneratedAssembly.Bytes(m));
        m.DInt = 1;
        m.ClearDInt();
        Assert.Equal(-42, (int)m.DInt);
        Assert.False((bool)m.HasDInt);
    }

    [Fact]
    public void Editions_follow_resolved_features()
    {
        var m = Assembly.Value.New("Test.Modern.Modern");
        m.A = 0;
        m.Implicit = 0;
        m.Packed.Add(1);
        m.Expanded.Add(2);
        m.Child = Assembly.Value.New("Test.Modern.Modern");
        m.Child.Implicit = 3;
        byte[] expected = Oracle.Bytes(o =>
        {
            o.WriteTag(1, GWireType.Varint); o.WriteInt32(0);
            o.WriteTag(3, GWireType.LengthDelimited); o.WriteLength(1); o.WriteInt32(1);
            o.WriteTag(4, GWireType.Varint); o.WriteInt32(2);
            o.WriteTag(5, GWireType.StartGroup); o.WriteTag(2, GWireType.Varint); o.WriteInt32(3); o.WriteTag(5, GWireType.EndGroup);
        });
        Assert.Equal(expected, GeneratedAssembly.Bytes(m));
        Assert.True(m.Equals(Assembly.Value.Parse("Test.Modern.Modern", expected)));
    }
}
