using ProtoGen.Compiler.Model;
using GWireType = Google.Protobuf.WireFormat.WireType;

namespace ProtoGen.Tests.Emit;

public sealed class WrapperFieldTests
{
    /// <summary>google/protobuf/wrappers.proto as a dependency only: its types come from the runtime.</summary>
    internal static FileModel WrappersProto()
    {
        var file = new FileBuilder("google/protobuf/wrappers.proto", "google.protobuf");
        foreach (var (name, type) in new[]
                 {
                     ("DoubleValue", FieldType.Double), ("FloatValue", FieldType.Float), ("Int64Value", FieldType.Int64),
                     ("UInt64Value", FieldType.UInt64), ("Int32Value", FieldType.Int32), ("UInt32Value", FieldType.UInt32),
                     ("BoolValue", FieldType.Bool), ("StringValue", FieldType.String), ("BytesValue", FieldType.Bytes),
                 })
        {
            file.Message(name, m => m.Field("value", 1, type));
        }
        return file.Build();
    }

    private static readonly Lazy<GeneratedAssembly> Assembly = new(() => GeneratedAssembly.CompileWith(
        new[]
        {
            new FileBuilder("test/wrappers.proto", "test.wrappers")
                .Import("google/protobuf/wrappers.proto")
                .Message("Wrapped", m => m
                    .Field("d", 1, FieldType.Message, ".google.protobuf.DoubleValue")
                    .Field("f", 2, FieldType.Message, ".google.protobuf.FloatValue")
                    .Field("i64", 3, FieldType.Message, ".google.protobuf.Int64Value")
                    .Field("u64", 4, FieldType.Message, ".google.protobuf.UInt64Value")
                    .Field("i32", 5, FieldType.Message, ".google.protobuf.Int32Value")
                    .Field("u32", 6, FieldType.Message, ".google.protobuf.UInt32Value")
                    .Field("b", 7, FieldType.Message, ".google.protobuf.BoolValue")
                    .Field("s", 8, FieldType.Message, ".google.protobuf.StringValue")
                    .Field("by", 9, FieldType.Message, ".google.protobuf.BytesValue")
                    .Field("list", 10, FieldType.Message, ".google.protobuf.Int32Value", repeated: true)
                    .Map("named", 11, FieldType.String, FieldType.Message, ".google.protobuf.Int32Value")
                    .Oneof("either", o => o
                        .Field("one_int", 12, FieldType.Message, ".google.protobuf.Int32Value")
                        .Field("one_text", 13, FieldType.Message, ".google.protobuf.StringValue")))
                .Build(),
        },
        referenceOnly: new[] { WrappersProto() }));

    private static dynamic NewWrapped() => Assembly.Value.New("Test.Wrappers.Wrapped");

    [Fact]
    public void Wrapper_fields_are_nullable_properties_of_the_wrapped_type()
    {
        var type = Assembly.Value.Type("Test.Wrappers.Wrapped");
        Assert.Equal(typeof(double?), type.GetProperty("D")!.PropertyType);
        Assert.Equal(typeof(ulong?), type.GetProperty("U64")!.PropertyType);
        Assert.Equal(typeof(string), type.GetProperty("S")!.PropertyType);
        Assert.Equal(typeof(ByteString), type.GetProperty("By")!.PropertyType);
        Assert.Equal(typeof(ProtoGen.Collections.RepeatedField<int?>), type.GetProperty("List")!.PropertyType);
        Assert.Equal(typeof(ProtoGen.Collections.MapField<string, int?>), type.GetProperty("Named")!.PropertyType);
        Assert.Equal(typeof(int?), type.GetProperty("OneInt")!.PropertyType);
    }

    [Fact]
    public void Wrappers_are_written_as_nested_messages_omitting_a_default_value_as_Google_Protobuf_does()
    {
        var m = NewWrapped();
        m.D = 1.5;
        m.I32 = 0;
        m.B = true;
        m.S = "s";
        m.By = ByteString.Empty;
        m.List.Add(3);
        m.List.Add(0);
        m.Named["k"] = 2;
        m.OneText = "";
        byte[] expected = Oracle.Bytes(o =>
        {
            o.Message(1, Oracle.Bytes(i => { i.WriteTag(1, GWireType.Fixed64); i.WriteDouble(1.5); }));
            o.Message(5, Array.Empty<byte>());
            o.Message(7, Oracle.Bytes(i => { i.WriteTag(1, GWireType.Varint); i.WriteBool(true); }));
            o.Message(8, Oracle.Bytes(i => { i.WriteTag(1, GWireType.LengthDelimited); i.WriteString("s"); }));
            o.Message(9, Array.Empty<byte>());
            o.Message(10, Oracle.Bytes(i => { i.WriteTag(1, GWireType.Varint); i.WriteInt32(3); }));
            o.Message(10, Array.Empty<byte>());
            o.Message(11, Oracle.Bytes(e =>
            {
                e.WriteTag(1, GWireType.LengthDelimited); e.WriteString("k");
                e.Message(2, Oracle.Bytes(i => { i.WriteTag(1, GWireType.Varint); i.WriteInt32(2); }));
            }));
            o.Message(13, Array.Empty<byte>());
        });
        Assert.Equal(expected, GeneratedAssembly.Bytes(m));
        var parsed = Assembly.Value.Parse("Test.Wrappers.Wrapped", expected);
        Assert.True(m.Equals(parsed));
        Assert.Equal(0, (int?)parsed.I32);
        Assert.Null((long?)parsed.I64);
        Assert.Equal("", (string?)parsed.OneText);
    }

    [Fact]
    public void Unset_wrappers_are_not_written_and_unknown_wrapper_fields_are_skipped()
    {
        Assert.Empty(GeneratedAssembly.Bytes(NewWrapped()));
        byte[] bytes = Oracle.Bytes(o => o.Message(5, Oracle.Bytes(i =>
        {
            i.WriteTag(2, GWireType.Varint); i.WriteInt32(9);
            i.WriteTag(1, GWireType.Varint); i.WriteInt32(4);
        })));
        Assert.Equal(4, (int?)Assembly.Value.Parse("Test.Wrappers.Wrapped", bytes).I32);
    }

    [Fact]
    public void Wrapper_equality_is_bitwise_for_floating_point()
    {
        var a = NewWrapped();
        var b = NewWrapped();
        a.D = double.NaN;
        b.D = double.NaN;
        Assert.True(a.Equals(b));
        b.D = BitConverter.Int64BitsToDouble(long.MinValue);
        a.D = 0.0;
        Assert.False(a.Equals(b));
        a.D = null;
        Assert.False(a.Equals(b));
    }
}
