extern alias gp;
using System.Buffers;
using ProtoGen.Json;
using ProtoGen.Tests.Wire;
using Gp = gp::ProtoGen.Samples.Types;
using GpStore = gp::Acme.Store.V1;
using GpLegacy = gp::ProtoGen.Samples.Legacy;
using GpVersioning = gp::ProtoGen.Samples.Versioning;
using GoogleJson = Google.Protobuf.JsonFormatter;
using GoogleJsonParser = Google.Protobuf.JsonParser;
using Pg = ProtoGen.Samples.Types;
using PgStore = Acme.Store.V1;
using PgLegacy = ProtoGen.Samples.Legacy;
using PgVersioning = ProtoGen.Samples.Versioning;

namespace ProtoGen.Tests.Json;

/// <summary>
/// ProtoGen's generated JSON against Google.Protobuf's reflection-based JsonFormatter/JsonParser for the same .proto
/// files: the same text for the same message and settings, and each parser reading the other's output back to the
/// same message, for randomized messages covering every field kind and edge value.
/// </summary>
public sealed class JsonCompatibilityTests
{
    private const int Seeds = 120;

    public static TheoryData<string> MessageTypes() => new(Cases.Keys);

    private static readonly Dictionary<string, Case> Cases = new[]
    {
        Case.Of<Gp.AllTypes, Pg.AllTypes>(Pg.AllTypes.Parser),
        Case.Of<Gp.Wrappers, Pg.Wrappers>(Pg.Wrappers.Parser),
        Case.Of<Gp.TreeNode, Pg.TreeNode>(Pg.TreeNode.Parser),
        Case.Of<GpStore.Item, PgStore.Item>(PgStore.Item.Parser),
        Case.Of<GpStore.Order, PgStore.Order>(PgStore.Order.Parser),
        Case.Of<GpStore.UpdateItemRequest, PgStore.UpdateItemRequest>(PgStore.UpdateItemRequest.Parser),
        Case.Of<GpStore.StockUpdate, PgStore.StockUpdate>(PgStore.StockUpdate.Parser),
        Case.Of<GpVersioning.ProfileV2, PgVersioning.ProfileV2>(PgVersioning.ProfileV2.Parser),
        Case.Of<GpLegacy.Ticket, PgLegacy.Ticket>(PgLegacy.Ticket.Parser),
    }.ToDictionary(c => c.Name);

    // Every combination of the formatter's settings that changes text (the type registry is exercised elsewhere).
    private static readonly (GoogleJson.Settings Google, JsonFormatter.Settings Ours, string Name)[] SettingsCases =
    [
        (GoogleJson.Settings.Default, JsonFormatter.Settings.Default, "default"),
        (GoogleJson.Settings.Default.WithFormatDefaultValues(true), JsonFormatter.Settings.Default.WithFormatDefaultValues(true), "defaults"),
        (GoogleJson.Settings.Default.WithFormatEnumsAsIntegers(true), JsonFormatter.Settings.Default.WithFormatEnumsAsIntegers(true), "enum numbers"),
        (GoogleJson.Settings.Default.WithPreserveProtoFieldNames(true), JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true), "proto names"),
        (GoogleJson.Settings.Default.WithIndentation(), JsonFormatter.Settings.Default.WithIndentation(), "indented"),
    ];

    [Theory]
    [MemberData(nameof(MessageTypes))]
    public void Formatting_gives_Google_text_for_every_setting(string type)
    {
        var testCase = Cases[type];
        int compared = 0;
        foreach (var (googleSettings, ourSettings, name) in SettingsCases)
        {
            var google = new GoogleJson(googleSettings);
            var ours = new JsonFormatter(ourSettings);
            for (int seed = 0; seed < Seeds; seed++)
            {
                // Google's message as its own bytes give it back (a -0.0 without presence is not written, so neither
                // side's copy holds it), and ours from the same bytes.
                var bytes = Google.Protobuf.MessageExtensions.ToByteArray(testCase.RandomGoogle(seed));
                var googleMessage = testCase.ParseGoogle(bytes);
                var message = testCase.Parse(bytes);
                string? expected = TryFormat(() => google.Format(googleMessage), out var googleError);
                string? actual = TryFormat(() => ours.Format(message), out var ourError);
                if (expected is null)
                {
                    // Google refuses values ProtoJSON cannot represent (an Any of an unknown type, a Timestamp out of
                    // range); so must we, with InvalidOperationException.
                    Assert.True(actual is null, $"{type} seed {seed} ({name}): Google failed ({googleError!.Message}) but ProtoGen wrote {actual}");
                    Assert.IsType<InvalidOperationException>(ourError);
                    continue;
                }
                Assert.True(actual is not null, $"{type} seed {seed} ({name}): ProtoGen failed: {ourError}");
                Assert.Equal(expected, actual);
                compared++;
            }
        }
        Assert.True(compared > Seeds, $"only {compared} messages could be formatted by Google");
    }

    [Theory]
    [MemberData(nameof(MessageTypes))]
    public void Each_parser_reads_the_others_text_back_to_the_same_message(string type)
    {
        var testCase = Cases[type];
        var googleParser = new GoogleJsonParser(GoogleJsonParser.Settings.Default);
        int compared = 0;
        for (int seed = 0; seed < Seeds; seed++)
        {
            var googleMessage = testCase.RandomGoogle(seed);
            string? googleJson = TryFormat(() => GoogleJson.Default.Format(googleMessage), out _);
            if (googleJson is null) continue;

            // Google's text through our parser: the same message as Google's own parse of that text.
            var ours = testCase.ParseJson(googleJson);
            var googleReparsed = testCase.ParseGoogleJson(googleParser, googleJson);
            Assert.Equal(Google.Protobuf.MessageExtensions.ToByteArray(googleReparsed), MessageSerializer.ToByteArray(ours));

            // Our text through Google's parser.
            string ourJson = JsonFormatter.Default.Format(ours);
            Assert.Equal(googleReparsed, testCase.ParseGoogleJson(googleParser, ourJson));
            compared++;
        }
        Assert.True(compared > Seeds / 4, $"only {compared} messages could be formatted by Google");
    }

    [Theory]
    [MemberData(nameof(MessageTypes))]
    public void Parsing_allocates_no_more_than_Google(string type)
    {
        // Google's text of the random messages it can format, parsed from the string by both parsers; allocations
        // counted on a second pass, after each side's one-time initialization.
        var testCase = Cases[type];
        var googleParser = new GoogleJsonParser(GoogleJsonParser.Settings.Default);
        var texts = Enumerable.Range(0, Seeds)
            .Select(seed => TryFormat(() => GoogleJson.Default.Format(testCase.RandomGoogle(seed)), out _))
            .OfType<string>()
            .ToList();
        Assert.True(texts.Count > Seeds / 4, $"only {texts.Count} messages could be formatted by Google");
        long ours = 0, google = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            ours = 0;
            google = 0;
            foreach (string json in texts)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                testCase.ParseJson(json);
                long between = GC.GetAllocatedBytesForCurrentThread();
                testCase.ParseGoogleJson(googleParser, json);
                long after = GC.GetAllocatedBytesForCurrentThread();
                ours += between - before;
                google += after - between;
            }
        }
        Assert.True(ours > 0 && google > 0);
        Assert.True(ours <= google, $"{type}: ProtoGen allocated {ours} B parsing {texts.Count} texts, Google.Protobuf {google} B");
    }

    [Fact]
    public void ToString_is_single_line_ProtoJSON()
    {
        var item = new PgStore.Item { Id = "a\"b", Title = "x" };
        Assert.Equal(GoogleJson.Default.Format(GpStore.Item.Parser.ParseFrom(MessageSerializer.ToByteArray(item))), item.ToString());
        Assert.Equal(item.ToJson(), item.ToString());
        Assert.DoesNotContain("\n", item.ToString());
    }

    [Fact]
    public void Formatting_into_a_reused_buffer_writer_allocates_nothing()
    {
        var message = Enumerable.Range(0, 200)
            .Select(seed => PgStore.Order.Parser.ParseFrom(Google.Protobuf.MessageExtensions.ToByteArray(new GoogleRandomMessages(seed).Fill(new GpStore.Order()))))
            .First(order => TryFormat(order.ToJson, out _) is not null && order.ToJson().Length > 200);
        var formatter = new JsonFormatter(JsonFormatter.Settings.Default);
        var output = new ArrayBufferWriter<byte>(1 << 16);
        formatter.Format(message, output);
        int length = output.WrittenCount;
        Assert.True(length > 20);
        output.ResetWrittenCount();
        formatter.Format(message, output);
        output.ResetWrittenCount();

        long before = GC.GetAllocatedBytesForCurrentThread();
        formatter.Format(message, output);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(length, output.WrittenCount);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Stream_and_span_and_string_paths_agree()
    {
        // The first random order that ProtoJSON can represent (random timestamps are mostly out of its range).
        var message = Enumerable.Range(0, 200)
            .Select(seed => PgStore.Order.Parser.ParseFrom(Google.Protobuf.MessageExtensions.ToByteArray(new GoogleRandomMessages(seed).Fill(new GpStore.Order()))))
            .First(order => TryFormat(order.ToJson, out _) is not null);
        string json = message.ToJson();
        Assert.True(json.Length > 50);
        using var stream = new MemoryStream();
        JsonFormatter.Default.Format(message, stream);
        Assert.Equal(json, System.Text.Encoding.UTF8.GetString(stream.ToArray()));

        var fromString = PgStore.Order.Parser.ParseJson(json);
        var fromSpan = PgStore.Order.Parser.ParseJson(stream.ToArray().AsSpan());
        stream.Position = 0;
        var fromStream = PgStore.Order.Parser.ParseJson(stream);
        Assert.Equal(message, fromString);
        Assert.Equal(message, fromSpan);
        Assert.Equal(message, fromStream);
    }

    /// <summary>The text <paramref name="format"/> gives, or null and the exception it threw.</summary>
    internal static string? TryFormat(Func<string> format, out Exception? error)
    {
        try
        {
            error = null;
            return format();
        }
        catch (Exception e)
        {
            error = e;
            return null;
        }
    }

    /// <summary>One message type in both implementations.</summary>
    private sealed record Case(
        string Name,
        Func<int, Google.Protobuf.IMessage> RandomGoogle,
        Func<byte[], Google.Protobuf.IMessage> ParseGoogle,
        Func<byte[], ProtoGen.IMessage> Parse,
        Func<string, ProtoGen.IMessage> ParseJson,
        Func<GoogleJsonParser, string, Google.Protobuf.IMessage> ParseGoogleJson)
    {
        public static Case Of<TGoogle, TOurs>(MessageParser<TOurs> parser)
            where TGoogle : Google.Protobuf.IMessage<TGoogle>, new()
            where TOurs : ProtoGen.IMessage<TOurs> =>
            new(typeof(TOurs).Name,
                seed => new GoogleRandomMessages(seed).Fill(new TGoogle()),
                bytes => new TGoogle().Descriptor.Parser.ParseFrom(bytes),
                bytes => parser.ParseFrom(bytes),
                json => parser.ParseJson(json),
                (googleParser, json) => googleParser.Parse<TGoogle>(json));
    }
}
