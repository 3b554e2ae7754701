using ProtoGen.Protoc.Mapping;

namespace ProtoGen.Tests.Plugin;

/// <summary>The plugin's splitting of option bytes into field records, read with the runtime's WireReader: every wire
/// type, groups kept as their inner bytes, and malformed bytes a DescriptorMappingException (the plugin's error
/// answer), never another exception.</summary>
public class WireFieldsTests
{
    [Fact]
    public void Splits_every_wire_type_into_records()
    {
        byte[] data =
        [
            0x08, 0x96, 0x01, // 1: varint 150
            0x11, 1, 2, 3, 4, 5, 6, 7, 8, // 2: fixed64
            0x1D, 9, 10, 11, 12, // 3: fixed32
            0x22, 0x02, 0xAB, 0xCD, // 4: length-delimited
            0x2B, 0x30, 0x01, 0x3B, 0x3C, 0x2C, // 5: group { 6: 1, 7: group {} }
            0xF8, 0xFF, 0xFF, 0xFF, 0x0F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, // 536870911: varint 2^64-1
        ];

        List<WireField> fields = WireFields.Read(data);

        Assert.Equal(6, fields.Count);
        Assert.Equal(new WireField(1, 0, 150, null), fields[0]);
        Assert.Equal(new WireField(2, 1, 0x0807060504030201, null), fields[1]);
        Assert.Equal(new WireField(3, 5, 0x0C0B0A09, null), fields[2]);
        Assert.Equal((4, 2), (fields[3].Number, fields[3].WireType));
        Assert.Equal(new byte[] { 0xAB, 0xCD }, fields[3].Bytes);
        Assert.Equal((5, 3), (fields[4].Number, fields[4].WireType));
        Assert.Equal(new byte[] { 0x30, 0x01, 0x3B, 0x3C }, fields[4].Bytes);
        Assert.Equal(new WireField(536870911, 0, ulong.MaxValue, null), fields[5]);
    }

    [Fact]
    public void Reads_packed_values_of_each_width()
    {
        Assert.Equal([1UL, 300UL, ulong.MaxValue], WireFields.ReadPacked([0x01, 0xAC, 0x02, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], 0));
        Assert.Equal([0x0807060504030201UL], WireFields.ReadPacked([1, 2, 3, 4, 5, 6, 7, 8], 1));
        Assert.Equal([0x04030201UL, 0x08070605UL], WireFields.ReadPacked([1, 2, 3, 4, 5, 6, 7, 8], 5));
    }

    public static TheoryData<string, byte[]> Malformed => new()
    {
        { "field number 0", [0x00, 0x01] },
        { "varint cut off", [0x08, 0x96] },
        { "varint of 11 bytes", [0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01] },
        { "fixed64 cut off", [0x11, 1, 2, 3] },
        { "fixed32 cut off", [0x1D, 1, 2] },
        { "length past the end", [0x22, 0x05, 1, 2] },
        { "negative length", [0x22, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F] },
        { "wire type 6", [0x0E] },
        { "wire type 7", [0x0F] },
        { "END_GROUP without a group", [0x0C] },
        { "group not closed", [0x0B, 0x08, 0x01] },
        { "group closed by another number", [0x0B, 0x14] },
        { "nested group cut off", [0x0B, 0x13, 0x08] },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_bytes_are_a_mapping_error(string what, byte[] data)
    {
        var exception = Assert.Throws<DescriptorMappingException>(() => WireFields.Read(data));
        Assert.False(string.IsNullOrEmpty(exception.Message), what);
    }

    [Fact]
    public void Groups_nested_past_the_recursion_limit_are_a_mapping_error_not_a_stack_overflow()
    {
        // 100,000 START_GROUP tags of field 1, each opening a group inside the one before.
        byte[] data = Enumerable.Repeat((byte)0x0B, 100_000).ToArray();
        Assert.Throws<DescriptorMappingException>(() => WireFields.Read(data));
    }

    [Fact]
    public void Packed_values_cut_off_are_a_mapping_error()
    {
        Assert.Throws<DescriptorMappingException>(() => WireFields.ReadPacked([0x96], 0));
        Assert.Throws<DescriptorMappingException>(() => WireFields.ReadPacked([1, 2, 3, 4, 5], 1));
        Assert.Throws<DescriptorMappingException>(() => WireFields.ReadPacked([1, 2, 3, 4, 5], 5));
    }
}
