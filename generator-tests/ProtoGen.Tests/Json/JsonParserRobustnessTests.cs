extern alias gp;
using System.Text;
using ProtoGen.Json;
using Pg = ProtoGen.Samples.Types;
using PgStore = Acme.Store.V1;

namespace ProtoGen.Tests.Json;

/// <summary>Malformed and hostile JSON: every failure is an InvalidProtocolBufferException naming the problem, never
/// another exception, a hang or a stack overflow.</summary>
public sealed class JsonParserRobustnessTests
{
    [Theory]
    [InlineData("", "Invalid JSON")]
    [InlineData("{", "")]
    [InlineData("{\"id\": }", "")]
    [InlineData("{\"id\": \"a\",}", "")]
    [InlineData("{\"id\": \"a\"} {}", "")]
    [InlineData("[]", "expected an object")]
    [InlineData("{\"nope\": 1}", "unknown field \"nope\"")]
    [InlineData("{\"id\": \"a\", \"id\": \"b\"}", "more than once")]
    [InlineData("{\"id\": 5}", "expected a string")]
    [InlineData("{\"id\": \"a\" /* comment */}", "")]
    public void Malformed_item_json_is_rejected(string json, string messagePart)
    {
        var error = Assert.Throws<InvalidProtocolBufferException>(() => PgStore.Item.Parser.ParseJson(json));
        Assert.Contains(messagePart, error.Message);
    }

    [Theory]
    [InlineData("{\"fInt32\": 2147483648}", "out of range")]
    [InlineData("{\"fInt32\": 1.5}", "not an integer")]
    [InlineData("{\"fInt32\": \" 1\"}", "is not an int32")]
    [InlineData("{\"fInt32\": 1e400}", "out of range")]
    [InlineData("{\"fUint32\": -1}", "out of range")]
    [InlineData("{\"fInt64\": \"9223372036854775808\"}", "out of range")]
    [InlineData("{\"fUint64\": \"-1\"}", "cannot be negative")]
    [InlineData("{\"fFloat\": 3.5e38}", "out of range")]
    [InlineData("{\"fDouble\": \"nan\"}", "not a double")]
    [InlineData("{\"fBool\": \"true\"}", "expected true or false")]
    [InlineData("{\"fBytes\": \"!!!\"}", "base64")]
    [InlineData("{\"fColor\": \"PURPLE_NOT_THERE\"}", "not a value of this enum")]
    [InlineData("{\"rInt32\": [1, null]}", "found null")]
    [InlineData("{\"rInt32\": {}}", "expected an array")]
    [InlineData("{\"mInt32Int32\": {\"x\": 1}}", "integer map key")]
    [InlineData("{\"fString\": \"\\ud800\"}", "surrogate")]
    public void Malformed_values_are_rejected_with_path_and_problem(string json, string messagePart)
    {
        var error = Assert.Throws<InvalidProtocolBufferException>(() => Pg.AllTypes.Parser.ParseJson(json));
        Assert.Contains(messagePart, error.Message);
        Assert.Contains("$.", error.Message);
    }

    [Fact]
    public void Invalid_utf8_is_rejected()
    {
        byte[] json = [.. "{\"fString\": \""u8, 0xC3, 0x28, .. "\"}"u8];
        Assert.Throws<InvalidProtocolBufferException>(() => Pg.AllTypes.Parser.ParseJson(json.AsSpan()));
    }

    [Fact]
    public void Numbers_in_every_accepted_form_are_read()
    {
        var parsed = Pg.AllTypes.Parser.ParseJson(
            "{\"fInt32\": \"-5\", \"fInt64\": 9223372036854775807, \"fUint64\": \"18446744073709551615\", \"fUint32\": 1e3," +
            " \"fDouble\": \"-Infinity\", \"fFloat\": \"1.5\", \"fBytes\": \"-_8\", \"fColor\": 2}");
        Assert.Equal(-5, parsed.FInt32);
        Assert.Equal(long.MaxValue, parsed.FInt64);
        Assert.Equal(ulong.MaxValue, parsed.FUint64);
        Assert.Equal(1000u, parsed.FUint32);
        Assert.Equal(double.NegativeInfinity, parsed.FDouble);
        Assert.Equal(1.5f, parsed.FFloat);
        Assert.Equal(new byte[] { 0xFB, 0xFF }, parsed.FBytes.ToByteArray());
        Assert.Equal(2, (int)parsed.FColor);
    }

    [Fact]
    public void Unknown_fields_and_enum_names_are_skipped_when_asked()
    {
        var parser = new JsonParser(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
        var parsed = parser.Parse<Pg.AllTypes>("{\"nope\": {\"deep\": [1, {\"x\": null}]}, \"fColor\": \"NOT_A_COLOR\", \"fInt32\": 3}");
        Assert.Equal(3, parsed.FInt32);
        Assert.Equal(0, (int)parsed.FColor);
    }

    [Fact]
    public void Proto_names_and_json_names_are_both_accepted_but_not_together()
    {
        Assert.Equal(4, Pg.AllTypes.Parser.ParseJson("{\"f_int32\": 4}").FInt32);
        var error = Assert.Throws<InvalidProtocolBufferException>(() => Pg.AllTypes.Parser.ParseJson("{\"f_int32\": 4, \"fInt32\": 5}"));
        Assert.Contains("more than once", error.Message);
    }

    [Fact]
    public void Deep_nesting_hits_the_recursion_limit()
    {
        string deep = string.Concat(Enumerable.Repeat("{\"children\": [", 5000)) + string.Concat(Enumerable.Repeat("]}", 5000));
        Assert.Throws<InvalidProtocolBufferException>(() => Pg.TreeNode.Parser.ParseJson(deep));
        var limited = new JsonParser(JsonParser.Settings.Default.WithRecursionLimit(3));
        string four = "{\"children\": [{\"children\": [{\"children\": [{}]}]}]}";
        var error = Assert.Throws<InvalidProtocolBufferException>(() => limited.Parse<Pg.TreeNode>(four));
        Assert.Contains("recursion limit", error.Message);
    }

    [Fact]
    public void Random_mutations_of_valid_json_fail_only_with_the_parser_exception()
    {
        var source = new Wire.GoogleRandomMessages(11).Fill(new gp::ProtoGen.Samples.Types.AllTypes());
        var message = Pg.AllTypes.Parser.ParseFrom(Google.Protobuf.MessageExtensions.ToByteArray(source));
        byte[] valid = Encoding.UTF8.GetBytes(message.ToJson());
        var random = new Random(1234);
        byte[] alphabet = "{}[]\":,0123456789-+.eE \\/untrfalsebase\u00e9"u8.ToArray();
        int rejected = 0;
        for (int i = 0; i < 3000; i++)
        {
            byte[] mutated = (byte[])valid.Clone();
            int edits = 1 + random.Next(4);
            for (int e = 0; e < edits; e++)
            {
                int at = random.Next(mutated.Length);
                mutated[at] = random.Next(4) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
            }
            if (random.Next(8) == 0) mutated = mutated.AsSpan(0, random.Next(mutated.Length)).ToArray();
            try
            {
                Pg.AllTypes.Parser.ParseJson(mutated.AsSpan());
            }
            catch (InvalidProtocolBufferException)
            {
                rejected++;
            }
        }
        Assert.True(rejected > 1000, $"only {rejected} of 3000 mutations were rejected");
    }
}
