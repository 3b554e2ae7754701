using System.Text;
using ProtoGen.Wire;
using GP = Google.Protobuf;

namespace ProtoGen.Tests.Runtime;

/// <summary>
/// Short strings are sized, written and read by their own inline paths: for 1 to 7 chars (codes, currencies, states,
/// short names) overlapping 4-char or 4-byte loads for 4 to 7, the first, middle and last element for 1 to 3; for 8 to
/// 64 (ids, names, UUIDs, emails, URLs) two or four overlapping loads of 8, 16 or 32. These tests put every kind of
/// char and byte at every position of every length up to 9 and of the lengths around each load width.
/// </summary>
public class ShortStringTests
{
    // Every length up to 9, and the lengths at and around each path's edges (16, 32, 64) and in between.
    private static readonly int[] Lengths = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 34, 40, 47, 48, 49, 63, 64, 65];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // The last ASCII char, the first non-ASCII ones of each UTF-8 width, chars with only high bits set, a surrogate
    // pair and unpaired surrogates (written as U+FFFD).
    private static readonly string[] OtherChars =
        ["\u007F", "\0", "\u0080", "é", "\u00FF", "\u0100", "\u07FF", "\u0800", "\u7F00", "日", "\uFF80", "\uFFFF", "😀", "\uD800", "\uDC00"];

    [Fact]
    public void Strings_of_up_to_9_chars_size_write_and_read_like_Google_Protobuf_with_any_char_at_any_position()
    {
        foreach (int length in Lengths)
        {
            string ascii = string.Concat(Enumerable.Range(0, length).Select(i => (char)('A' + i % 26)));
            AssertLikeGoogle(ascii);
            foreach (string other in OtherChars)
            {
                for (int position = 0; position < length; position++)
                {
                    AssertLikeGoogle(ascii.Substring(0, position) + other + ascii.Substring(position + 1));
                }
            }
        }
    }

    [Fact]
    public void Random_short_strings_size_write_and_read_like_Google_Protobuf()
    {
        var random = new Random(17);
        for (int i = 0; i < 20_000; i++)
        {
            // Mostly ASCII, so that a single other char (or none) decides which path a string takes.
            char[] chars = new char[random.Next(1, i % 2 == 0 ? 8 : 70)];
            for (int j = 0; j < chars.Length; j++)
            {
                chars[j] = random.Next(6) switch
                {
                    0 => (char)random.Next(0x80, 0x800),
                    1 => (char)random.Next(0x800, 0x10000),
                    _ => (char)random.Next(0, 0x80),
                };
            }

            AssertLikeGoogle(new string(chars));
        }
    }

    [Fact]
    public void Short_UTF8_with_an_invalid_sequence_at_any_position_throws()
    {
        byte[][] invalidSequences =
        [
            [0x80], // a continuation byte on its own
            [0xBF],
            [0xFF], // never valid in UTF-8
            [0xC0, 0xAF], // overlong '/'
            [0xC3], // a 2-byte sequence cut off (by ASCII after it, or by the end)
            [0xE6, 0x97], // a 3-byte sequence cut off
            [0xED, 0xA0, 0x80], // a UTF-16 surrogate encoded as UTF-8
            [0xF4, 0x90, 0x80, 0x80], // above U+10FFFF
        ];
        foreach (int length in Lengths.Where(length => length > 0))
        {
            foreach (byte[] invalid in invalidSequences)
            {
                for (int position = 0; position + invalid.Length <= length; position++)
                {
                    byte[] text = Enumerable.Repeat((byte)'a', length).ToArray();
                    invalid.CopyTo(text, position);
                    byte[] input = [(byte)length, .. text];
                    Assert.Throws<InvalidProtocolBufferException>(() => new WireReader(input).ReadString());
                    Assert.Throws<DecoderFallbackException>(() => StrictUtf8.GetString(text));
                }
            }
        }
    }

    [Fact]
    public void Random_short_byte_strings_read_as_the_strict_UTF8_decoder_reads_them()
    {
        // Whatever the bytes, the reader must agree with a strict decoder: the same string, or an exception.
        var random = new Random(23);
        for (int i = 0; i < 50_000; i++)
        {
            byte[] text = new byte[random.Next(1, i % 2 == 0 ? 10 : 70)];
            for (int j = 0; j < text.Length; j++)
            {
                text[j] = random.Next(4) == 0 ? (byte)random.Next(0x80, 0x100) : (byte)random.Next(0, 0x80);
            }

            string? expected;
            try
            {
                expected = StrictUtf8.GetString(text);
            }
            catch (DecoderFallbackException)
            {
                expected = null;
            }

            byte[] input = [(byte)text.Length, .. text];
            if (expected is null)
            {
                Assert.Throws<InvalidProtocolBufferException>(() => new WireReader(input).ReadString());
            }
            else
            {
                Assert.Equal(expected, new WireReader(input).ReadString());
            }
        }
    }

    [Fact]
    public void Short_strings_read_from_a_slice_see_only_their_own_bytes()
    {
        // The reader's buffer is a slice of a longer array whose other bytes are non-ASCII: a load reaching outside
        // the string would turn an ASCII string into a non-ASCII (or invalid) one. The string ends exactly at the end
        // of the reader's buffer.
        foreach (byte outside in new byte[] { 0x80, 0xFF, (byte)'z' })
        {
            foreach (int length in Lengths.Where(length => length > 0))
            {
                string value = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + i % 26)));
                byte[] encoded = [(byte)length, .. Encoding.ASCII.GetBytes(value)];
                byte[] memory = [.. Enumerable.Repeat(outside, 64), .. encoded, .. Enumerable.Repeat(outside, 64)];
                var reader = new WireReader(memory.AsSpan(64, encoded.Length));
                Assert.Equal(value, reader.ReadString());
                Assert.True(reader.IsAtEnd);

                // One byte short: the length prefix runs past the end of the buffer.
                Assert.Throws<InvalidProtocolBufferException>(() => new WireReader(memory.AsSpan(64, encoded.Length - 1)).ReadString());
            }
        }
    }

    [Fact]
    public void Short_strings_ending_at_a_sub_message_limit_read_only_their_own_bytes()
    {
        // A child whose last field is a short string, followed in the parent by bytes that are not ASCII: the string
        // ends at the child's limit, in the middle of the buffer.
        foreach (int length in Lengths.Where(length => length > 0))
        {
            string name = string.Concat(Enumerable.Range(0, length).Select(i => (char)('A' + i % 26)));
            var message = new TestMessage
            {
                Child = new TestMessage { Id = 1, Name = name },
                Data = ByteString.CopyFrom(Enumerable.Repeat((byte)0xFF, 12).ToArray()),
            };
            byte[] bytes = MessageSerializer.ToByteArray(message);
            TestMessage parsed = TestMessage.Parser.ParseFrom(bytes);
            Assert.Equal(name, parsed.Child!.Name);
            Assert.Equal(message.Data, parsed.Data);
        }
    }

    [Fact]
    public void Short_strings_are_written_without_touching_a_byte_after_them()
    {
        // The paths narrow in two overlapping stores: everything after the string must stay as it was.
        foreach (int length in Lengths.Where(length => length > 0))
        {
            string value = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + i % 26)));
            foreach (int start in new[] { 0, 3 })
            {
                byte[] buffer = Enumerable.Repeat((byte)0xA5, 160).ToArray();
                var writer = new WireWriter(buffer);
                writer.WriteRawBytes(new byte[start]);
                writer.WriteString(value);
                Assert.Equal(start + 1 + length, writer.Position);
                Assert.Equal([(byte)length, .. Encoding.ASCII.GetBytes(value)], buffer.AsSpan(start, 1 + length).ToArray());
                Assert.True(buffer.AsSpan(writer.Position).IndexOfAnyExcept((byte)0xA5) < 0, $"wrote past a string of {length} chars");
            }
        }
    }

    private static void AssertLikeGoogle(string value)
    {
        byte[] expected = WireWriterTests.OracleBytes(o => o.WriteString(value));
        Assert.Equal(GP.CodedOutputStream.ComputeStringSize(value), WireSize.String(value));
        foreach (int spare in new[] { 0, 1, 16 })
        {
            byte[] buffer = new byte[expected.Length + spare];
            var writer = new WireWriter(buffer);
            writer.WriteString(value);
            Assert.Equal(expected, buffer.AsSpan(0, writer.Position).ToArray());
        }

        string googleRead = new GP.CodedInputStream(expected).ReadString();
        Assert.Equal(googleRead, new WireReader(expected).ReadString());
    }
}
