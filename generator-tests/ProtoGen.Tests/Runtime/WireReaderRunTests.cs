using Google.Protobuf;
using ProtoGen.Tests.Emit;
using ProtoGen.Wire;
using GWireType = Google.Protobuf.WireFormat.WireType;

namespace ProtoGen.Tests.Runtime;

/// <summary>CountLengthDelimitedRun: how many elements of a repeated length-delimited field follow one another.</summary>
public class WireReaderRunTests
{
    private const uint Tag = (4 << 3) | 2;

    // Reads the first tag of the input, counts the run from there, and checks that counting moved nothing.
    private static int CountAfterFirstTag(byte[] bytes)
    {
        var reader = new WireReader(bytes);
        uint tag = reader.ReadTag();
        int position = reader.Position;
        int count = reader.CountLengthDelimitedRun(tag);
        Assert.Equal(position, reader.Position);
        return count;
    }

    private static byte[] Elements(int fieldNumber, params string[] values) => Oracle.Bytes(o =>
    {
        foreach (string value in values)
        {
            o.WriteTag(fieldNumber, GWireType.LengthDelimited);
            o.WriteString(value);
        }
    });

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(200)]
    public void Counts_every_element_of_a_run(int count)
    {
        string[] values = Enumerable.Range(0, count).Select(i => new string('x', i % 300)).ToArray();
        Assert.Equal(count, CountAfterFirstTag(Elements(4, values)));
        // Field 2000 has a two-byte tag.
        Assert.Equal(count, CountAfterFirstTag(Elements(2000, values)));
    }

    [Fact]
    public void Stops_at_another_field_and_does_not_count_a_later_run()
    {
        byte[] bytes = [.. Elements(4, "a", "b", ""), .. Elements(5, "c"), .. Elements(4, "d")];
        Assert.Equal(3, CountAfterFirstTag(bytes));
        // The same field number with another wire type is another tag.
        byte[] mixed = [.. Elements(4, "a"), .. Oracle.Bytes(o => { o.WriteTag(4, GWireType.Varint); o.WriteInt32(1); })];
        Assert.Equal(1, CountAfterFirstTag(mixed));
    }

    [Fact]
    public void Stops_at_the_current_limit()
    {
        byte[] bytes = Elements(4, "aa", "bb", "cc");
        // Each element is 4 bytes; a limit after two of them hides the third.
        var reader = new WireReader(bytes);
        reader.PushLimit(8);
        Assert.Equal(Tag, reader.ReadTag());
        Assert.Equal(2, reader.CountLengthDelimitedRun(Tag));
    }

    [Fact]
    public void A_cut_or_malformed_element_ends_the_count_without_throwing()
    {
        // Three 4-byte elements: tag, length 2, two chars. An element counts once its tag is read; the count goes on
        // past it only when its length and payload are all there.
        byte[] three = Elements(4, "aa", "bb", "cc");
        for (int cut = 2; cut <= three.Length; cut++)
        {
            int expected = cut < 5 ? 1 : cut < 9 ? 2 : 3;
            Assert.Equal(expected, CountAfterFirstTag(three[..cut]));
        }

        // A length longer than what is left, a length varint that does not end within 5 bytes, a cut tag: the count
        // stops at that element.
        Assert.Equal(1, CountAfterFirstTag([0x22, 0x05, 0x61]));
        Assert.Equal(2, CountAfterFirstTag([0x22, 0x01, 0x61, 0x22, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]));
        Assert.Equal(1, CountAfterFirstTag([0x22, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]));
        Assert.Equal(1, CountAfterFirstTag([0x22, 0x01, 0x61, 0xA2]));
    }
}
