using ProtoGen;

namespace ProtoGen.Conformance;

/// <summary>The test message types the runner names in requests, parsed with their generated parsers and every
/// extension the test files declare registered, so extensions are read as typed values.</summary>
internal static class TestMessages
{
    private static readonly ExtensionRegistry Extensions = CreateRegistry();

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

    private static ExtensionRegistry CreateRegistry()
    {
        var registry = new ExtensionRegistry();
        registry.AddRange(ProtobufTestMessages.Proto2.TestMessagesProto2Extensions.All);
        registry.AddRange(ProtobufTestMessages.Editions.Proto2.TestMessagesProto2EditionsExtensions.All);
        registry.AddRange(ProtobufTestMessages.Editions.TestMessagesEdition2023Extensions.All);
        return registry;
    }
}
