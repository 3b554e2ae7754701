using System.Text;
using ProtoGen.Wire;

namespace ProtoGen.Tests.Runtime;

/// <summary>
/// Utf8Transcoder's two implementations on the same inputs: the vectorised counter, encoder and decoder (its fast
/// paths) against the framework's transcoder that the switch <c>ProtoGen.Utf8.UseFrameworkEncoding</c> falls back to.
/// Since the switch must change speed and never output, every count, every byte, every accepted or rejected input and
/// every decoded char must agree. (The per-path tests, Utf8CountTests, Utf8EncoderTests and Utf8DecoderTests, take each
/// vector width on its own; these take the entry points the runtime calls.)
/// </summary>
public class Utf8TranscoderTests
{
    // Lengths around every vector width the paths use (8, 16, 32 and 64 chars or bytes, and the 1 KiB stack limit of
    // WireReader), and the lengths in between.
    private static readonly int[] Lengths = [.. Enumerable.Range(0, 300), 511, 512, 513, 1023, 1024, 1025, 4096];

    [Fact]
    public void Counts_and_encodes_random_text_as_the_framework_does()
    {
        var text = new Utf16Text(seed: 2212);
        int compared = 0;
        foreach (int length in Lengths)
        {
            // All kinds of char (lone surrogates included); ASCII only; ASCII and 2-byte; up to 3-byte.
            foreach (int kinds in new[] { 6, 1, 2, 3 })
            {
                AssertEncodesLikeFramework(text.Next(length, kinds));
                compared++;
            }
        }

        Assert.Equal(Lengths.Length * 4, compared);
    }

    [Fact]
    public void Counts_and_encodes_surrogates_at_every_position_around_the_vector_widths()
    {
        foreach (int length in new[] { 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 129 })
        {
            for (int at = 0; at < length; at++)
            {
                // A lone high, a lone low, a pair split across the position, and a pair reversed (two lone halves).
                AssertEncodesLikeFramework(Replace(length, 'é', at, "\uD83D"));
                AssertEncodesLikeFramework(Replace(length, '日', at, "\uDE00"));
                AssertEncodesLikeFramework(Replace(length, 'a', at, "\uD83D\uDE00"));
                AssertEncodesLikeFramework(Replace(length, 'ж', at, "\uDE00\uD83D"));
            }
        }
    }

    [Fact]
    public void Encoding_into_a_destination_one_byte_short_fails_on_both_paths()
    {
        var text = new Utf16Text(seed: 5);
        foreach (int length in Lengths.Where(length => length > 0))
        {
            string value = text.Next(length);
            byte[] destination = new byte[Encoding.UTF8.GetByteCount(value) - 1];
            Assert.False(Utf8Encoder.TryEncode(value, destination, out _), $"vectorised, {length} chars");
            Assert.False(Utf8Transcoder.FrameworkTryEncode(value, destination, out _), $"framework, {length} chars");
        }
    }

    [Fact]
    public void Decodes_random_valid_text_as_the_framework_does()
    {
        var text = new Utf16Text(seed: 22);
        foreach (int length in Lengths)
        {
            foreach (int kinds in new[] { 6, 1, 2, 3 })
            {
                // Encoding.UTF8 turns lone surrogates into U+FFFD, so these bytes are valid UTF-8.
                byte[] bytes = Encoding.UTF8.GetBytes(text.Next(length, kinds));
                Assert.True(AssertDecodesLikeFramework(bytes), $"{bytes.Length} valid bytes rejected");
            }
        }
    }

    [Fact]
    public void Rejects_what_the_framework_rejects_at_every_position_around_the_vector_widths()
    {
        byte[][] invalid =
        [
            [0xC3], // a 2-byte sequence cut off
            [0xE6, 0x97], // a 3-byte sequence cut off
            [0xF0, 0x9F, 0x98], // a 4-byte sequence cut off
            [0xC0, 0xAF], // overlong '/'
            [0xE0, 0x80, 0xAF], // overlong, 3 bytes
            [0xF0, 0x80, 0x80, 0xAF], // overlong, 4 bytes
            [0xED, 0xA0, 0x80], // a surrogate encoded as UTF-8
            [0xF4, 0x90, 0x80, 0x80], // above U+10FFFF
            [0x80], // a stray continuation byte
            [0xF8], // never valid
            [0xFF],
        ];
        int rejected = 0;
        foreach (int length in new[] { 0, 7, 8, 15, 16, 17, 31, 32, 33, 34, 63, 64, 65, 100 })
        {
            foreach (byte[] sequence in invalid)
            {
                for (int at = 0; at <= length; at += Math.Max(1, length / 8))
                {
                    byte[] bytes = [.. Fill(at, 'ж'), .. sequence, .. Fill(length - at, '日')];
                    Assert.False(AssertDecodesLikeFramework(bytes), $"{Convert.ToHexString(bytes)} accepted");
                    rejected++;
                }
            }
        }

        Assert.True(rejected > 1000);
    }

    [Fact]
    public void Accepts_and_rejects_randomly_corrupted_text_as_the_framework_does()
    {
        var text = new Utf16Text(seed: 7);
        var random = new Random(7);
        int accepted = 0, rejected = 0;
        for (int i = 0; i < 3000; i++)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text.Next(random.Next(1, 200), kinds: 4));
            bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            if (AssertDecodesLikeFramework(bytes))
            {
                accepted++;
            }
            else
            {
                rejected++;
            }
        }

        // Both outcomes occur often enough for the comparison to mean something.
        Assert.True(accepted > 100 && rejected > 100, $"{accepted} accepted, {rejected} rejected");
    }

    [Fact]
    public void The_switch_is_read_from_AppContext()
    {
        // Off unless the test run turns it on (PROTOGEN_TEST_UTF8_FRAMEWORK=1, see Utf8FrameworkMode), and then the
        // wire writer, reader and sizes in every other test go through the framework's transcoder.
        Assert.Equal(Utf8FrameworkMode.Requested, Utf8Transcoder.UseFrameworkEncoding);
        Assert.Equal(Utf8FrameworkMode.Requested, AppContext.TryGetSwitch(Utf8Transcoder.UseFrameworkEncodingSwitch, out bool on) && on);
    }

    [Fact]
    public void Invalid_UTF8_on_the_wire_throws_InvalidProtocolBufferException_whichever_path_decodes_it()
    {
        // Through the entry point WireReader calls (the framework's decoder when the run turns the switch on), short
        // text decoded on the stack and long text alike.
        foreach (int padding in new[] { 0, 40, 1_020, 3_000 })
        {
            foreach (byte[] invalid in new byte[][] { [0xC3], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xC0, 0xAF] })
            {
                byte[] text = [.. Fill(padding / 2, 'ж'), .. invalid];
                byte[] input = [.. WireWriterTests.OracleBytes(o => o.WriteLength(text.Length)), .. text];
                Assert.Throws<InvalidProtocolBufferException>(() => new WireReader(input).ReadString());
            }
        }
    }

    private static void AssertEncodesLikeFramework(string value)
    {
        int expected = Encoding.UTF8.GetByteCount(value);
        Assert.True(expected == Utf8Transcoder.FrameworkGetByteCount(value), $"framework count of {Describe(value)}");
        Assert.True(expected == Utf8Count.GetByteCount(value), $"vectorised count of {Describe(value)}");
        Assert.True(expected == Utf8Transcoder.GetByteCount(value), $"count of {Describe(value)}");

        // Into exactly the room needed and into three bytes per char (what the wire writer gives long strings).
        foreach (int room in new[] { expected, value.Length * 3 + 8 })
        {
            byte[] framework = new byte[room];
            byte[] vectorised = new byte[room];
            Assert.True(Utf8Transcoder.FrameworkTryEncode(value, framework, out int frameworkWritten), $"framework encoding of {Describe(value)}");
            Assert.True(Utf8Encoder.TryEncode(value, vectorised, out int vectorisedWritten), $"vectorised encoding of {Describe(value)}");
            Assert.True(expected == frameworkWritten && expected == vectorisedWritten, $"bytes written for {Describe(value)}");
            Assert.True(framework.AsSpan(0, expected).SequenceEqual(vectorised.AsSpan(0, expected)), $"bytes of {Describe(value)}");
        }
    }

    // Whether the input was accepted; the two decoders must agree on that, and on the chars when they accept it.
    private static bool AssertDecodesLikeFramework(byte[] bytes)
    {
        // Room as WireReader gives it: at least a char per byte, and a stack buffer of 1 KiB chars for short text.
        char[] framework = new char[Math.Max(bytes.Length, 1024)];
        char[] vectorised = new char[Math.Max(bytes.Length, 1024)];
        bool frameworkAccepted = Utf8Transcoder.FrameworkTryDecode(bytes, framework, out int frameworkWritten);
        bool vectorisedAccepted = Utf8Decoder.TryDecode(bytes, vectorised, out int vectorisedWritten);
        Assert.True(frameworkAccepted == vectorisedAccepted, $"{Convert.ToHexString(bytes)}: framework {frameworkAccepted}, vectorised {vectorisedAccepted}");
        if (frameworkAccepted)
        {
            Assert.True(frameworkWritten == vectorisedWritten, $"chars written for {Convert.ToHexString(bytes)}");
            Assert.True(framework.AsSpan(0, frameworkWritten).SequenceEqual(vectorised.AsSpan(0, vectorisedWritten)), $"chars of {Convert.ToHexString(bytes)}");
            Assert.Equal(Encoding.UTF8.GetString(bytes), new string(framework, 0, frameworkWritten));
        }

        return frameworkAccepted;
    }

    private static string Replace(int length, char filler, int at, string inserted)
    {
        var text = new StringBuilder(new string(filler, length));
        text.Remove(at, Math.Min(inserted.Length, length - at)).Insert(at, inserted);
        return text.ToString(0, length);
    }

    private static byte[] Fill(int bytes, char filler)
    {
        // A 2- or 3-byte char repeated, then ASCII to make up the exact count.
        byte[] one = Encoding.UTF8.GetBytes(filler.ToString());
        var result = new List<byte>(bytes);
        while (result.Count + one.Length <= bytes)
        {
            result.AddRange(one);
        }

        while (result.Count < bytes)
        {
            result.Add((byte)'a');
        }

        return [.. result];
    }

    private static string Describe(string value) =>
        $"{value.Length} chars [{string.Join(" ", value.Select(c => ((int)c).ToString("X4")))}]";
}
