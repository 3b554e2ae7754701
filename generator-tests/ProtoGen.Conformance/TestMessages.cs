using ProtoGen;
using ProtoGen.Json;

namespace ProtoGen.Conformance;

/// <summary>The test message types the runner names in requests, parsed with their generated parsers and every
/// extension the test files declare registered, so extensions are read as typed values; for JSON, a type registry of
/// the test messages (for Any) and parsers that ignore unknown fields when the test asks for it.</summary>
internal static class TestMessages
{
    private static readonly ExtensionRegistry Extensions = CreateRegistry();

    private static readonly TypeRegistry Types = TypeRegistry.FromParsers(
        ProtobufTestMessages.Proto3.TestAllTypesProto3.Parser,
        ProtobufTestMessages.Proto2.TestAllTypesProto2.Parser,
        ProtobufTestMessages.Editions.TestAllTypesEdition2023.Parser,
        ProtobufTestMessages.Editions.Proto3.TestAllTypesProto3.Parser,
        ProtobufTestMessages.Editions.Proto2.TestAllTypesProto2.Parser);

    private static readonly JsonParser.Settings ParserSettings = JsonParser.Settings.Default.WithTypeRegistry(Types).WithExtensionRegistry(Extensions);

    // Declared after Types and Extensions: static fields initialize in text order.
    public static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(Types));

    private static readonly JsonParser StrictParser = new(ParserSettings);

    private static readonly JsonParser LenientParser = new(ParserSettings.WithIgnoreUnknownFields(true));

    public static IMessage Parse(string messageType, ReadOnlySpan<byte> payload) => messageType switch
    {
        "protobuf_test_messages.proto3.TestAllTypesProto3" =>
            ProtobufTestMessages.Proto3.TestAllTypesProto3.Parser.ParseFrom(payload),
        "protobuf_test_messages.proto2.TestAllTypesProto2" =>
            ProtobufTestMessages.Proto2.TestAllTypesProto2.Parser.WithExtensionRegistry(Extensions).ParseFrom(payload),
        "protobuf_test_messages.editions.TestAllTypesEdition2023" =>
            ProtobufTestMessages.Editions.TestAllTypesEdition2023.Parser.WithExtensionRegistry(Extensions).ParseFrom(payload),
        "protobuf_test_messages.editions.proto3.TestAllTypesProto3" =>
            ProtobufTestMessages.Editions.Proto3.TestAllTypesProto3.Parser.ParseFrom(payload),
        "protobuf_test_messages.editions.proto2.TestAllTypesProto2" =>
            ProtobufTestMessages.Editions.Proto2.TestAllTypesProto2.Parser.WithExtensionRegistry(Extensions).ParseFrom(payload),
        _ => throw new NotSupportedException("Unknown message type: " + messageType),
    };

    public static IMessage ParseJson(string messageType, string json, bool ignoreUnknownFields)
    {
        var parser = ignoreUnknownFields ? LenientParser : StrictParser;
        return messageType switch
        {
            "protobuf_test_messages.proto3.TestAllTypesProto3" =>
                ProtobufTestMessages.Proto3.TestAllTypesProto3.Parser.ParseJson(json, parser),
            "protobuf_test_messages.proto2.TestAllTypesProto2" =>
                ProtobufTestMessages.Proto2.TestAllTypesProto2.Parser.ParseJson(json, parser),
            "protobuf_test_messages.editions.TestAllTypesEdition2023" =>
                ProtobufTestMessages.Editions.TestAllTypesEdition2023.Parser.ParseJson(json, parser),
            "protobuf_test_messages.editions.proto3.TestAllTypesProto3" =>
                ProtobufTestMessages.Editions.Proto3.TestAllTypesProto3.Parser.ParseJson(json, parser),
            "protobuf_test_messages.editions.proto2.TestAllTypesProto2" =>
                ProtobufTestMessages.Editions.Proto2.TestAllTypesProto2.Parser.ParseJson(json, parser),
            _ => throw new NotSupportedException("Unknown message type: " + messageType),
        };
    }

    private static ExtensionRegistry CreateRegistry()
    {
        var registry = new ExtensionRegistry();
        registry.AddRange(ProtobufTestMessages.Proto2.TestMessagesProto2Extensions.All);
        registry.AddRange(ProtobufTestMessages.Editions.Proto2.TestMessagesProto2EditionsExtensions.All);
        registry.AddRange(ProtobufTestMessages.Editions.TestMessagesEdition2023Extensions.All);
        return registry;
    }
}
