extern alias gp;
using System.Text;
using System.Text.Json;
using ProtoGen.Json;
using Pg = ProtoGen.Samples.Types;

namespace ProtoGen.Tests.Json;

/// <summary>ProtoGen's own JSON tokenizer (<see cref="JsonReader"/>): RFC 8259's grammar, escapes, numbers, depth, and
/// a differential fuzz against System.Text.Json's <see cref="Utf8JsonReader"/> on which inputs are valid JSON.</summary>
public sealed class JsonReaderTests
{
    // Reads every token (skipping nothing), decoding every string as the parser would.
    private static List<string> Tokens(string json, int maxDepth = 64) => Tokens(Encoding.UTF8.GetBytes(json), maxDepth);

    private static List<string> Tokens(byte[] json, int maxDepth = 64)
    {
        var tokens = new List<string>();
        var reader = new JsonReader(json, maxDepth);
        while (reader.Read())
        {
            tokens.Add(reader.TokenType switch
            {
                JsonToken.String or JsonToken.PropertyName => $"{reader.TokenType}:{reader.GetString()}",
                JsonToken.Number => $"Number:{Encoding.ASCII.GetString(reader.ValueSpan.ToArray())}",
                _ => reader.TokenType.ToString(),
            });
        }
        return tokens;
    }

    [Fact]
    public void Reads_every_token_kind()
    {
        var tokens = Tokens(" { \"a\" : [1, -2.5e+3, true, false, null, \"x\", {}, []], \"b\":{\"c\":0}}\r\n\t");
        Assert.Equal(
            [
                "StartObject", "PropertyName:a", "StartArray", "Number:1", "Number:-2.5e+3", "True", "False", "Null", "String:x",
                "StartObject", "EndObject", "StartArray", "EndArray", "EndArray", "PropertyName:b", "StartObject",
                "PropertyName:c", "Number:0", "EndObject", "EndObject",
            ],
            tokens);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("{", "ends inside an object")]
    [InlineData("[1,]", "trailing comma")]
    [InlineData("{\"a\":1,}", "trailing comma")]
    [InlineData("[1 2]", "expected ','")]
    [InlineData("{\"a\" 1}", "expected ':'")]
    [InlineData("{a:1}", "property name in quotes")]
    [InlineData("{'a':1}", "property name in quotes")]
    [InlineData("[01]", "expected ','")]
    [InlineData("[-]", "digit after '-'")]
    [InlineData("[+1]", "expected a JSON value")]
    [InlineData("[.5]", "expected a JSON value")]
    [InlineData("[1.]", "digits after '.'")]
    [InlineData("[1e]", "exponent")]
    [InlineData("[1e+]", "exponent")]
    [InlineData("[NaN]", "expected a JSON value")]
    [InlineData("[Infinity]", "expected a JSON value")]
    [InlineData("[tru]", "expected a JSON value")]
    [InlineData("[nul]", "expected a JSON value")]
    [InlineData("[1}", "expected ','")]
    [InlineData("{\"a\":1]", "expected ','")]
    [InlineData("[1] [2]", "text follows")]
    [InlineData("{} x", "text follows")]
    [InlineData("[\"abc]", "ends inside a string")]
    [InlineData("[\"a\\x\"]", "invalid escape")]
    [InlineData("[\"a\\u12\"]", "four hex digits")]
    [InlineData("[\"a\\u12G4\"]", "four hex digits")]
    [InlineData("[\"\\ud800\"]", "unpaired surrogate")]
    [InlineData("[\"\\udc00\"]", "unpaired surrogate")]
    [InlineData("[\"\\ud800\\u0041\"]", "unpaired surrogate")]
    [InlineData("[\"\\ud800x\"]", "unpaired surrogate")]
    [InlineData("[\"\\ud83d\\ud83d\"]", "unpaired surrogate")]
    [InlineData("[\"\\udc00\\udc00\"]", "a low surrogate first")]
    [InlineData("[\"tab\there\"]", "control character")]
    [InlineData("[\"new\nline\"]", "control character")]
    [InlineData("[1 /* c */]", "expected ','")]
    [InlineData("// c\n[1]", "expected a JSON value")]
    [InlineData("[1,,2]", "expected a JSON value")]
    public void Malformed_json_is_rejected_with_the_problem(string json, string problem)
    {
        var error = Assert.Throws<InvalidProtocolBufferException>(() => Tokens(json));
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Invalid_utf8_is_rejected_in_read_and_in_skipped_strings()
    {
        byte[][] inputs =
        [
            [.. "[\""u8, 0xC3, 0x28, .. "\"]"u8], // a lead byte without its continuation
            [.. "[\""u8, 0xC0, 0xAF, .. "\"]"u8], // overlong '/'
            [.. "[\""u8, 0xED, 0xA0, 0x80, .. "\"]"u8], // an encoded surrogate
            [.. "[\""u8, 0xF4, 0x90, 0x80, 0x80, .. "\"]"u8], // above U+10FFFF
            [.. "[\"a\\n"u8, 0xFF, .. "\"]"u8], // after an escape
        ];
        foreach (byte[] json in inputs)
        {
            Assert.Throws<InvalidProtocolBufferException>(() => Tokens(json));
            Assert.Throws<InvalidProtocolBufferException>(() =>
            {
                var reader = new JsonReader(json);
                reader.Read();
                reader.Skip();
            });
        }
        // Unknown fields are skipped with IgnoreUnknownFields, and their strings are still checked.
        var parser = new JsonParser(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
        byte[] unknown = [.. "{\"nope\": [\""u8, 0xC3, 0x28, .. "\"]}"u8];
        Assert.Throws<InvalidProtocolBufferException>(() => parser.Parse<Pg.AllTypes>(unknown.AsSpan()));
    }

    [Theory]
    [InlineData("\"plain\"", "plain")]
    [InlineData("\"\"", "")]
    [InlineData("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t")]
    [InlineData("\"caf\\u00e9 \\u00E9\"", "café é")]
    [InlineData("\"\\ud83d\\ude80 rocket\"", "\U0001F680 rocket")]
    [InlineData("\"日本語 \\u65e5 and é\"", "日本語 日 and é")]
    [InlineData("\"\\u0000\"", "\0")]
    [InlineData("\"\U0001F600\\n\U0001F600\"", "\U0001F600\n\U0001F600")]
    public void Strings_are_unescaped_and_decoded(string json, string expected)
    {
        Assert.Equal(["String:" + expected], Tokens(json));
    }

    [Fact]
    public void Long_strings_with_escapes_decode_through_the_pooled_buffer()
    {
        var text = new StringBuilder();
        var json = new StringBuilder("\"");
        for (int i = 0; i < 500; i++)
        {
            text.Append("ab\u00e9\U0001F680\"\n");
            json.Append("ab\u00e9\\ud83d\\ude80\\\"\\n");
        }
        json.Append('"');
        Assert.Equal(["String:" + text], Tokens(json.ToString()));
    }

    [Fact]
    public void String_ends_escapes_and_controls_are_found_at_every_offset()
    {
        // Lengths across the scalar prefix and the 16-, 32- and 64-byte vector scans, including their overlapping
        // last vector; the text after the string is long or short, so the buffer ends near the string or far from it.
        for (int length = 0; length < 140; length++)
        {
            foreach (string after in new[] { "]", "]" + new string(' ', 70) })
            {
                Assert.Equal(["StartArray", "String:" + new string('a', length), "EndArray"], Tokens("[\"" + new string('a', length) + "\"" + after));
                for (int at = 0; at < length; at++)
                {
                    string before = new string('a', at), rest = new string('b', length - at);
                    Assert.Equal(["StartArray", $"String:{before}\n{rest}", "EndArray"], Tokens($"[\"{before}\\n{rest}\"{after}"));
                    Assert.Equal(["StartArray", $"String:{before}\"{rest}", "EndArray"], Tokens($"[\"{before}\\\"{rest}\"{after}"));
                    var error = Assert.Throws<InvalidProtocolBufferException>(() => Tokens($"[\"{before}\u001f{rest}\"{after}"));
                    Assert.Contains("control character", error.Message);
                }
            }
        }
    }

    [Fact]
    public void Escaped_property_names_match_fields()
    {
        var parsed = Pg.AllTypes.Parser.ParseJson("{\"f\\u0049nt32\": 7, \"\\u0066_string\": \"s\"}");
        Assert.Equal(7, parsed.FInt32);
        Assert.Equal("s", parsed.FString);
    }

    [Theory]
    [InlineData("0", false, 0UL)]
    [InlineData("-0", true, 0UL)]
    [InlineData("18446744073709551615", false, ulong.MaxValue)]
    [InlineData("-9223372036854775808", true, 9223372036854775808UL)]
    [InlineData("12345678901234567890", false, 12345678901234567890UL)]
    public void Plain_integers_are_accumulated_while_scanning(string json, bool negative, ulong magnitude)
    {
        var reader = new JsonReader(Encoding.ASCII.GetBytes(json));
        reader.Read();
        Assert.True(reader.TryGetInteger(out bool n, out ulong m));
        Assert.Equal((negative, magnitude), (n, m));
    }

    [Theory]
    [InlineData("18446744073709551616")]
    [InlineData("99999999999999999999")]
    [InlineData("1.0")]
    [InlineData("1e2")]
    public void Other_numbers_are_not_plain_integers(string json)
    {
        var reader = new JsonReader(Encoding.ASCII.GetBytes(json));
        reader.Read();
        Assert.Equal(JsonToken.Number, reader.TokenType);
        Assert.False(reader.TryGetInteger(out _, out _));
    }

    [Fact]
    public void Numbers_read_into_fields_with_protojson_rules()
    {
        Assert.Equal(int.MaxValue, Pg.AllTypes.Parser.ParseJson("{\"fInt32\": 2147483647}").FInt32);
        Assert.Equal(int.MinValue, Pg.AllTypes.Parser.ParseJson("{\"fInt32\": -2147483648}").FInt32);
        Assert.Equal(int.MinValue, Pg.AllTypes.Parser.ParseJson("{\"fInt32\": \"-2147483648\"}").FInt32);
        Assert.Equal(100, Pg.AllTypes.Parser.ParseJson("{\"fInt32\": 1e2}").FInt32);
        Assert.Equal(100, Pg.AllTypes.Parser.ParseJson("{\"fInt32\": \"1.00e2\"}").FInt32);
        Assert.Equal(0, Pg.AllTypes.Parser.ParseJson("{\"fInt32\": -0}").FInt32);
        Assert.Equal(long.MinValue, Pg.AllTypes.Parser.ParseJson("{\"fInt64\": -9223372036854775808}").FInt64);
        Assert.Equal(ulong.MaxValue, Pg.AllTypes.Parser.ParseJson("{\"fUint64\": 18446744073709551615}").FUint64);
        Assert.Equal(0u, Pg.AllTypes.Parser.ParseJson("{\"fUint32\": -0}").FUint32);
        foreach (string bad in new[]
                 {
                     "{\"fInt32\": -2147483649}", "{\"fInt32\": 2147483648}", "{\"fUint32\": 4294967296}", "{\"fInt64\": 9223372036854775808}",
                     "{\"fInt64\": -9223372036854775809}", "{\"fUint64\": 18446744073709551616}", "{\"fUint64\": -1}", "{\"fInt32\": 1.5}",
                     "{\"fInt32\": 1e-1}", "{\"fInt32\": \"01\"}", "{\"fInt32\": \"+1\"}", "{\"fInt32\": true}",
                 })
        {
            Assert.Throws<InvalidProtocolBufferException>(() => Pg.AllTypes.Parser.ParseJson(bad));
        }
        double negativeZero = Pg.AllTypes.Parser.ParseJson("{\"fDouble\": -0}").FDouble;
        Assert.True(negativeZero == 0 && double.IsNegative(negativeZero));
        // 2^53 + 1 is not a double: the nearest (even) one is 2^53.
        Assert.Equal(9007199254740992d, Pg.AllTypes.Parser.ParseJson("{\"fDouble\": 9007199254740993}").FDouble);
        Assert.Equal(18446744073709551615d, Pg.AllTypes.Parser.ParseJson("{\"fDouble\": 18446744073709551615}").FDouble);
        Assert.Equal(0.1, Pg.AllTypes.Parser.ParseJson("{\"fDouble\": 0.1}").FDouble);
        Assert.Equal(-1.5e300, Pg.AllTypes.Parser.ParseJson("{\"fDouble\": \"-1.5e300\"}").FDouble);
        Assert.Equal(0d, Pg.AllTypes.Parser.ParseJson("{\"fDouble\": 1e-400}").FDouble);
        Assert.Throws<InvalidProtocolBufferException>(() => Pg.AllTypes.Parser.ParseJson("{\"fDouble\": 1e400}"));
        Assert.Equal(16777216f, Pg.AllTypes.Parser.ParseJson("{\"fFloat\": 16777217}").FFloat);
    }

    [Fact]
    public void Null_leaves_fields_unset_but_is_rejected_in_lists()
    {
        var parsed = Pg.AllTypes.Parser.ParseJson(
            "{\"fInt32\": null, \"fNested\": null, \"rInt32\": null, \"mInt32Int32\": null, \"cInt32\": null, \"cString\": \"x\", \"oInt32\": null}");
        Assert.Equal(0, parsed.FInt32);
        Assert.Null(parsed.FNested);
        Assert.Empty(parsed.RInt32);
        Assert.Equal("x", parsed.CString);
        Assert.False(parsed.HasOInt32);
        Assert.Throws<InvalidProtocolBufferException>(() => Pg.AllTypes.Parser.ParseJson("{\"fInt32\": null, \"fInt32\": 1}"));
        Assert.Throws<InvalidProtocolBufferException>(() => Pg.AllTypes.Parser.ParseJson("{\"rString\": [\"a\", null]}"));
        Assert.Throws<InvalidProtocolBufferException>(() => Pg.AllTypes.Parser.ParseJson("{\"mStringString\": {\"a\": null}}"));
    }

    [Fact]
    public void Depth_is_limited_and_deep_values_are_skipped()
    {
        Assert.Equal(7, Tokens("[[[1]]]", maxDepth: 3).Count);
        var error = Assert.Throws<InvalidProtocolBufferException>(() => Tokens("[[[[1]]]]", maxDepth: 3));
        Assert.Contains("deeper than 3", error.Message);

        // Past the 64 levels kept in one word: objects and arrays alternate, so a wrong container bit shows.
        var deep = new StringBuilder();
        for (int i = 0; i < 150; i++) deep.Append(i % 2 == 0 ? "{\"k\":" : "[");
        deep.Append('1');
        for (int i = 149; i >= 0; i--) deep.Append(i % 2 == 0 ? "}" : "]");
        byte[] bytes = Encoding.ASCII.GetBytes(deep.ToString());
        Assert.Equal(150 * 2 + 75 + 1, Tokens(bytes, maxDepth: 150).Count);
        Assert.Throws<InvalidProtocolBufferException>(() => Tokens(bytes, maxDepth: 149));
        var reader = new JsonReader(bytes, 150);
        reader.Read();
        reader.Skip();
        Assert.Equal(JsonToken.EndObject, reader.TokenType);
        Assert.False(reader.Read());
        // A wrong closer deep inside is found.
        string mismatched = deep.ToString();
        int at = mismatched.LastIndexOf(']');
        mismatched = mismatched.Substring(0, at) + "}" + mismatched.Substring(at + 1);
        Assert.Throws<InvalidProtocolBufferException>(() => Tokens(mismatched, maxDepth: 150));
    }

    [Fact]
    public void Unknown_values_are_skipped_whole()
    {
        var parser = new JsonParser(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
        var parsed = parser.Parse<Pg.AllTypes>(
            "{\"a\": {\"b\": [1, 2.5, \"s\\\"}\", {\"c\": [[], {}]}], \"d\": null}, \"fInt32\": 3, \"e\": \"]\", \"fString\": \"ok\"}");
        Assert.Equal(3, parsed.FInt32);
        Assert.Equal("ok", parsed.FString);
    }

    [Fact]
    public void Byte_order_mark_is_allowed_before_the_text()
    {
        byte[] json = [0xEF, 0xBB, 0xBF, .. "{\"fInt32\": 1}"u8];
        Assert.Equal(1, Pg.AllTypes.Parser.ParseJson(json.AsSpan()).FInt32);
    }

    // Whether System.Text.Json reads the whole input as one valid JSON value (every string decoded, which is where it
    // rejects escaped unpaired surrogates).
    private static bool SystemTextJsonAccepts(byte[] json, int maxDepth)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName) reader.GetString();
            }
            return reader.BytesConsumed == json.Length || json.AsSpan((int)reader.BytesConsumed).Trim(" \t\r\n"u8).IsEmpty;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool OurReaderAccepts(byte[] json, int maxDepth)
    {
        try
        {
            var reader = new JsonReader(json, maxDepth);
            while (reader.Read())
            {
                if (reader.TokenType is JsonToken.String or JsonToken.PropertyName) reader.GetString();
            }
            return true;
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }
    }

    [Fact]
    public void Differential_fuzz_against_System_Text_Json_on_validity()
    {
        string[] seeds =
        [
            "{\"a\": [1, -2.5e+3, true, false, null, \"x\\u00e9\\ud83d\\ude80\"], \"b\": {\"c\": 0.5, \"d\": []}}",
            "[\"caf\u00e9\", \"\\n\\t\\\\\", 123456789012345678901234567890, -0.0e-0, {\"\": {}}]",
            Pg.AllTypes.Parser.ParseFrom(
                Google.Protobuf.MessageExtensions.ToByteArray(new Wire.GoogleRandomMessages(5).Fill(new gp::ProtoGen.Samples.Types.AllTypes()))).ToJson(),
        ];
        byte[] alphabet = "{}[]\":,0123456789-+.eE \t\n\\/ubfnrtalseÉ\u00e9"u8.ToArray();
        var random = new Random(2026);
        int accepted = 0, rejected = 0;
        for (int i = 0; i < 20000; i++)
        {
            byte[] json = Encoding.UTF8.GetBytes(seeds[i % seeds.Length]);
            int edits = 1 + random.Next(3);
            for (int e = 0; e < edits; e++)
            {
                int at = random.Next(json.Length);
                switch (random.Next(5))
                {
                    case 0:
                        json[at] = (byte)random.Next(256);
                        break;
                    case 1:
                        json = [.. json.AsSpan(0, at), .. json.AsSpan(at + 1)];
                        break;
                    case 2:
                        json = [.. json.AsSpan(0, at), alphabet[random.Next(alphabet.Length)], .. json.AsSpan(at)];
                        break;
                    default:
                        json[at] = alphabet[random.Next(alphabet.Length)];
                        break;
                }
                if (json.Length == 0) break;
            }
            // Mutations that make a byte order mark are left out (System.Text.Json's reader does not skip one).
            if (json.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF })) continue;
            int depth = 1 + random.Next(4);
            bool expected = SystemTextJsonAccepts(json, depth);
            bool actual = OurReaderAccepts(json, depth);
            Assert.True(expected == actual, $"System.Text.Json {(expected ? "accepts" : "rejects")} but ours {(actual ? "accepts" : "rejects")}: {Convert.ToHexString(json)} ({Encoding.UTF8.GetString(json)}), depth {depth}");
            if (actual) accepted++;
            else rejected++;
        }
        // Both outcomes must be well represented for the comparison to mean something.
        Assert.True(accepted > 1000 && rejected > 1000, $"accepted {accepted}, rejected {rejected}");
    }
}
