extern alias gp;
using System.Buffers;
using System.Text;
using ProtoGen.Json;
using Gp = gp::ProtoGen.Samples.Types;
using GoogleJson = Google.Protobuf.JsonFormatter;
using Pg = ProtoGen.Samples.Types;

namespace ProtoGen.Tests.Json;

/// <summary>
/// String text in ProtoJSON: every UTF-16 char escaped or written as UTF-8 exactly as Google.Protobuf's JsonFormatter
/// does (the vectorized scan in JsonEscaping against the scalar rule, and both against Google), long and non-ASCII text
/// through every output path, and the allocation-free buffer-writer path for text-heavy messages.
/// </summary>
public sealed class JsonTextTests
{
    private static string Google(string text) => GoogleJson.Default.Format(new Gp.AllTypes { FString = text });

    private static string Ours(string text) => JsonFormatter.Default.Format(new Pg.AllTypes { FString = text });

    [Fact]
    public void Every_BMP_char_is_written_as_Google_writes_it()
    {
        int compared = 0;
        for (int start = 0; start < 0x10000; start += 64)
        {
            var text = new StringBuilder("x");
            for (int c = start; c < start + 64; c++)
            {
                if (c is >= 0xd800 and <= 0xdfff) continue;
                text.Append((char)c).Append("ab");
            }
            if (text.Length == 1) continue;
            Assert.Equal(Google(text.ToString()), Ours(text.ToString()));
            compared++;
        }
        Assert.Equal((0x10000 - 0x800) / 64, compared);
    }

    [Fact]
    public void Surrogate_pairs_are_written_as_Google_writes_them_and_unpaired_ones_are_refused()
    {
        var random = new Random(7);
        var text = new StringBuilder();
        for (int i = 0; i < 300; i++)
        {
            text.Append(char.ConvertFromUtf32(random.Next(0x10000, 0x110000)));
            text.Append(i % 3 == 0 ? "é" : "a");
        }
        Assert.Equal(Google(text.ToString()), Ours(text.ToString()));
        Assert.Throws<ArgumentException>(() => Ours("abcdefghijklmnopqrstuvwxyz\ud800"));
        Assert.Throws<ArgumentException>(() => Ours("abcdefghijklmnopqrstuvwxyz\udc00abc"));
        Assert.Throws<ArgumentException>(() => Ours("\ud800\ud800"));
    }

    [Fact]
    public void The_vector_scan_stops_at_the_first_char_to_escape_at_every_position()
    {
        // Plain fillers that take the ASCII-only, Latin-1 and general branches of the vector test. 40 chars are scanned
        // 16 at a time with AVX2 (8 without), 12 chars 8 at a time: both vector widths, and the overlapping last block.
        foreach (char filler in new[] { 'a', 'é', '日' })
        {
            for (int c = 0; c < 0x10000; c++)
            {
                bool escape = JsonEscaping.NeedsEscape((char)c);
                foreach (var (length, position) in new[] { (40, 0), (40, 5), (40, 15), (40, 16), (40, 20), (40, 39), (12, 0), (12, 7), (12, 8), (12, 11) })
                {
                    var chars = new string(filler, length).ToCharArray();
                    chars[position] = (char)c;
                    int expected = escape ? position : chars.Length;
                    int actual = JsonEscaping.PlainLength(chars);
                    if (actual != expected) Assert.Fail($"U+{c:X4} at {position} of {length} among '{filler}': {actual}, expected {expected}");
                }
            }
        }
        Assert.Equal(3, JsonEscaping.PlainLength("abc"));
        Assert.Equal(0, JsonEscaping.PlainLength(""));
    }

    [Fact]
    public void Long_mixed_text_is_the_same_through_every_path()
    {
        string[] pieces =
        [
            "Größenverhältnisse äöü ß ", "Ο γρήγορος καφέ αλεπού ", "素早い茶色の狐、日本語。", "Съешь же ещё этих булок ",
            "quote \" backslash \\ tag <b> ", "emoji 🚀🌍 ", "tab\tnew\nline ", "soft\u00adhyphen \u2028 ",
        ];
        var text = new StringBuilder();
        for (int i = 0; text.Length < 100_000; i++) text.Append(pieces[i * 7 % pieces.Length]);
        var message = new Pg.AllTypes { FString = text.ToString() };
        message.RString.Add(pieces);
        var google = new Gp.AllTypes { FString = text.ToString() };
        google.RString.Add(pieces);

        string expected = GoogleJson.Default.Format(google);
        Assert.Equal(expected, JsonFormatter.Default.Format(message));
        var output = new ArrayBufferWriter<byte>();
        JsonFormatter.Default.Format(message, output);
        Assert.Equal(expected, Encoding.UTF8.GetString(output.WrittenSpan.ToArray()));

        Assert.Equal(message, Pg.AllTypes.Parser.ParseJson(expected));
        Assert.Equal(message, Pg.AllTypes.Parser.ParseJson(output.WrittenSpan));
        // The formatter's cached writer gives back a buffer grown for a long text, and stays usable.
        Assert.Equal(Google("short"), Ours("short"));
    }

    [Fact]
    public void Texts_after_a_long_one_start_from_its_length_and_are_the_same_as_Google_writes()
    {
        // ASCII (widened straight into the string) and not (decoded), long (past the cached writer's limit: the next
        // text starts with a buffer of its length) and short, in an order that starts each kind after the other.
        string ascii = string.Concat(Enumerable.Repeat("plain ascii text, 0123456789 ", 4000));
        string other = string.Concat(Enumerable.Repeat("Größe 素早い 🚀 ", 6000));
        string[] texts = [ascii, "short", other, ascii + "!", "é", other + ascii, "", ascii.Substring(0, 70_000)];
        foreach (string text in texts.Concat(texts.Reverse()))
        {
            Assert.Equal(Google(text), Ours(text));
        }
    }

    [Fact]
    public void Parsing_rejects_unpaired_surrogates_in_string_input_and_escapes()
    {
        Assert.Throws<InvalidProtocolBufferException>(() => Pg.AllTypes.Parser.ParseJson("{\"fString\": \"a\ud800b\"}"));
        Assert.Throws<InvalidProtocolBufferException>(() => Pg.AllTypes.Parser.ParseJson("{\"fString\": \"a\udc00\"}"));
        Assert.Throws<InvalidProtocolBufferException>(() => Pg.AllTypes.Parser.ParseJson("{\"fString\": \"\\ud800x\"}"));
        Assert.Throws<InvalidProtocolBufferException>(() => Pg.AllTypes.Parser.ParseJson("{\"fString\": \"\\udc00\\ud800\"}"));
        Assert.Throws<InvalidProtocolBufferException>(() => Pg.AllTypes.Parser.ParseJson("{\"fString\": \"\\\"\\ud83d\"}"));
        Assert.Throws<InvalidProtocolBufferException>(() => Pg.AllTypes.Parser.ParseJson(new byte[] { 0x7b, 0x22, 0x66, 0x53, 0x74, 0x72, 0x69, 0x6e, 0x67, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d }));
        Assert.Equal("a🚀b", Pg.AllTypes.Parser.ParseJson("{\"fString\": \"a\\ud83d\\ude80b\"}").FString);
        Assert.Equal("a🚀b\"", Pg.AllTypes.Parser.ParseJson("{\"fString\": \"a🚀b\\\"\"}").FString);
    }

    [Fact]
    public void Formatting_text_heavy_messages_into_a_reused_buffer_writer_allocates_nothing()
    {
        var message = new Pg.AllTypes { FString = string.Concat(Enumerable.Repeat("Übersetzung — 日本語 🌐 \"q\" <x>\n", 400)) };
        message.RString.Add(["Ελληνικά", "Русский", "中文，标点。", "\u200b\u2028\ufeff", new string('a', 5000)]);
        var output = new ArrayBufferWriter<byte>(1 << 18);
        var formatter = JsonFormatter.Default;
        formatter.Format(message, output);
        int length = output.WrittenCount;
        Assert.True(length > 20_000);
        output.ResetWrittenCount();
        formatter.Format(message, output);
        output.ResetWrittenCount();

        long before = GC.GetAllocatedBytesForCurrentThread();
        formatter.Format(message, output);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(length, output.WrittenCount);
        Assert.Equal(0, allocated);
    }
}
