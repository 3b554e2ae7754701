using Grpc.Core;

namespace ProtoGen.GrpcReflection;

/// <summary>
/// The <c>grpc.reflection.v1.ServerReflection</c> service over ProtoGen's descriptors. Map it with
/// <c>app.MapProtoGenGrpcReflectionService()</c>, which maps the v1alpha service too; <c>AddProtoGenGrpcReflection()</c>
/// registers it as a singleton.
/// </summary>
public sealed class ProtoGenReflectionV1Service : V1.ServerReflection.ServerReflectionBase
{
    private readonly ProtoGenReflectionServiceSource _source;

    internal ProtoGenReflectionV1Service(ProtoGenReflectionServiceSource source) => _source = source;

    /// <summary>Answers each request of the stream in order, until the client completes it.</summary>
    public override async Task ServerReflectionInfo(IAsyncStreamReader<V1.ServerReflectionRequest> requestStream, IServerStreamWriter<V1.ServerReflectionResponse> responseStream, ServerCallContext context)
    {
        var index = _source.Index;
        while (await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            await responseStream.WriteAsync(ReflectionAnswers.Answer(index, requestStream.Current)).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// The <c>grpc.reflection.v1alpha.ServerReflection</c> service (the version most tools still try first) over ProtoGen's
/// descriptors. Mapped by <c>app.MapProtoGenGrpcReflectionService()</c>.
/// </summary>
public sealed class ProtoGenReflectionV1AlphaService : V1Alpha.ServerReflection.ServerReflectionBase
{
    private readonly ProtoGenReflectionServiceSource _source;

    internal ProtoGenReflectionV1AlphaService(ProtoGenReflectionServiceSource source) => _source = source;

    /// <summary>Answers each request of the stream in order, until the client completes it.</summary>
    public override async Task ServerReflectionInfo(IAsyncStreamReader<V1Alpha.ServerReflectionRequest> requestStream, IServerStreamWriter<V1Alpha.ServerReflectionResponse> responseStream, ServerCallContext context)
    {
        var index = _source.Index;
        while (await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            // v1alpha's messages are v1's under another package (same fields, numbers and types), so the v1 answer is
            // carried across by its bytes.
            var request = V1.ServerReflectionRequest.Parser.ParseFrom(requestStream.Current.ToByteArray());
            var answer = ReflectionAnswers.Answer(index, request);
            await responseStream.WriteAsync(V1Alpha.ServerReflectionResponse.Parser.ParseFrom(answer.ToByteArray())).ConfigureAwait(false);
        }
    }
}
