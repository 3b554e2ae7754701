using System.Text;
using ProtoGen.Json;
using P = ProtoGen.WellKnownTypes;
using Pg = ProtoGen.Samples.Types;

namespace ProtoGen.Tests.Json;

/// <summary>
/// Parsing from a <see cref="string"/> takes string values from that string (substrings, and the runs between escapes
/// copied) at char offsets counted from the UTF-8 the parser encoded it to; parsing the same text from UTF-8 decodes
/// them. The two must give the same message for text with 1- to 4-byte sequences, every kind of escape, a byte order
/// mark, strings read out of order (an Any's <c>@type</c> read ahead) and strings that are skipped.
/// </summary>
public sealed class JsonSourceTextTests
{
    // Chars of every UTF-8 length: ASCII (with the chars JSON must escape), 2-byte, 3-byte, and surrogate pairs.
    private static readonly string[] Pieces =
    [
        "a", "Z", " ", "9", "\"", "\\", "/", "\n", "\t", "\u0001", "é", "ß", "Ω", "Ж", "中", "語", "—", "\uFFFD", "🚀", "🌍", "\U0010FFFF",
    ];

    [Fact]
    public void Strings_taken_from_the_source_text_equal_the_strings_decoded_from_UTF8()
    {
        var random = new Random(2026);
        int compared = 0;
        for (int sample = 0; sample < 400; sample++)
        {
            var expected = new Pg.AllTypes { FString = RandomText(random), OString = RandomText(random), FInt32 = sample };
            for (int i = random.Next(4); i > 0; i--) expected.RString.Add(RandomText(random));
            for (int i = random.Next(3); i > 0; i--) expected.MStringString[RandomText(random)] = RandomText(random);

            var json = new StringBuilder(sample % 7 == 0 ? "\uFEFF{" : "{");
            json.Append("\"fString\":").Append(Quote(random, expected.FString)).Append(",\n \"fInt32\": ").Append(sample);
            json.Append(", \"rString\": [").AppendJoin(", ", expected.RString.Select(text => Quote(random, text))).Append(']');
            json.Append(", \"mStringString\": {").AppendJoin(",", expected.MStringString.Select(pair => Quote(random, pair.Key) + ": " + Quote(random, pair.Value))).Append('}');
            json.Append(", \"oString\":").Append(Quote(random, expected.OString)).Append('}');
            string text = json.ToString();

            Assert.Equal(expected, Pg.AllTypes.Parser.ParseJson(text));
            Assert.Equal(expected, Pg.AllTypes.Parser.ParseJson(Encoding.UTF8.GetBytes(text)));
            compared++;
        }

        Assert.Equal(400, compared);
    }

    [Fact]
    public void Strings_skipped_and_read_ahead_do_not_shift_the_strings_after_them()
    {
        // Unknown members with text of every length are skipped (their strings never taken from the source).
        var parser = new JsonParser(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
        string skipped = "{\"unknown\": \"Ζ🚀中\\u00e9\", \"ünknown_ж🚀\": \"日本\", \"more\": [\"日本\", {\"x\": \"\\ud83d\\ude80é\"}], \"fString\": \"after 🌍 é\\n中\"}";
        Assert.Equal("after 🌍 é\n中", parser.Parse<Pg.AllTypes>(skipped).FString);

        // An Any's "@type" last: a copy of the reader reads it ahead, then the members before it are read.
        var inner = new Acme.Store.V1.Item { Id = "🚀 Ж\"", Title = "中文 \t ß" };
        var registry = TypeRegistry.FromParsers(Acme.Store.V1.Item.Parser);
        var anyParser = new JsonParser(JsonParser.Settings.Default.WithTypeRegistry(registry));
        string json = "{\"title\": \"中文 \\t ß\", \"id\": \"🚀 Ж\\\"\", \"@type\": \"type.googleapis.com/acme.store.v1.Item\"}";
        Assert.Equal(P.Any.Pack(inner), anyParser.Parse<P.Any>(json));
    }

    [Fact]
    public void An_unknown_field_is_named_from_the_source_text()
    {
        string json = "{\"fString\": \"中🚀\", \"ünknown_ж\": 1}";
        var fromText = Assert.Throws<InvalidProtocolBufferException>(() => Pg.AllTypes.Parser.ParseJson(json));
        var fromUtf8 = Assert.Throws<InvalidProtocolBufferException>(() => Pg.AllTypes.Parser.ParseJson(Encoding.UTF8.GetBytes(json)));
        Assert.Contains("ünknown_ж", fromText.Message);
        Assert.Equal(fromUtf8.Message, fromText.Message);
    }

    private static string RandomText(Random random)
    {
        var text = new StringBuilder();
        // Lengths around the 64-byte blocks counted at once.
        for (int i = random.Next(0, 90); i > 0; i--) text.Append(Pieces[random.Next(Pieces.Length)]);
        return text.ToString();
    }

    // The text as a JSON string: the chars JSON requires escaped are, and others sometimes are too (\u, a surrogate
    // pair as two escapes).
    private static string Quote(Random random, string text)
    {
        var quoted = new StringBuilder("\"");
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '"') quoted.Append("\\\"");
            else if (c == '\\') quoted.Append(random.Next(2) == 0 ? "\\\\" : "\\u005c");
            else if (c == '\n') quoted.Append("\\n");
            else if (c == '\t') quoted.Append("\\t");
            else if (c < 0x20) quoted.Append($"\\u{(int)c:x4}");
            else if (c == '/' && random.Next(2) == 0) quoted.Append("\\/");
            else if (char.IsHighSurrogate(c))
            {
                // A pair: both halves escaped, or both as they are.
                char low = text[++i];
                quoted.Append(random.Next(3) == 0 ? $"\\u{(int)c:x4}\\u{(int)low:X4}" : $"{c}{low}");
            }
            else if (random.Next(5) == 0) quoted.Append($"\\u{(int)c:X4}");
            else quoted.Append(c);
        }

        return quoted.Append('"').ToString();
    }
}
