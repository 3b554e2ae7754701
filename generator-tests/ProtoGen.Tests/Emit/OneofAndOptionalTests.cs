using ProtoGen.Compiler.Model;
using GWireType = Google.Protobuf.WireFormat.WireType;

namespace ProtoGen.Tests.Emit;

public sealed class OneofAndOptionalTests
{
    private static readonly Lazy<GeneratedAssembly> Assembly = new(() => GeneratedAssembly.Compile(
        new FileBuilder("test/oneof.proto", "test.oneof")
            .Message("Item", m => m.Field("id", 1, FieldType.Int32).Field("tag", 2, FieldType.String))
            .Message("Choice", m => m
                .Field("before", 1, FieldType.Int32)
                .Oneof("kind", o => o
                    .Field("number", 2, FieldType.Int32)
                    .Field("text", 3, FieldType.String)
                    .Field("item", 4, FieldType.Message, ".test.oneof.Item")
                    .Field("none", 5, FieldType.Bool))
                .Field("opt_int", 6, FieldType.Int32, optional: true)
                .Field("opt_text", 7, FieldType.String, optional: true)
                .Field("opt_double", 8, FieldType.Double, optional: true)
                .Field("opt_item", 9, FieldType.Message, ".test.oneof.Item", optional: true))
            // Members 1, 2 and 4 around a plain field 3: sized and written in field-number order, as one switch
            // (members 1-2) and a single test (member 4).
            .Message("Split", m => m
                .Oneof("pick", o => o
                    .Field("first", 1, FieldType.String)
                    .Field("second", 2, FieldType.Int64)
                    .Field("fourth", 4, FieldType.Message, ".test.oneof.Item"))
                .Field("third", 3, FieldType.Int32))
            .Build()));

    private static dynamic NewChoice() => Assembly.Value.New("Test.Oneof.Choice");

    private static object Case(string name) => Assembly.Value.Enum("Test.Oneof.Choice+KindOneofCase", name);

    private static dynamic NewItem(int id)
    {
        var item = Assembly.Value.New("Test.Oneof.Item");
        item.Id = id;
        return item;
    }

    [Fact]
    public void Members_apart_in_field_order_are_written_in_field_order()
    {
        var split = Assembly.Value.New("Test.Oneof.Split");
        split.Third = 3;
        split.Fourth = NewItem(9);
        byte[] expected = Oracle.Bytes(o =>
        {
            o.WriteTag(3, GWireType.Varint);
            o.WriteInt32(3);
            o.Message(4, Oracle.Bytes(i => { i.WriteTag(1, GWireType.Varint); i.WriteInt32(9); }));
        });
        Assert.Equal(expected, GeneratedAssembly.Bytes(split));
        Assert.Equal(expected.Length, (int)split.CalculateSize());

        split.First = "a";
        expected = Oracle.Bytes(o =>
        {
            o.WriteTag(1, GWireType.LengthDelimited);
            o.WriteString("a");
            o.WriteTag(3, GWireType.Varint);
            o.WriteInt32(3);
        });
        Assert.Equal(expected, GeneratedAssembly.Bytes(split));
        Assert.Equal(expected.Length, (int)split.CalculateSize());

        split.Second = -2L;
        Assert.Equal(Oracle.Bytes(o =>
        {
            o.WriteTag(2, GWireType.Varint);
            o.WriteInt64(-2);
            o.WriteTag(3, GWireType.Varint);
            o.WriteInt32(3);
        }), GeneratedAssembly.Bytes(split));
        Assert.Equal(13, (int)split.CalculateSize());
    }

    [Fact]
    public void Setting_a_member_sets_the_case_and_other_members_read_as_default()
    {
        var m = NewChoice();
        Assert.Equal(Case("None"), (object)m.KindCase);
        m.Number = 5;
        Assert.Equal(Case("Number"), (object)m.KindCase);
        m.Text = "t";
        Assert.Equal(Case("Text"), (object)m.KindCase);
        Assert.Equal(0, (int)m.Number);
        Assert.Null(m.Item);
        m.Item = NewItem(1);
        Assert.Equal("", (string)m.Text);
        m.Item = null;
        Assert.Equal(Case("None"), (object)m.KindCase);
        m.None = true;
        Assert.Equal(Case("None_"), (object)m.KindCase);
        m.ClearKind();
        Assert.Equal(Case("None"), (object)m.KindCase);
    }

    [Fact]
    public void A_set_member_is_written_even_when_default()
    {
        var m = NewChoice();
        m.Number = 0;
        Assert.Equal(Oracle.Bytes(o => { o.WriteTag(2, GWireType.Varint); o.WriteInt32(0); }), GeneratedAssembly.Bytes(m));
        m.Item = NewItem(0);
        Assert.Equal(Oracle.Bytes(o => o.Message(4, Array.Empty<byte>())), GeneratedAssembly.Bytes(m));
    }

    [Fact]
    public void Parsing_keeps_the_last_member_and_merges_a_repeated_message_member()
    {
        byte[] bytes = Oracle.Bytes(o =>
        {
            o.WriteTag(3, GWireType.LengthDelimited); o.WriteString("first");
            o.Message(4, Oracle.Bytes(i => { i.WriteTag(1, GWireType.Varint); i.WriteInt32(1); }));
            o.Message(4, Oracle.Bytes(i => { i.WriteTag(2, GWireType.LengthDelimited); i.WriteString("t"); }));
        });
        var parsed = Assembly.Value.Parse("Test.Oneof.Choice", bytes);
        Assert.Equal(Case("Item"), (object)parsed.KindCase);
        Assert.Equal(1, (int)parsed.Item.Id);
        Assert.Equal("t", (string)parsed.Item.Tag);
        var roundTripped = Assembly.Value.Parse("Test.Oneof.Choice", GeneratedAssembly.Bytes(parsed));
        Assert.True(parsed.Equals(roundTripped));
    }

    [Fact]
    public void Merge_takes_the_other_case_and_merges_the_same_message_case()
    {
        var target = NewChoice();
        target.Item = NewItem(1);
        var source = NewChoice();
        var sourceItem = NewItem(0);
        sourceItem.Tag = "s";
        source.Item = sourceItem;
        target.MergeFrom(source);
        Assert.Equal(1, (int)target.Item.Id);
        Assert.Equal("s", (string)target.Item.Tag);
        source.Text = "x";
        target.MergeFrom(source);
        Assert.Equal(Case("Text"), (object)target.KindCase);
        Assert.Equal("x", (string)target.Text);
        var empty = NewChoice();
        target.MergeFrom(empty);
        Assert.Equal("x", (string)target.Text);
    }

    [Fact]
    public void Equality_includes_the_case_and_clone_is_deep()
    {
        var a = NewChoice();
        var b = NewChoice();
        a.Number = 0;
        Assert.False(a.Equals(b));
        b.Number = 0;
        Assert.True(a.Equals(b));
        Assert.Equal((int)a.GetHashCode(), (int)b.GetHashCode());
        a.Item = NewItem(3);
        var copy = a.Clone();
        copy.Item.Id = 4;
        Assert.Equal(3, (int)a.Item.Id);
    }

    [Fact]
    public void Optional_fields_track_presence_and_are_written_when_set_to_the_default()
    {
        var m = NewChoice();
        Assert.False((bool)m.HasOptInt);
        Assert.False((bool)m.HasOptText);
        Assert.Equal("", (string)m.OptText);
        m.OptInt = 0;
        m.OptText = "";
        m.OptDouble = 0.0;
        Assert.True((bool)m.HasOptInt);
        byte[] expected = Oracle.Bytes(o =>
        {
            o.WriteTag(6, GWireType.Varint); o.WriteInt32(0);
            o.WriteTag(7, GWireType.LengthDelimited); o.WriteString("");
            o.WriteTag(8, GWireType.Fixed64); o.WriteDouble(0);
        });
        Assert.Equal(expected, GeneratedAssembly.Bytes(m));
        var parsed = Assembly.Value.Parse("Test.Oneof.Choice", expected);
        Assert.True((bool)parsed.HasOptInt);
        Assert.True((bool)parsed.HasOptText);
        Assert.True((bool)parsed.HasOptDouble);
        Assert.True(m.Equals(parsed));
        Assert.False(m.Equals(NewChoice()));

        m.ClearOptInt();
        m.ClearOptText();
        Assert.False((bool)m.HasOptInt);
        Assert.False((bool)m.HasOptText);
        Assert.Equal(Oracle.Bytes(o => { o.WriteTag(8, GWireType.Fixed64); o.WriteDouble(0); }), GeneratedAssembly.Bytes(m));
    }

    [Fact]
    public void Optional_fields_merge_only_when_set_in_the_other_message()
    {
        var target = NewChoice();
        target.OptInt = 5;
        var source = NewChoice();
        source.OptText = "s";
        target.MergeFrom(source);
        Assert.Equal(5, (int)target.OptInt);
        Assert.Equal("s", (string)target.OptText);
        source.OptInt = 0;
        target.MergeFrom(source);
        Assert.Equal(0, (int)target.OptInt);
        Assert.True((bool)target.HasOptInt);
        Assert.True(target.Equals(target.Clone()));
    }

    [Fact]
    public void More_than_32_optional_fields_use_several_has_bit_words()
    {
        using var assembly = GeneratedAssembly.Compile(new FileBuilder("test/many.proto", "test.many")
            .Message("Many", m =>
            {
                for (int i = 1; i <= 40; i++) m.Field("f" + i, i, FieldType.Int32, optional: true);
            })
            .Build());
        Assert.Contains("private int _hasBits1;", assembly.Source);
        var many = assembly.New("Test.Many.Many");
        many.F33 = 0;
        many.F32 = 0;
        Assert.True((bool)many.HasF33);
        Assert.True((bool)many.HasF32);
        Assert.False((bool)many.HasF1);
        var parsed = assembly.Parse("Test.Many.Many", GeneratedAssembly.Bytes(many));
        Assert.True((bool)parsed.HasF33);
        Assert.False((bool)parsed.HasF34);
        Assert.True(many.Equals(parsed));
    }
}
