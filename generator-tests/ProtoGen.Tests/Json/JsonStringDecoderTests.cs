extern alias gp;
using System.Text;
using ProtoGen.Json;
using Pg = ProtoGen.Samples.Types;

namespace ProtoGen.Tests.Json;

/// <summary>
/// String values decoded by <see cref="JsonReader.GetString"/> (with AVX-512, <see cref="JsonStringDecoder"/>: escapes
/// and UTF-8 in one pass, 64-byte blocks) against the framework's strict UTF-8 decoder as the oracle: every content
/// length from 0 to 200 bytes mixing 1- to 4-byte sequences, every class of invalid sequence at every position
/// around the block boundaries, and escapes between and next to the UTF-8 runs.
/// </summary>
public sealed class JsonStringDecoderTests
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Invalid UTF-8, one of each kind: overlong 2-, 3- and 4-byte forms, encoded surrogates, past U+10FFFF, bytes
    // that are never valid, stray continuations, truncated sequences (followed by ASCII or by the next insertion).
    private static readonly byte[][] InvalidSequences =
    [
        [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF], [0xF0, 0x80, 0x80, 0x80], [0xF0, 0x8F, 0xBF, 0xBF],
        [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF7, 0xBF, 0xBF, 0xBF],
        [0xF5], [0xF8], [0xFE], [0xFF], [0x80], [0xBF], [0x80, 0x80],
        [0xC3], [0xE4, 0xB8], [0xE4], [0xF0, 0x9F, 0x98], [0xF0, 0x9F], [0xF0], [0xC3, 0xC3], [0xE4, 0xB8, 0xE4],
    ];

    // Texts whose bytes fill the blocks around the insertions: ASCII, 2-byte, 3-byte, 4-byte and mixed.
    private static readonly string[] Bases =
    [
        new string('a', 210),
        string.Concat(Enumerable.Repeat("Ελληνικά ", 16)),
        string.Concat(Enumerable.Repeat("日本語の段落", 12)),
        string.Concat(Enumerable.Repeat("\U0001F680\U0001F30D", 27)),
        string.Concat(Enumerable.Repeat("Zażółć 中文 \U0001F389 ok ", 8)),
    ];

    [Fact]
    public void Every_length_from_0_to_200_mixing_1_to_4_byte_sequences_decodes_as_the_framework_does()
    {
        var random = new Random(26);
        int compared = 0;
        for (int length = 0; length <= 200; length++)
        {
            for (int sample = 0; sample < 24; sample++)
            {
                byte[] content = RandomText(random, length, maxSequence: 1 + sample % 4);
                Assert.Equal(length, content.Length);
                Assert.Equal(Strict.GetString(content), ReadString(content));
                compared++;
            }
        }

        Assert.Equal(201 * 24, compared);
    }

    [Fact]
    public void Every_invalid_sequence_is_rejected_at_every_position_around_the_blocks()
    {
        int rejected = 0;
        foreach (string text in Bases)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(text);
            foreach (byte[] invalid in InvalidSequences)
            {
                for (int at = 0; at <= Math.Min(utf8.Length, 200); at++)
                {
                    byte[] content = [.. utf8.AsSpan(0, at), .. invalid, .. utf8.AsSpan(at)];
                    Assert.Throws<DecoderFallbackException>(() => Strict.GetString(content));
                    var error = Assert.Throws<InvalidProtocolBufferException>(() => ReadString(content));
                    Assert.Contains("not valid UTF-8", error.Message);

                    rejected++;

                    // The same with the text cut right after the insertion (a truncated sequence at the very end);
                    // inserted into a sequence of the text, some complete it, so the oracle decides.
                    byte[] cut = content.AsSpan(0, at + invalid.Length).ToArray();
                    string? expected = TryStrict(cut);
                    if (expected is null)
                    {
                        Assert.Throws<InvalidProtocolBufferException>(() => ReadString(cut));
                        rejected++;
                    }
                    else
                    {
                        Assert.Equal(expected, ReadString(cut));
                    }
                }
            }
        }

        // 5 texts, 25 sequences, 201 positions, and the cut texts the oracle rejects.
        Assert.True(rejected > 5 * 25 * 201, $"{rejected} inputs");
    }

    [Fact]
    public void Valid_text_cut_at_every_byte_decodes_or_is_rejected_as_the_framework_decides()
    {
        int accepted = 0, rejectedCount = 0;
        foreach (string text in Bases)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(text);
            for (int length = 0; length <= utf8.Length; length++)
            {
                foreach (int start in new[] { 0, 1, 2, 3 })
                {
                    if (start > length) continue;
                    byte[] content = utf8.AsSpan(start, length - start).ToArray();
                    string? expected = TryStrict(content);
                    if (expected is null)
                    {
                        Assert.Throws<InvalidProtocolBufferException>(() => ReadString(content));
                        rejectedCount++;
                    }
                    else
                    {
                        Assert.Equal(expected, ReadString(content));
                        accepted++;
                    }
                }
            }
        }

        Assert.True(accepted > 1000 && rejectedCount > 1000, $"{accepted} accepted, {rejectedCount} rejected");
    }

    [Fact]
    public void Escapes_at_every_position_between_utf8_runs_decode_to_their_chars()
    {
        (string Json, string Chars)[] escapes =
        [
            ("\\n", "\n"), ("\\\"", "\""), ("\\\\", "\\"), ("\\/", "/"), ("\\u00e9", "é"), ("\\u65E5", "日"),
            ("\\ud83d\\ude80", "\U0001F680"), ("\\u0000", "\0"), ("\\t\\b\\f\\r", "\t\b\f\r"),
        ];
        foreach (string text in Bases)
        {
            var elements = System.Globalization.StringInfo.GetTextElementEnumerator(text);
            var boundaries = new List<int>();
            while (elements.MoveNext()) boundaries.Add(elements.ElementIndex);
            boundaries.Add(text.Length);
            foreach (int at in boundaries.Where(at => Encoding.UTF8.GetByteCount(text.AsSpan(0, at)) <= 150))
            {
                var (json, chars) = escapes[at % escapes.Length];
                byte[] content = Encoding.UTF8.GetBytes(text.Substring(0, at) + json + text.Substring(at));
                Assert.Equal(text.Substring(0, at) + chars + text.Substring(at), ReadString(content));

                // Invalid UTF-8 right before and right after the escape is still found.
                byte[] before = [.. Encoding.UTF8.GetBytes(text.Substring(0, at)), 0xC3, .. Encoding.UTF8.GetBytes(json + text.Substring(at))];
                Assert.Throws<InvalidProtocolBufferException>(() => ReadString(before));
                byte[] after = [.. Encoding.UTF8.GetBytes(text.Substring(0, at) + json), 0xA9, .. Encoding.UTF8.GetBytes(text.Substring(at))];
                Assert.Throws<InvalidProtocolBufferException>(() => ReadString(after));
            }
        }
    }

    [Fact]
    public void Random_escapes_and_text_of_every_length_decode_to_their_chars()
    {
        var random = new Random(2026);
        string[] escapeJson = ["\\n", "\\\\", "\\u00e9", "\\u2028", "\\ud83c\\udf89", "\\\""];
        string[] escapeChars = ["\n", "\\", "é", "\u2028", "\U0001F389", "\""];
        for (int length = 0; length <= 300; length++)
        {
            var json = new List<byte>();
            var chars = new StringBuilder();
            while (json.Count < length)
            {
                if (random.Next(6) == 0)
                {
                    int e = random.Next(escapeJson.Length);
                    json.AddRange(Encoding.UTF8.GetBytes(escapeJson[e]));
                    chars.Append(escapeChars[e]);
                }
                else
                {
                    byte[] run = RandomText(random, random.Next(1, 40), maxSequence: 1 + random.Next(4));
                    json.AddRange(run);
                    chars.Append(Encoding.UTF8.GetString(run));
                }
            }

            Assert.Equal(chars.ToString(), ReadString([.. json]));
        }
    }

    [Fact]
    public void The_decoder_writes_nothing_past_its_slack()
    {
        if (!JsonStringDecoder.IsSupported)
        {
            // The reader decodes with the transcoder here; the tests above cover that path.
            Assert.False(System.Runtime.Intrinsics.X86.Avx512Vbmi2.VL.IsSupported && !ProtoGen.Wire.Utf8Transcoder.UseFrameworkEncoding);
            return;
        }

        var random = new Random(7);
        for (int length = 0; length <= 200; length++)
        {
            byte[] content = RandomText(random, length, maxSequence: 3);
            char[] destination = new char[length + JsonStringDecoder.Slack + 32];
            destination.AsSpan(length + JsonStringDecoder.Slack).Fill('#');
            int written = JsonStringDecoder.Decode(content, destination.AsSpan(0, length + JsonStringDecoder.Slack));
            Assert.Equal(Strict.GetString(content), new string(destination, 0, written));
            Assert.All(destination.AsSpan(length + JsonStringDecoder.Slack).ToArray(), c => Assert.Equal('#', c));
        }

        Assert.Throws<ArgumentException>(() => JsonStringDecoder.Decode(new byte[10], new char[10 + JsonStringDecoder.Slack - 1]));
    }

    [Fact]
    public void Invalid_utf8_in_a_field_is_rejected_naming_the_field()
    {
        byte[] json = [.. "{\"fString\": \""u8, .. Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("日本語", 30))), 0xED, 0xA0, 0x80, .. "\"}"u8];
        var error = Assert.Throws<InvalidProtocolBufferException>(() => JsonParser.Default.Parse<Pg.AllTypes>(json.AsSpan()));
        Assert.Contains("not valid UTF-8", error.Message);
        Assert.Contains("fString", error.Message);
    }

    // The content as a JSON string value, read and decoded by the reader.
    private static string ReadString(byte[] content)
    {
        byte[] json = [(byte)'"', .. content, (byte)'"'];
        var reader = new JsonReader(json);
        Assert.True(reader.Read());
        Assert.Equal(JsonToken.String, reader.TokenType);
        return reader.GetString();
    }

    private static string? TryStrict(byte[] content)
    {
        try
        {
            return Strict.GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    // Valid UTF-8 of exactly `length` bytes, with sequences of 1 to `maxSequence` bytes (no controls, quotes or
    // backslashes, which a string holds only escaped); ASCII fills what a longer sequence would overrun.
    private static byte[] RandomText(Random random, int length, int maxSequence)
    {
        var bytes = new List<byte>(length);
        Span<byte> sequence = stackalloc byte[4];
        while (bytes.Count < length)
        {
            int size = Math.Min(random.Next(1, maxSequence + 1), length - bytes.Count);
            int codePoint = size switch
            {
                1 => "abcXYZ019 .,!~{}[]:"[random.Next(19)],
                2 => random.Next(0x80, 0x800),
                3 => random.Next(2) == 0 ? random.Next(0x800, 0xD800) : random.Next(0xE000, 0x10000),
                _ => random.Next(0x10000, 0x110000),
            };
            int written = new Rune(codePoint).EncodeToUtf8(sequence);
            Assert.Equal(size, written);
            bytes.AddRange(sequence.Slice(0, written).ToArray());
        }

        return [.. bytes];
    }
}
