using System.Text.Json;
using System.Text.Json.Serialization;
using PgStore = Acme.Store.V1;

namespace ProtoGen.Tests.Json;

/// <summary>Messages nested in ordinary DTOs serialize as ProtoJSON through System.Text.Json, with reflection-based
/// options and with a source-generated JsonSerializerContext (the AOT path).</summary>
public sealed partial class JsonConverterTests
{
    public sealed record Envelope(string Kind, PgStore.Item? Item, List<PgStore.Item> More);

    // Source generators do not see each other's output, so a context can only name messages generated into another
    // assembly (a contracts project): here the runtime's well-known types.
    public sealed record Stamped(string Kind, ProtoGen.WellKnownTypes.Timestamp? At, ProtoGen.WellKnownTypes.Struct? Extra);

    [JsonSerializable(typeof(Stamped))]
    internal sealed partial class StampedContext : JsonSerializerContext;

    private static Envelope Sample() => new("k", new PgStore.Item { Id = "s-1", Title = "n" }, [new PgStore.Item { Id = "s-2" }]);

    [Fact]
    public void Nested_messages_are_written_as_ProtoJSON_and_read_back()
    {
        var envelope = Sample();
        string json = JsonSerializer.Serialize(envelope);
        Assert.Contains("\"Item\":{ \"id\": \"s-1\", \"title\": \"n\" }", json);
        var back = JsonSerializer.Deserialize<Envelope>(json)!;
        Assert.Equal(envelope.Item, back.Item);
        Assert.Equal(envelope.More, back.More);
    }

    [Fact]
    public void A_source_generated_context_uses_the_converter_too()
    {
        var stamped = new Stamped("k", new ProtoGen.WellKnownTypes.Timestamp { Seconds = 1795253400 },
            new ProtoGen.WellKnownTypes.Struct { Fields = { ["a"] = new ProtoGen.WellKnownTypes.Value { NumberValue = 1 } } });
        string json = JsonSerializer.Serialize(stamped, StampedContext.Default.Stamped);
        Assert.Equal("{\"Kind\":\"k\",\"At\":\"2026-11-21T09:30:00Z\",\"Extra\":{ \"a\": 1 }}", json);
        var back = JsonSerializer.Deserialize(json, StampedContext.Default.Stamped)!;
        Assert.Equal(stamped.At, back.At);
        Assert.Equal(stamped.Extra, back.Extra);
        Assert.Null(JsonSerializer.Deserialize("{\"Kind\":\"x\",\"At\":null}", StampedContext.Default.Stamped)!.At);
    }

    [Fact]
    public void Invalid_ProtoJSON_is_a_JsonException()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Envelope>("{\"Kind\":\"x\",\"Item\":{\"nope\":1},\"More\":[]}"));
    }
}
