using Conformance;

namespace ProtoGen.Conformance;

/// <summary>Answers one conformance request: parse the payload (binary or JSON) as the named message type, write it
/// back in the requested format (binary or JSON). Text format and JSPB are answered as skipped.</summary>
internal static class Testee
{
    public static ConformanceResponse Handle(ConformanceRequest request)
    {
        if (request.MessageType == "conformance.FailureSet")
        {
            // The runner first asks which tests we expect to fail: none.
            return new ConformanceResponse { ProtobufPayload = ByteString.CopyFrom(new FailureSet().ToByteArray()) };
        }
        if (request.RequestedOutputFormat is not (WireFormat.Protobuf or WireFormat.Json))
        {
            return new ConformanceResponse { Skipped = "Only binary and JSON output are supported." };
        }

        IMessage message;
        try
        {
            switch (request.PayloadCase)
            {
                case ConformanceRequest.PayloadOneofCase.ProtobufPayload:
                    message = TestMessages.Parse(request.MessageType, request.ProtobufPayload.Span);
                    break;
                case ConformanceRequest.PayloadOneofCase.JsonPayload:
                    bool ignoreUnknown = request.TestCategory == TestCategory.JsonIgnoreUnknownParsingTest;
                    message = TestMessages.ParseJson(request.MessageType, request.JsonPayload, ignoreUnknown);
                    break;
                default:
                    return new ConformanceResponse { Skipped = "Only binary and JSON input are supported." };
            }
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
            if (request.RequestedOutputFormat == WireFormat.Json)
            {
                return new ConformanceResponse { JsonPayload = TestMessages.Formatter.Format(message) };
            }
            return new ConformanceResponse { ProtobufPayload = ByteString.CopyFrom(MessageSerializer.ToByteArray(message)) };
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidProtocolBufferException or ArgumentException)
        {
            return new ConformanceResponse { SerializeError = e.Message };
        }
    }
}
