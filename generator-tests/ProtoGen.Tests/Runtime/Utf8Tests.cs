using ProtoGen.Wire;
using GP = Google.Protobuf;

namespace ProtoGen.Tests.Runtime;

public class Utf8Tests
{
    public static TheoryData<string> Strings => new()
    {
        "",
        "a",
        "hello",
        "héllo wörld",
        "日本語のテキスト",
        "emoji 😀 and 𝄞 (surrogate pairs)",
        new string('x', 42),
        new string('é', 42),
        new string('x', 43),
        new string('x', 127),
        new string('x', 128),
        new string('€', 5000),
        new string('x', 60),
        new string('é', 5462),
        new string('x', 70_000),
        string.Concat(Enumerable.Repeat("a😀", 100)),
        "\0 nul inside",
    };

    [Theory]
    [MemberData(nameof(Strings))]
    public void Strings_written_with_room_to_spare_are_the_same_bytes(string value)
    {
        // With spare room the writer encodes once behind the widest possible prefix and shifts when the prefix is
        // shorter; with an exact buffer (the test below) it counts first. Both must give Google's bytes.
        byte[] expected = WireWriterTests.OracleBytes(o => o.WriteString(value));
        byte[] buffer = new byte[expected.Length + 8];
        var writer = new WireWriter(buffer);
        writer.WriteString(value);
        Assert.Equal(expected.Length, writer.Position);
        Assert.Equal(expected, buffer.AsSpan(0, writer.Position).ToArray());
    }

    [Theory]
    [MemberData(nameof(Strings))]
    public void Strings_encode_like_Google_Protobuf_and_read_back(string value)
    {
        byte[] expected = WireWriterTests.OracleBytes(o => o.WriteString(value));
        Assert.Equal(expected.Length, WireSize.String(value));
        Assert.Equal(GP.CodedOutputStream.ComputeStringSize(value), WireSize.String(value));

        byte[] buffer = new byte[expected.Length];
        var writer = new WireWriter(buffer);
        writer.WriteString(value);
        Assert.Equal(expected.Length, writer.Position);
        Assert.Equal(expected, buffer);

        Assert.Equal(value, new WireReader(buffer).ReadString());
    }

    [Fact]
    public void Short_strings_are_sized_like_Google_Protobuf_wherever_a_non_ASCII_char_sits()
    {
        // Strings of up to 16 chars take WireSize's own ASCII check (overlapping loads): put a char with only the
        // bit 0x80, only high bits, or a surrogate pair at every position of every length around the load widths.
        foreach (string other in new[] { "\u0080", "\u0100", "\u7F00", "\uFF80", "😀" })
        {
            for (int length = 0; length <= 20; length++)
            {
                string ascii = new('a', length);
                Assert.Equal(GP.CodedOutputStream.ComputeStringSize(ascii), WireSize.String(ascii));
                for (int position = 0; position < length; position++)
                {
                    string value = ascii.Substring(0, position) + other + ascii.Substring(position + 1);
                    Assert.Equal(GP.CodedOutputStream.ComputeStringSize(value), WireSize.String(value));
                }
            }
        }
    }

    [Fact]
    public void Short_strings_are_written_like_Google_Protobuf_wherever_a_non_ASCII_char_sits()
    {
        // Strings of 8 to 16 ASCII chars take the writer's own narrowing path: every length around it, with a
        // non-ASCII char at every position, into an exact buffer and into one with room to spare.
        foreach (string other in new[] { "\u0080", "\u0100", "\uFF80", "😀" })
        {
            for (int length = 0; length <= 20; length++)
            {
                string ascii = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + i)));
                AssertWrittenLikeGoogle(ascii);
                for (int position = 0; position < length; position++)
                {
                    AssertWrittenLikeGoogle(ascii.Substring(0, position) + other + ascii.Substring(position + 1));
                }
            }
        }

        static void AssertWrittenLikeGoogle(string value)
        {
            byte[] expected = WireWriterTests.OracleBytes(o => o.WriteString(value));
            foreach (int spare in new[] { 0, 1, 16 })
            {
                byte[] buffer = new byte[expected.Length + spare];
                var writer = new WireWriter(buffer);
                writer.WriteString(value);
                Assert.Equal(expected, buffer.AsSpan(0, writer.Position).ToArray());
                Assert.Equal(value, new WireReader(expected).ReadString());
            }
        }
    }

    [Fact]
    public void Strings_around_the_one_byte_prefix_limit_write_like_Google_Protobuf()
    {
        // ASCII strings of up to 127 chars are narrowed behind a one-byte prefix; longer or non-ASCII ones are encoded
        // behind the widest prefix they could need and moved left when the real prefix is shorter (by one byte for
        // 43 to 127 UTF-8 bytes, and for UTF-8 lengths of 128 to 16,383 bytes in strings of 5,462 chars or more).
        foreach (int length in new[] { 33, 42, 43, 44, 47, 48, 63, 64, 100, 126, 127, 128, 129, 200, 5_461, 5_462, 16_383, 16_384 })
        {
            string ascii = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + i % 26)));
            AssertWrittenLikeGoogle(ascii);
            foreach (string other in new[] { "é", "日", "😀" })
            {
                foreach (int position in new[] { 0, length / 2, length - 1 })
                {
                    AssertWrittenLikeGoogle(ascii.Substring(0, position) + other + ascii.Substring(position + 1));
                }
            }
        }

        static void AssertWrittenLikeGoogle(string value)
        {
            byte[] expected = WireWriterTests.OracleBytes(o => o.WriteString(value));
            Assert.Equal(expected.Length, WireSize.String(value));
            foreach (int spare in new[] { 0, 1, 40 })
            {
                byte[] buffer = Enumerable.Repeat((byte)0xA5, expected.Length + spare).ToArray();
                var writer = new WireWriter(buffer);
                writer.WriteString(value);
                Assert.Equal(expected, buffer.AsSpan(0, writer.Position).ToArray());
            }
        }
    }

    [Theory]
    [InlineData("\uD800")]
    [InlineData("a\uDC00b")]
    [InlineData("x\uD83D")]
    [InlineData("\uDE00\uD83D")]
    public void Unpaired_surrogates_are_written_as_Google_Protobuf_writes_them(string value)
    {
        // Google.Protobuf encodes with Encoding.UTF8, which replaces an unpaired surrogate by U+FFFD (EF BF BD).
        byte[] expected = WireWriterTests.OracleBytes(o => o.WriteString(value));
        Assert.Equal(expected.Length, WireSize.String(value));
        byte[] buffer = new byte[expected.Length];
        var writer = new WireWriter(buffer);
        writer.WriteString(value);
        Assert.Equal(expected, buffer);
        Assert.Contains('\uFFFD', new WireReader(buffer).ReadString());
    }

    [Theory]
    [InlineData(new byte[] { 0x01, 0xFF })]
    [InlineData(new byte[] { 0x02, 0xC0, 0x80 })]
    [InlineData(new byte[] { 0x03, 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0x02, 0xE2, 0x82 })]
    [InlineData(new byte[] { 0x01, 0x80 })]
    [InlineData(new byte[] { 0x04, 0xF4, 0x90, 0x80, 0x80 })]
    // 8 to 16 bytes: the length the reader's ASCII path takes; a bad byte first, in the middle or last.
    [InlineData(new byte[] { 0x08, 0xFF, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61 })]
    [InlineData(new byte[] { 0x0C, 0x61, 0x61, 0x61, 0x61, 0x61, 0xC0, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61 })]
    [InlineData(new byte[] { 0x10, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x80 })]
    public void Invalid_utf8_throws(byte[] input)
    {
        var exception = Assert.Throws<InvalidProtocolBufferException>(() => new WireReader(input).ReadString());
        Assert.Contains("UTF-8", exception.Message);
        Assert.Throws<InvalidProtocolBufferException>(() => TestMessage.Parser.ParseFrom([0x12, .. input]));
    }

    [Fact]
    public void Writing_a_short_ascii_string_does_not_allocate()
    {
        byte[] buffer = new byte[256];
        string value = "hello world";
        WriteString(buffer, value);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            WriteString(buffer, value);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static void WriteString(byte[] buffer, string value)
    {
        var writer = new WireWriter(buffer);
        writer.WriteString(value);
        writer.WriteString("ünïcödé and a longer tail so that the slow path is taken too");
    }

    [Fact]
    public void Strings_of_every_length_up_to_80_size_and_write_like_Google_Protobuf()
    {
        // ASCII strings take inline paths by length (up to 16 and 17 to 32 chars when sizing, 8 to 16 and 17 to 32 when
        // writing), the rest the vector counter and the encoders; one non-ASCII char anywhere must send them there.
        var random = new Random(5);
        for (int length = 0; length <= 80; length++)
        {
            string ascii = new(Enumerable.Range(0, length).Select(_ => (char)random.Next(0, 128)).ToArray());
            AssertLikeGoogle(ascii);
            for (int position = 0; position < length; position++)
            {
                char[] chars = ascii.ToCharArray();
                chars[position] = position % 3 == 0 ? 'é' : position % 3 == 1 ? '\u0080' : '日';
                AssertLikeGoogle(new string(chars));
            }
        }

        static void AssertLikeGoogle(string value)
        {
            byte[] expected = WireWriterTests.OracleBytes(o => o.WriteString(value));
            Assert.Equal(expected.Length, WireSize.String(value));
            foreach (int spare in new[] { 0, 1, 40 })
            {
                byte[] buffer = new byte[expected.Length + spare];
                var writer = new WireWriter(buffer);
                writer.WriteString(value);
                Assert.Equal(expected, buffer.AsSpan(0, writer.Position).ToArray());
            }
        }
    }
}
