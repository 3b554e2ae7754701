using ProtoGen.Compiler.Model;
using GWireType = Google.Protobuf.WireFormat.WireType;

namespace ProtoGen.Tests.Emit;

/// <summary>What proto2 and editions add beyond encoding: required fields and IsInitialized(), closed enums keeping
/// undeclared numbers as unknown fields, and UTF-8 validation that follows the syntax and features.</summary>
public sealed class Proto2SemanticsTests
{
    private static readonly Lazy<GeneratedAssembly> Assembly = new(() => GeneratedAssembly.Compile(
        new FileBuilder("test/req.proto", "test.req", syntax: "proto2")
            .Message("Req", m => m
                .Field("id", 1, FieldType.Int32, label: FieldLabel.Required)
                .Field("child", 2, FieldType.Message, ".test.req.Child", label: FieldLabel.Required)
                .Field("opt", 3, FieldType.Message, ".test.req.Child")
                .Field("list", 4, FieldType.Message, ".test.req.Child", repeated: true)
                .Field("mode", 5, FieldType.Enum, ".test.req.Req.Mode")
                .Field("modes", 6, FieldType.Enum, ".test.req.Req.Mode", repeated: true)
                .Field("text", 7, FieldType.String)
                .Map("by_name", 8, FieldType.String, FieldType.Enum, ".test.req.Req.Mode")
                .Enum("Mode", "MODE_SLOW", "MODE_FAST"))
            .Message("Child", m => m.Field("name", 1, FieldType.String, label: FieldLabel.Required))
            .Message("NoRequired", m => m.Field("other", 1, FieldType.Message, ".test.req.NoRequired"))
            .Build(),
        new FileBuilder("test/strict.proto", "test.strict", syntax: "proto3")
            .Message("Strict", m => m.Field("text", 1, FieldType.String))
            .Build(),
        new FileBuilder("test/ed.proto", "test.ed", syntax: "editions")
            .Message("Ed", m => m
                .Field("checked", 1, FieldType.String)
                .Field("unchecked", 2, FieldType.String, features: ("utf8_validation", "NONE"))
                .Field("id", 3, FieldType.Int32, features: ("field_presence", "LEGACY_REQUIRED")))
            .Build()));

    private static readonly byte[] InvalidUtf8 = [0xC3, 0x28];

    [Fact]
    public void Parsing_a_message_without_its_required_fields_fails_with_the_type_name()
    {
        Assert.Contains("test.req.Req", AssertParseFails("Test.Req.Req", []).Message);
    }

    [Fact]
    public void IsInitialized_checks_required_fields_here_and_in_sub_messages()
    {
        var m = Assembly.Value.New("Test.Req.Req");
        Assert.False((bool)m.IsInitialized());
        m.Id = 0;
        Assert.False((bool)m.IsInitialized());
        m.Child = Assembly.Value.New("Test.Req.Child");
        Assert.False((bool)m.IsInitialized());
        m.Child.Name = "";
        Assert.True((bool)m.IsInitialized());
        m.List.Add(Assembly.Value.New("Test.Req.Child"));
        Assert.False((bool)m.IsInitialized());
        m.List[0].Name = "x";
        m.Opt = Assembly.Value.New("Test.Req.Child");
        Assert.False((bool)m.IsInitialized());
        m.Opt.Name = "y";
        Assert.True((bool)m.IsInitialized());
        // A complete message round-trips through the parser; MergeFrom accepts partial data.
        byte[] bytes = GeneratedAssembly.Bytes(m);
        Assert.True(m.Equals(Assembly.Value.Parse("Test.Req.Req", bytes)));
        var partial = Assembly.Value.New("Test.Req.Req");
        GeneratedAssembly.MergeFrom(partial, new MemoryStream(Oracle.Bytes(o => { o.WriteTag(1, GWireType.Varint); o.WriteInt32(5); })));
        Assert.Equal(5, (int)partial.Id);
        Assert.True((bool)Assembly.Value.New("Test.Req.NoRequired").IsInitialized());
        Assert.Contains("public bool IsInitialized() => true;", Assembly.Value.Source);
    }

    [Fact]
    public void Editions_legacy_required_is_required()
    {
        var m = Assembly.Value.New("Test.Ed.Ed");
        Assert.False((bool)m.IsInitialized());
        m.Id = 1;
        Assert.True((bool)m.IsInitialized());
    }

    [Fact]
    public void Closed_enum_numbers_not_declared_go_to_unknown_fields_in_both_encodings()
    {
        byte[] input = Oracle.Bytes(o =>
        {
            o.WriteTag(1, GWireType.Varint); o.WriteInt32(1);
            o.WriteTag(2, GWireType.LengthDelimited); o.WriteLength(2); o.WriteTag(1, GWireType.LengthDelimited); o.WriteLength(0);
            o.WriteTag(5, GWireType.Varint); o.WriteEnum(7);
            o.WriteTag(6, GWireType.LengthDelimited); o.WriteLength(3); o.WriteEnum(1); o.WriteEnum(9); o.WriteEnum(0);
            o.WriteTag(6, GWireType.Varint); o.WriteEnum(-3);
        });
        var m = Assembly.Value.Parse("Test.Req.Req", input);
        Assert.False((bool)m.HasMode);
        Assert.Equal(["Fast", "Slow"], ((System.Collections.IEnumerable)m.Modes).Cast<object>().Select(v => v.ToString()!).ToArray());
        // Known fields first (repeated enums expanded, as proto2 declares them), then the unknown numbers in read order.
        byte[] expected = Oracle.Bytes(o =>
        {
            o.WriteTag(1, GWireType.Varint); o.WriteInt32(1);
            o.WriteTag(2, GWireType.LengthDelimited); o.WriteLength(2); o.WriteTag(1, GWireType.LengthDelimited); o.WriteLength(0);
            o.WriteTag(6, GWireType.Varint); o.WriteEnum(1);
            o.WriteTag(6, GWireType.Varint); o.WriteEnum(0);
            o.WriteTag(5, GWireType.Varint); o.WriteEnum(7);
            o.WriteTag(6, GWireType.Varint); o.WriteEnum(9);
            o.WriteTag(6, GWireType.Varint); o.WriteEnum(-3);
        });
        Assert.Equal(expected, GeneratedAssembly.Bytes(m));
    }

    [Fact]
    public void A_map_entry_with_an_undeclared_closed_enum_value_is_kept_whole_as_an_unknown_field()
    {
        byte[] known = Oracle.Bytes(o => { o.WriteTag(1, GWireType.LengthDelimited); o.WriteString("a"); o.WriteTag(2, GWireType.Varint); o.WriteEnum(1); });
        byte[] unknown = Oracle.Bytes(o => { o.WriteTag(1, GWireType.LengthDelimited); o.WriteString("b"); o.WriteTag(2, GWireType.Varint); o.WriteEnum(5); });
        byte[] required = Oracle.Bytes(o =>
        {
            o.WriteTag(1, GWireType.Varint); o.WriteInt32(1);
            o.WriteTag(2, GWireType.LengthDelimited); o.WriteLength(2); o.WriteTag(1, GWireType.LengthDelimited); o.WriteLength(0);
        });
        byte[] input = required.Concat(Oracle.Bytes(o => { o.Message(8, unknown); o.Message(8, known); })).ToArray();
        var m = Assembly.Value.Parse("Test.Req.Req", input);
        Assert.Equal(1, (int)m.ByName.Count);
        // Known fields first, then the unknown entry as it was read.
        Assert.Equal(required.Concat(Oracle.Bytes(o => { o.Message(8, known); o.Message(8, unknown); })).ToArray(), GeneratedAssembly.Bytes(m));
    }

    [Fact]
    public void Proto3_and_editions_strings_reject_invalid_utf8()
    {
        byte[] proto3 = Oracle.Bytes(o => { o.WriteTag(1, GWireType.LengthDelimited); o.WriteBytes(Google.Protobuf.ByteString.CopyFrom(InvalidUtf8)); });
        AssertParseFails("Test.Strict.Strict", proto3);
        AssertParseFails("Test.Ed.Ed", Oracle.Bytes(o =>
        {
            o.WriteTag(1, GWireType.LengthDelimited); o.WriteBytes(Google.Protobuf.ByteString.CopyFrom(InvalidUtf8));
            o.WriteTag(3, GWireType.Varint); o.WriteInt32(1);
        }));
    }

    [Fact]
    public void Proto2_and_utf8_validation_NONE_strings_are_read_without_validation()
    {
        var ed = Assembly.Value.Parse("Test.Ed.Ed", Oracle.Bytes(o =>
        {
            o.WriteTag(2, GWireType.LengthDelimited); o.WriteBytes(Google.Protobuf.ByteString.CopyFrom(InvalidUtf8));
            o.WriteTag(3, GWireType.Varint); o.WriteInt32(1);
        }));
        Assert.Equal("\uFFFD(", (string)ed.Unchecked);
        var req = Assembly.Value.New("Test.Req.Req");
        GeneratedAssembly.MergeFrom(req, new MemoryStream(Oracle.Bytes(o => { o.WriteTag(7, GWireType.LengthDelimited); o.WriteBytes(Google.Protobuf.ByteString.CopyFrom(InvalidUtf8)); })));
        Assert.Equal("\uFFFD(", (string)req.Text);
    }

    private static InvalidProtocolBufferException AssertParseFails(string type, byte[] bytes)
    {
        var e = Assert.ThrowsAny<Exception>(() => Assembly.Value.Parse(type, bytes));
        return Assert.IsType<InvalidProtocolBufferException>(e is System.Reflection.TargetInvocationException t ? t.InnerException : e);
    }
}
