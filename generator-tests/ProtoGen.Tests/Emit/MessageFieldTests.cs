using ProtoGen.Compiler.Model;
using GWireType = Google.Protobuf.WireFormat.WireType;

namespace ProtoGen.Tests.Emit;

public sealed class MessageFieldTests
{
    private static readonly Lazy<GeneratedAssembly> Assembly = new(() => GeneratedAssembly.Compile(
        new FileBuilder("test/nested.proto", "test.nested")
            .Message("Outer", m => m
                .Field("name", 1, FieldType.String)
                .Field("inner", 2, FieldType.Message, ".test.nested.Outer.Inner")
                .Field("child", 3, FieldType.Message, ".test.nested.Outer")
                .Field("mood", 4, FieldType.Enum, ".test.nested.Outer.Mood")
                .Nested("Inner", n => n
                    .Field("a", 1, FieldType.Int32)
                    .Field("b", 2, FieldType.String)
                    .Nested("Deeper", d => d.Field("x", 1, FieldType.Bool)))
                .Enum("Mood", "MOOD_UNSPECIFIED", "MOOD_HAPPY"))
            .Build()));

    private static dynamic NewOuter() => Assembly.Value.New("Test.Nested.Outer");

    private static dynamic NewInner(int a, string b)
    {
        var inner = Assembly.Value.New("Test.Nested.Outer+Types+Inner");
        inner.A = a;
        inner.B = b;
        return inner;
    }

    [Fact]
    public void Nested_types_live_in_a_Types_class_of_their_parent()
    {
        Assert.NotNull(Assembly.Value.Type("Test.Nested.Outer+Types+Inner+Types+Deeper"));
        Assert.True(Assembly.Value.Type("Test.Nested.Outer+Types+Mood").IsEnum);
    }

    [Fact]
    public void Sub_messages_are_written_length_delimited_as_Google_Protobuf_writes_them()
    {
        var m = NewOuter();
        m.Inner = NewInner(1, "x");
        m.Child = NewOuter();
        m.Child.Name = "c";
        m.Child.Inner = NewInner(0, "");
        byte[] inner = Oracle.Bytes(o => { o.WriteTag(1, GWireType.Varint); o.WriteInt32(1); o.WriteTag(2, GWireType.LengthDelimited); o.WriteString("x"); });
        byte[] child = Oracle.Bytes(o => { o.WriteTag(1, GWireType.LengthDelimited); o.WriteString("c"); o.Message(2, Array.Empty<byte>()); });
        byte[] expected = Oracle.Bytes(o => { o.Message(2, inner); o.Message(3, child); });
        Assert.Equal(expected, GeneratedAssembly.Bytes(m));
        Assert.True(m.Equals(Assembly.Value.Parse("Test.Nested.Outer", expected)));
    }

    [Fact]
    public void A_sub_message_appearing_twice_is_merged_not_replaced()
    {
        byte[] first = Oracle.Bytes(o => o.Message(2, Oracle.Bytes(i => { i.WriteTag(1, GWireType.Varint); i.WriteInt32(7); })));
        byte[] second = Oracle.Bytes(o => o.Message(2, Oracle.Bytes(i => { i.WriteTag(2, GWireType.LengthDelimited); i.WriteString("y"); })));
        var parsed = Assembly.Value.Parse("Test.Nested.Outer", first.Concat(second).ToArray());
        Assert.Equal(7, (int)parsed.Inner.A);
        Assert.Equal("y", (string)parsed.Inner.B);
    }

    [Fact]
    public void MergeFrom_merges_sub_messages_recursively_and_Clone_is_deep()
    {
        var target = NewOuter();
        target.Inner = NewInner(1, "keep");
        var source = NewOuter();
        source.Inner = NewInner(2, "");
        source.Child = NewOuter();
        source.Child.Name = "c";
        target.MergeFrom(source);
        Assert.Equal(2, (int)target.Inner.A);
        Assert.Equal("keep", (string)target.Inner.B);
        Assert.Equal("c", (string)target.Child.Name);
        source.Child.Name = "changed";
        Assert.Equal("c", (string)target.Child.Name);

        var copy = target.Clone();
        copy.Inner.A = 99;
        Assert.Equal(2, (int)target.Inner.A);
        Assert.False(target.Equals(copy));
    }

    [Fact]
    public void Deep_recursion_round_trips_with_cached_sizes()
    {
        var root = NewOuter();
        var current = root;
        for (int i = 0; i < 50; i++)
        {
            current.Child = NewOuter();
            current = current.Child;
            current.Name = new string('n', i * 10);
        }
        byte[] bytes = GeneratedAssembly.Bytes(root);
        Assert.Equal(bytes.Length, (int)root.CalculateSize());
        Assert.True(root.Equals(Assembly.Value.Parse("Test.Nested.Outer", bytes)));
    }

    [Fact]
    public void ToString_nests_messages_and_names_enums()
    {
        var m = NewOuter();
        m.Inner = NewInner(3, "");
        m.Mood = (dynamic)Assembly.Value.Enum("Test.Nested.Outer+Types+Mood", "Happy");
        string text = m.ToString();
        Assert.Contains("\"inner\"", text);
        Assert.Contains("\"a\"", text);
        Assert.Contains("MOOD_HAPPY", text);
    }
}
