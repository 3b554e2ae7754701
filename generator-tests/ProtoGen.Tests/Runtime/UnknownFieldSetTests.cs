using ProtoGen.Wire;
using GP = Google.Protobuf;

namespace ProtoGen.Tests.Runtime;

public class UnknownFieldSetTests
{
    private static byte[] MixedUnknownFields() => WireWriterTests.OracleBytes(o =>
    {
        o.WriteTag(100, GP.WireFormat.WireType.Fixed32);
        o.WriteFixed32(0xDEADBEEF);
        o.WriteTag(1, GP.WireFormat.WireType.Varint); // known: id
        o.WriteInt32(5);
        o.WriteTag(50, GP.WireFormat.WireType.LengthDelimited);
        o.WriteString("unknown text");
        o.WriteTag(20, GP.WireFormat.WireType.StartGroup);
        o.WriteTag(1, GP.WireFormat.WireType.Varint);
        o.WriteInt64(-1);
        o.WriteTag(21, GP.WireFormat.WireType.StartGroup);
        o.WriteTag(21, GP.WireFormat.WireType.EndGroup);
        o.WriteTag(20, GP.WireFormat.WireType.EndGroup);
        o.WriteTag(10, GP.WireFormat.WireType.Varint);
        o.WriteInt32(-2);
        o.WriteTag(11, GP.WireFormat.WireType.Fixed64);
        o.WriteDouble(double.NaN);
    });

    [Fact]
    public void Unknown_fields_keep_their_order_and_bytes_groups_included()
    {
        byte[] input = MixedUnknownFields();
        TestMessage message = TestMessage.Parser.ParseFrom(input);
        Assert.Equal(5, message.Id);
        Assert.NotNull(message.UnknownFields);

        // Known fields are written first, then the unknown ones in the order they came.
        byte[] knownPart = [0x08, 0x05];
        Assert.Equal(knownPart, input.AsSpan(6, 2).ToArray());
        byte[] unknownPart = [.. input.AsSpan(0, 6), .. input.AsSpan(8)];
        Assert.Equal(unknownPart, message.UnknownFields!.RawBytes.ToArray());
        Assert.Equal([.. knownPart, .. unknownPart], message.ToBytes());

        // Google.Protobuf sees the same unknown fields.
        var empty = GP.WellKnownTypes.Empty.Parser.ParseFrom(message.ToBytes());
        Assert.Equal(message.ToBytes(), GP.MessageExtensions.ToByteArray(empty));
    }

    [Fact]
    public void Round_trip_through_an_unknown_field_set_is_verbatim_even_for_non_canonical_encodings()
    {
        // A tag encoded in two bytes (0xF8 0x00 is field 15 varint) and an over-long varint value.
        byte[] input = [0xF8, 0x00, 0x81, 0x80, 0x00, 0x7D, 1, 2, 3, 4];
        TestMessage message = TestMessage.Parser.ParseFrom(input);
        Assert.Equal(input, message.ToBytes());
    }

    [Fact]
    public void Clone_merge_and_equality()
    {
        TestMessage a = TestMessage.Parser.ParseFrom(MixedUnknownFields());
        TestMessage b = a.Clone();
        Assert.Equal(a, b);
        Assert.Equal(a.UnknownFields, b.UnknownFields);
        Assert.NotSame(a.UnknownFields, b.UnknownFields);
        Assert.Equal(a.UnknownFields!.GetHashCode(), b.UnknownFields!.GetHashCode());

        UnknownFieldSet? merged = UnknownFieldSet.MergeFrom(null, a.UnknownFields);
        merged = UnknownFieldSet.MergeFrom(merged, b.UnknownFields);
        Assert.Equal(2 * a.UnknownFields.CalculateSize(), merged!.CalculateSize());
        Assert.NotEqual(a.UnknownFields, merged);
        Assert.Null(UnknownFieldSet.MergeFrom(null, null));
    }

    [Fact]
    public void MergeFieldFrom_with_a_tag_other_than_the_last_one_read_writes_it_canonically()
    {
        byte[] input = [0x05];
        var reader = new WireReader(input);
        UnknownFieldSet? set = UnknownFieldSet.MergeFieldFrom(null, ref reader, WireFormat.MakeTag(16, WireType.Varint));
        Assert.Equal(new byte[] { 0x80, 0x01, 0x05 }, set!.RawBytes.ToArray());
        Assert.Equal(3, set.CalculateSize());
        byte[] output = new byte[3];
        var writer = new WireWriter(output);
        set.WriteTo(ref writer);
        Assert.Equal(set.RawBytes.ToArray(), output);
    }
}
