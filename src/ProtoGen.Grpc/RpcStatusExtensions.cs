using Grpc.Core;
using ProtoGen.WellKnownTypes;
using GrpcStatus = Grpc.Core.Status;

namespace ProtoGen.Rpc;

/// <summary>
/// The richer gRPC error model on <see cref="Status"/> (google.rpc.Status): an error with typed details, carried in the
/// binary trailer <c>grpc-status-details-bin</c>. The same names and behaviour as Grpc.StatusProto's helpers, and the
/// same bytes on the wire, so a ProtoGen peer and a Google.Protobuf peer read each other's details.
/// </summary>
public static class RpcStatusExtensions
{
    /// <summary>
    /// An <see cref="RpcException"/> whose status is the <see cref="Status.Code"/> and <see cref="Status.Message"/> of
    /// <paramref name="status"/>, with <paramref name="status"/> in the <c>grpc-status-details-bin</c> trailer.
    /// </summary>
    public static RpcException ToRpcException(this Status status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return status.ToRpcException((StatusCode)status.Code, status.Message);
    }

    /// <summary>
    /// An <see cref="RpcException"/> with the given gRPC status code and message, and <paramref name="status"/> in the
    /// <c>grpc-status-details-bin</c> trailer.
    /// </summary>
    public static RpcException ToRpcException(this Status status, StatusCode statusCode, string message)
    {
        ArgumentNullException.ThrowIfNull(status);
        var trailers = new Metadata();
        trailers.SetRpcStatus(status);
        return new RpcException(new GrpcStatus(statusCode, message ?? string.Empty), trailers);
    }

    /// <summary>The first detail that is a <typeparamref name="T"/>, unpacked; null when there is none.</summary>
    public static T? GetDetail<T>(this Status status)
        where T : class, IMessage<T>, new()
    {
        ArgumentNullException.ThrowIfNull(status);
        foreach (var any in status.Details)
        {
            if (any.TryUnpack<T>(out var detail))
            {
                return detail;
            }
        }
        return null;
    }

    /// <summary>
    /// Every detail whose type is one of the standard error details of google/rpc/error_details.proto, unpacked, in
    /// order; details of other types are skipped.
    /// </summary>
    public static IEnumerable<IMessage> UnpackDetailMessages(this Status status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return Unpack(status);

        static IEnumerable<IMessage> Unpack(Status status)
        {
            foreach (var any in status.Details)
            {
                if (StandardErrorDetails.TryUnpack(any, out var detail))
                {
                    yield return detail;
                }
            }
        }
    }

    /// <summary>Adds <paramref name="detail"/> to the details, packed in an <see cref="Any"/>; returns the status.</summary>
    public static Status AddDetail(this Status status, IMessage detail)
    {
        ArgumentNullException.ThrowIfNull(status);
        status.Details.Add(Any.Pack(detail));
        return status;
    }
}

/// <summary>The <see cref="Status"/> carried by an <see cref="RpcException"/>.</summary>
public static class RpcExceptionExtensions
{
    /// <summary>
    /// The <see cref="Status"/> in the exception's <c>grpc-status-details-bin</c> trailer; null when there is none or
    /// it does not parse.
    /// </summary>
    public static Status? GetRpcStatus(this RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.Trailers?.GetRpcStatus();
    }
}

/// <summary>Reading and writing the <c>grpc-status-details-bin</c> entry of gRPC metadata (trailers).</summary>
public static class MetadataExtensions
{
    /// <summary>The binary trailer that carries the serialized google.rpc.Status.</summary>
    public const string StatusDetailsTrailerName = "grpc-status-details-bin";

    /// <summary>
    /// The <see cref="Status"/> of the last <c>grpc-status-details-bin</c> entry; null when there is none, or when it
    /// does not parse and <paramref name="throwOnParseError"/> is false (with it true, the
    /// <see cref="InvalidProtocolBufferException"/> is thrown).
    /// </summary>
    public static Status? GetRpcStatus(this Metadata metadata, bool throwOnParseError = false)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        Metadata.Entry? entry = null;
        foreach (var each in metadata)
        {
            if (each.IsBinary && each.Key == StatusDetailsTrailerName)
            {
                entry = each;
            }
        }
        if (entry is null)
        {
            return null;
        }
        try
        {
            return Status.Parser.ParseFrom(entry.ValueBytes);
        }
        catch (InvalidProtocolBufferException) when (!throwOnParseError)
        {
            return null;
        }
    }

    /// <summary>Puts <paramref name="status"/> in the <c>grpc-status-details-bin</c> entry, replacing any there.</summary>
    public static void SetRpcStatus(this Metadata metadata, Status status)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(status);
        for (int i = metadata.Count - 1; i >= 0; i--)
        {
            if (metadata[i].Key == StatusDetailsTrailerName)
            {
                metadata.RemoveAt(i);
            }
        }
        metadata.Add(StatusDetailsTrailerName, MessageSerializer.ToByteArray(status));
    }
}
