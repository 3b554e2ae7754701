using Google.Protobuf;
using ProtoGen.Json;
using JsonFormatter = ProtoGen.Json.JsonFormatter;
using JsonParser = ProtoGen.Json.JsonParser;
using G = Google.Protobuf.WellKnownTypes;
using P = ProtoGen.WellKnownTypes;

namespace ProtoGen.Tests.Json;

/// <summary>The well-known types' special JSON forms, against Google.Protobuf's for the same values.</summary>
public sealed class JsonWellKnownTypeTests
{
    private static string Google(Google.Protobuf.IMessage message) => global::Google.Protobuf.JsonFormatter.Default.Format(message);

    private static T Ours<T>(Google.Protobuf.IMessage message, MessageParser<T> parser)
        where T : IMessage<T> => parser.ParseFrom(message.ToByteArray());

    [Theory]
    [InlineData(1795253400L, 0)]
    [InlineData(0L, 1)]
    [InlineData(-1L, 999_999_999)]
    [InlineData(-62135596800L, 0)]
    [InlineData(253402300799L, 999_999_999)]
    [InlineData(1L, 120_000_000)]
    [InlineData(1L, 120_300_000)]
    [InlineData(1L, 120_300_010)]
    public void Timestamp_matches_Google_and_round_trips(long seconds, int nanos)
    {
        var google = new G.Timestamp { Seconds = seconds, Nanos = nanos };
        var ours = Ours(google, P.Timestamp.Parser);
        Assert.Equal(Google(google), ours.ToJson());
        Assert.Equal(ours, P.Timestamp.Parser.ParseJson(ours.ToJson()));
    }

    [Fact]
    public void Timestamp_prints_as_RFC_3339_in_ToString()
    {
        Assert.Equal("\"2026-11-21T09:30:00Z\"", new P.Timestamp { Seconds = 1795253400 }.ToString());
    }

    [Theory]
    [InlineData("\"2026-11-21T10:30:00+01:00\"", 1795253400L, 0)]
    [InlineData("\"2026-11-21T09:30:00.5Z\"", 1795253400L, 500_000_000)]
    [InlineData("\"2026-11-21T04:00:00.000000001-05:30\"", 1795253400L, 1)]
    public void Timestamp_offsets_and_fractions_are_read(string json, long seconds, int nanos)
    {
        var parsed = P.Timestamp.Parser.ParseJson(json);
        Assert.Equal(seconds, parsed.Seconds);
        Assert.Equal(nanos, parsed.Nanos);
    }

    [Theory]
    [InlineData("\"2026-11-21t09:30:00Z\"")]
    [InlineData("\"2026-11-21T09:30:00z\"")]
    [InlineData("\"2026-11-21T09:30:00\"")]
    [InlineData("\"0000-01-01T00:00:00Z\"")]
    [InlineData("\"10000-01-01T00:00:00Z\"")]
    [InlineData("\"2026-02-30T00:00:00Z\"")]
    [InlineData("\"2026-11-21T09:30:00.1234567890Z\"")]
    [InlineData("1795253400")]
    public void Invalid_timestamps_are_rejected(string json)
    {
        var error = Assert.Throws<InvalidProtocolBufferException>(() => P.Timestamp.Parser.ParseJson(json));
        Assert.Contains("$", error.Message);
    }

    [Theory]
    [InlineData(0L, 0)]
    [InlineData(1L, 340012)]
    [InlineData(-1L, -500_000_000)]
    [InlineData(0L, -1)]
    [InlineData(315576000000L, 999_999_999)]
    [InlineData(-315576000000L, -999_999_999)]
    public void Duration_matches_Google_and_round_trips(long seconds, int nanos)
    {
        var google = new G.Duration { Seconds = seconds, Nanos = nanos };
        var ours = Ours(google, P.Duration.Parser);
        Assert.Equal(Google(google), ours.ToJson());
        Assert.Equal(ours, P.Duration.Parser.ParseJson(ours.ToJson()));
    }

    [Theory]
    [InlineData("\"1\"")]
    [InlineData("\"1.s\"")]
    [InlineData("\"315576000001s\"")]
    [InlineData("\"1.0000000001s\"")]
    [InlineData("\" 1s\"")]
    public void Invalid_durations_are_rejected(string json) =>
        Assert.Throws<InvalidProtocolBufferException>(() => P.Duration.Parser.ParseJson(json));

    [Fact]
    public void Out_of_range_values_fail_to_format_but_print_in_ToString()
    {
        var timestamp = new P.Timestamp { Seconds = 253402300800 };
        Assert.Throws<InvalidOperationException>(() => timestamp.ToJson());
        Assert.Contains("Invalid Timestamp", timestamp.ToString());
    }

    [Fact]
    public void FieldMask_paths_are_camel_case_both_ways()
    {
        var google = new G.FieldMask { Paths = { "foo_bar", "baz.qux_quux", "a" } };
        var ours = Ours(google, P.FieldMask.Parser);
        Assert.Equal(Google(google), ours.ToJson());
        Assert.Equal("\"fooBar,baz.quxQuux,a\"", ours.ToJson());
        Assert.Equal(ours, P.FieldMask.Parser.ParseJson(ours.ToJson()));
    }

    [Theory]
    [InlineData("fooBar")]
    [InlineData("foo__bar")]
    [InlineData("foo_3_bar")]
    [InlineData("foo_")]
    public void FieldMask_paths_that_do_not_round_trip_fail_to_format(string path) =>
        Assert.Throws<InvalidOperationException>(() => new P.FieldMask { Paths = { path } }.ToJson());

    [Fact]
    public void Struct_value_and_list_match_Google()
    {
        var google = new G.Struct
        {
            Fields =
            {
                ["n"] = G.Value.ForNumber(1.5),
                ["s"] = G.Value.ForString("x\u2028y"),
                ["b"] = G.Value.ForBool(true),
                ["z"] = G.Value.ForNull(),
                ["l"] = G.Value.ForList(G.Value.ForNumber(1), G.Value.ForStruct(new G.Struct())),
                ["o"] = G.Value.ForStruct(new G.Struct { Fields = { ["k"] = G.Value.ForList() } }),
            },
        };
        var ours = Ours(google, P.Struct.Parser);
        Assert.Equal(Google(google), ours.ToJson());
        Assert.Equal(ours, P.Struct.Parser.ParseJson(ours.ToJson()));
    }

    [Fact]
    public void Value_with_NaN_fails_to_format()
    {
        var value = new P.Value { NumberValue = double.NaN };
        Assert.Throws<InvalidOperationException>(() => value.ToJson());
    }

    [Fact]
    public void Wrappers_are_bare_values()
    {
        Assert.Equal("\"5\"", new P.Int64Value { Value = 5 }.ToJson());
        Assert.Equal("\"NaN\"", new P.DoubleValue { Value = double.NaN }.ToJson());
        Assert.Equal(7, P.Int32Value.Parser.ParseJson("\"7\"").Value);
        Assert.Equal("{ }", new P.Empty().ToJson());
    }

    [Fact]
    public void Any_is_written_and_read_through_the_type_registry()
    {
        var inner = new Acme.Store.V1.Item { Id = "k", Title = "n" };
        var any = P.Any.Pack(inner);
        var registry = TypeRegistry.FromParsers(Acme.Store.V1.Item.Parser);
        var formatter = new JsonFormatter(JsonFormatter.Settings.Default.WithTypeRegistry(registry));
        var parser = new JsonParser(JsonParser.Settings.Default.WithTypeRegistry(registry));

        string json = formatter.Format(any);
        Assert.Equal("{ \"@type\": \"type.googleapis.com/acme.store.v1.Item\", \"id\": \"k\", \"title\": \"n\" }", json);
        Assert.Equal(any, parser.Parse<P.Any>(json));
        // @type may come last.
        Assert.Equal(any, parser.Parse<P.Any>("{\"title\": \"n\", \"id\": \"k\", \"@type\": \"type.googleapis.com/acme.store.v1.Item\"}"));

        // Without the type: formatting throws, ToString shows the bytes, parsing fails with the parser's exception.
        Assert.Throws<InvalidOperationException>(() => JsonFormatter.Default.Format(any));
        Assert.Contains("\"@value\"", any.ToString());
        Assert.Throws<InvalidProtocolBufferException>(() => JsonParser.Default.Parse<P.Any>(json));
    }

    [Fact]
    public void Any_of_a_well_known_type_uses_value()
    {
        var any = P.Any.Pack(new P.Duration { Seconds = 3 });
        string json = any.ToJson();
        Assert.Equal("{ \"@type\": \"type.googleapis.com/google.protobuf.Duration\", \"value\": \"3s\" }", json);
        Assert.Equal(any, P.Any.Parser.ParseJson(json));
    }
}
