using Conformance;

namespace ProtoGen.Conformance;

/// <summary>Answers one conformance request: parse the payload as the named message type, write it back.</summary>
internal static class Testee
{
    public static ConformanceResponse Handle(ConformanceRequest request)
    {
        if (request.MessageType == "conformance.FailureSet")
        {
            // The runner first asks which tests we expect to fail: none.
            return new ConformanceResponse { ProtobufPayload = ByteString.CopyFrom(new FailureSet().ToByteArray()) };
        }
        if (request.PayloadCase != ConformanceRequest.PayloadOneofCase.ProtobufPayload)
        {
            return new ConformanceResponse { Skipped = "Only the binary format is supported." };
        }
        if (request.RequestedOutputFormat != WireFormat.Protobuf)
        {
            return new ConformanceResponse { Skipped = "Only binary output is supported." };
        }

        IMessage message;
        try
        {
            message = TestMessages.Parse(request.MessageType, request.ProtobufPayload.Span);
        }
        catch (InvalidProtocolBufferException e)
        {
            return new ConformanceResponse { ParseError = e.Message };
        }
        catch (NotSupportedException e)
        {
            return new ConformanceResponse { Skipped = e.Message };
        }

        try
        {
            return new ConformanceResponse { ProtobufPayload = ByteString.CopyFrom(MessageSerializer.ToByteArray(message)) };
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidProtocolBufferException)
        {
            return new ConformanceResponse { SerializeError = e.Message };
        }
    }
}
