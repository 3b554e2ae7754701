using ProtoGen.Wire;

namespace ProtoGen.Tests.Runtime;

/// <summary>
/// The reader decodes the first two bytes of a longer varint before its loop (two-byte varints are the most common
/// longer ones): every value around that boundary, padded or not, and encodings longer than they need to be.
/// </summary>
public class TwoByteVarintTests
{
    [Fact]
    public void Varints_around_the_one_and_two_byte_boundaries_read_like_Google_Protobuf_writes_them()
    {
        foreach (ulong value in new ulong[] { 0, 1, 127, 128, 129, 255, 256, 300, 8_191, 16_383, 16_384, 16_385, 2_097_151, 2_097_152, ulong.MaxValue })
        {
            byte[] encoded = WireWriterTests.OracleBytes(o => o.WriteUInt64(value));
            foreach (int padding in new[] { 0, 1, 8, 9, 10 })
            {
                byte[] input = [.. encoded, .. Enumerable.Repeat((byte)0x80, padding)];
                var reader = new WireReader(input);
                Assert.Equal(value, reader.ReadUInt64());
                Assert.Equal(encoded.Length, reader.Position);
            }
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x00 }, 0UL)]
    [InlineData(new byte[] { 0xFF, 0x00 }, 127UL)]
    [InlineData(new byte[] { 0x81, 0x80, 0x00 }, 1UL)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }, 0UL)]
    public void Encodings_longer_than_needed_read_as_their_value(byte[] encoded, ulong value)
    {
        // Protobuf parsers accept them (only the 10-byte maximum is enforced); near and far from the end of the input.
        foreach (int padding in new[] { 0, 10 })
        {
            var reader = new WireReader([.. encoded, .. new byte[padding]]);
            Assert.Equal(value, reader.ReadUInt64());
            Assert.Equal(encoded.Length, reader.Position);
        }
    }

    [Fact]
    public void A_two_byte_varint_cut_after_its_first_byte_throws()
    {
        byte[] memory = [0xAC, 0x02];
        Assert.Throws<InvalidProtocolBufferException>(() => new WireReader(memory.AsSpan(0, 1)).ReadUInt64());
        Assert.Throws<InvalidProtocolBufferException>(() => new WireReader(memory.AsSpan(0, 1)).ReadUInt32());
    }
}
