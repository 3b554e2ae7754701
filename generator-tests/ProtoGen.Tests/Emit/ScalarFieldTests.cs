using ProtoGen.Compiler.Model;
using GWireType = Google.Protobuf.WireFormat.WireType;

namespace ProtoGen.Tests.Emit;

public sealed class ScalarFieldTests
{
    private static FileModel Scalars() => new FileBuilder("test/scalars.proto", "test.scalars")
        .Enum("Color", "COLOR_UNSPECIFIED", "COLOR_RED", "COLOR_GREEN")
        .Message("AllScalars", m => m
            .Field("f_double", 1, FieldType.Double)
            .Field("f_float", 2, FieldType.Float)
            .Field("f_int64", 3, FieldType.Int64)
            .Field("f_uint64", 4, FieldType.UInt64)
            .Field("f_int32", 5, FieldType.Int32)
            .Field("f_fixed64", 6, FieldType.Fixed64)
            .Field("f_fixed32", 7, FieldType.Fixed32)
            .Field("f_bool", 8, FieldType.Bool)
            .Field("f_string", 9, FieldType.String)
            .Field("f_bytes", 12, FieldType.Bytes)
            .Field("f_uint32", 13, FieldType.UInt32)
            .Field("f_enum", 14, FieldType.Enum, ".test.scalars.Color")
            .Field("f_sfixed32", 15, FieldType.SFixed32)
            .Field("f_sfixed64", 16, FieldType.SFixed64)
            .Field("f_sint32", 17, FieldType.SInt32)
            .Field("f_sint64", 18, FieldType.SInt64)
            .Field("f_big_number", 536870911, FieldType.Int32))
        .Build();

    private static readonly Lazy<GeneratedAssembly> Assembly = new(() => GeneratedAssembly.Compile(Scalars()));

    private static dynamic NewAllScalars() => Assembly.Value.New("Test.Scalars.AllScalars");

    private static dynamic Filled()
    {
        var m = NewAllScalars();
        m.FDouble = -1.5;
        m.FFloat = 2.25f;
        m.FInt64 = -3L;
        m.FUint64 = ulong.MaxValue;
        m.FInt32 = -5;
        m.FFixed64 = 6UL;
        m.FFixed32 = 7U;
        m.FBool = true;
        m.FString = "héllo";
        m.FBytes = ByteString.CopyFrom(1, 2, 3);
        m.FUint32 = 13U;
        m.FEnum = (dynamic)Assembly.Value.Enum("Test.Scalars.Color", "Green");
        m.FSfixed32 = -15;
        m.FSfixed64 = -16L;
        m.FSint32 = -17;
        m.FSint64 = long.MinValue;
        m.FBigNumber = 1;
        return m;
    }

    [Fact]
    public void Every_scalar_type_is_written_as_Google_Protobuf_writes_it()
    {
        byte[] expected = Oracle.Bytes(o =>
        {
            o.Tag(1, GWireType.Fixed64); o.WriteDouble(-1.5);
            o.Tag(2, GWireType.Fixed32); o.WriteFloat(2.25f);
            o.Tag(3, GWireType.Varint); o.WriteInt64(-3);
            o.Tag(4, GWireType.Varint); o.WriteUInt64(ulong.MaxValue);
            o.Tag(5, GWireType.Varint); o.WriteInt32(-5);
            o.Tag(6, GWireType.Fixed64); o.WriteFixed64(6);
            o.Tag(7, GWireType.Fixed32); o.WriteFixed32(7);
            o.Tag(8, GWireType.Varint); o.WriteBool(true);
            o.Tag(9, GWireType.LengthDelimited); o.WriteString("héllo");
            o.Tag(12, GWireType.LengthDelimited); o.WriteBytes(global::Google.Protobuf.ByteString.CopyFrom(1, 2, 3));
            o.Tag(13, GWireType.Varint); o.WriteUInt32(13);
            o.Tag(14, GWireType.Varint); o.WriteEnum(2);
            o.Tag(15, GWireType.Fixed32); o.WriteSFixed32(-15);
            o.Tag(16, GWireType.Fixed64); o.WriteSFixed64(-16);
            o.Tag(17, GWireType.Varint); o.WriteSInt32(-17);
            o.Tag(18, GWireType.Varint); o.WriteSInt64(long.MinValue);
            o.Tag(536870911, GWireType.Varint); o.WriteInt32(1);
        });
        var m = Filled();
        Assert.Equal(expected.Length, (int)m.CalculateSize());
        Assert.Equal(expected, GeneratedAssembly.Bytes(m));
    }

    [Fact]
    public void Every_scalar_type_round_trips()
    {
        var m = Filled();
        var parsed = Assembly.Value.Parse("Test.Scalars.AllScalars", GeneratedAssembly.Bytes(m));
        Assert.True(m.Equals(parsed));
        Assert.Equal((int)m.GetHashCode(), (int)parsed.GetHashCode());
        Assert.Equal(-1.5, (double)parsed.FDouble);
        Assert.Equal("héllo", (string)parsed.FString);
        Assert.Equal(long.MinValue, (long)parsed.FSint64);
        Assert.Equal(ulong.MaxValue, (ulong)parsed.FUint64);
        Assert.Equal(new byte[] { 1, 2, 3 }, ((ByteString)parsed.FBytes).ToByteArray());
    }

    [Fact]
    public void Defaults_are_not_written_and_like_Google_Protobuf_neither_is_negative_zero_but_NaN_is()
    {
        var m = NewAllScalars();
        Assert.Empty(GeneratedAssembly.Bytes(m));
        // Not the literals: the dynamic binder turns the constants -0.0 and -0.0f into +0.
        m.FDouble = BitConverter.Int64BitsToDouble(long.MinValue);
        m.FFloat = BitConverter.Int32BitsToSingle(int.MinValue);
        Assert.Empty(GeneratedAssembly.Bytes(m));
        Assert.False(m.Equals(NewAllScalars()));
        m.FFloat = float.NaN;
        byte[] expected = Oracle.Bytes(o => { o.Tag(2, GWireType.Fixed32); o.WriteFloat(float.NaN); });
        Assert.Equal(expected, GeneratedAssembly.Bytes(m));
    }

    [Fact]
    public void Unset_strings_and_bytes_read_as_empty_and_reject_null()
    {
        var m = NewAllScalars();
        Assert.Equal("", (string)m.FString);
        Assert.True(((ByteString)m.FBytes).IsEmpty);
        var error = Assert.ThrowsAny<Exception>(() => { m.FString = null; });
        Assert.IsType<ArgumentNullException>(error is System.Reflection.TargetInvocationException t ? t.InnerException : error);
    }

    [Fact]
    public void Unknown_enum_numbers_survive_a_round_trip()
    {
        byte[] bytes = Oracle.Bytes(o => { o.Tag(14, GWireType.Varint); o.WriteEnum(42); });
        var parsed = Assembly.Value.Parse("Test.Scalars.AllScalars", bytes);
        Assert.Equal(42, (int)parsed.FEnum);
        Assert.Equal(bytes, GeneratedAssembly.Bytes(parsed));
    }

    [Fact]
    public void Unknown_fields_and_known_fields_with_a_wrong_wire_type_are_kept_and_written_last()
    {
        byte[] unknown = Oracle.Bytes(o =>
        {
            o.Tag(100, GWireType.LengthDelimited); o.WriteString("x");
            o.Tag(5, GWireType.Fixed32); o.WriteFixed32(9);
        });
        byte[] known = Oracle.Bytes(o => { o.Tag(9, GWireType.LengthDelimited); o.WriteString("s"); });
        var parsed = Assembly.Value.Parse("Test.Scalars.AllScalars", unknown.Concat(known).ToArray());
        Assert.Equal(0, (int)parsed.FInt32);
        Assert.Equal("s", (string)parsed.FString);
        Assert.Equal(known.Concat(unknown).ToArray(), GeneratedAssembly.Bytes(parsed));
        Assert.False(parsed.Equals(Assembly.Value.Parse("Test.Scalars.AllScalars", known)));
        Assert.True(parsed.Equals(parsed.Clone()));
    }

    [Fact]
    public void Merge_overwrites_with_the_non_default_values_of_the_other_message()
    {
        var target = NewAllScalars();
        target.FInt32 = 1;
        target.FString = "keep";
        var source = NewAllScalars();
        source.FInt32 = 2;
        target.MergeFrom(source);
        Assert.Equal(2, (int)target.FInt32);
        Assert.Equal("keep", (string)target.FString);
    }

    [Fact]
    public void ToString_uses_json_names_omits_defaults_and_names_enums()
    {
        var m = NewAllScalars();
        m.FInt32 = 5;
        m.FEnum = (dynamic)Assembly.Value.Enum("Test.Scalars.Color", "Red");
        string text = m.ToString();
        Assert.Contains("\"fInt32\"", text);
        Assert.Contains("COLOR_RED", text);
        Assert.DoesNotContain("fString", text);
    }
}
