using Grpc.Core;
using ProtoGen.WellKnownTypes;
using GrpcStatus = Grpc.Core.Status;

namespace ProtoGen.Rpc;

/// <summary>
/// google.rpc.Status, the richer gRPC error model: a code, a message and typed details, carried in the binary trailer
/// <c>grpc-status-details-bin</c>. The members have the names Google.Api.CommonProtos' Status and Grpc.StatusProto
/// give them, and the bytes on the wire are the same, so a ProtoGen peer and a Google.Protobuf peer read each other's
/// details.
/// </summary>
public sealed partial class Status
{
    /// <summary>The first detail that is a <typeparamref name="T"/>, unpacked; null when there is none. Malformed bytes
    /// of a <typeparamref name="T"/> throw <see cref="InvalidProtocolBufferException"/>.</summary>
    public T? GetDetail<T>()
        where T : class, IMessage<T>, new()
    {
        foreach (var any in Details)
        {
            if (any.TryUnpack<T>(out var detail))
            {
                return detail;
            }
        }
        return null;
    }

    /// <summary>
    /// Every detail whose type is one of the standard error details of google/rpc/error_details.proto
    /// (<see cref="StandardErrorDetails"/>), unpacked, in order; details of other types are skipped.
    /// </summary>
    public IEnumerable<IMessage> UnpackDetailMessages()
    {
        foreach (var any in Details)
        {
            if (StandardErrorDetails.TryUnpack(any, out var detail))
            {
                yield return detail;
            }
        }
    }

    /// <summary>Adds <paramref name="detail"/> to the details, packed in an <see cref="Any"/>; returns this status.</summary>
    public Status AddDetail(IMessage detail)
    {
        Details.Add(Any.Pack(detail));
        return this;
    }

    /// <summary>
    /// An <see cref="RpcException"/> whose gRPC status is this <see cref="Code"/> and <see cref="Message"/>, with this
    /// status in the <c>grpc-status-details-bin</c> trailer. Throw it from a service method.
    /// </summary>
    public RpcException ToRpcException() => ToRpcException((StatusCode)Code, Message);

    /// <summary>An <see cref="RpcException"/> with the given gRPC status code and message, and this status in the
    /// <c>grpc-status-details-bin</c> trailer.</summary>
    public RpcException ToRpcException(StatusCode statusCode, string message)
    {
        var trailers = new Metadata();
        trailers.SetRpcStatus(this);
        return new RpcException(new GrpcStatus(statusCode, message ?? string.Empty), trailers);
    }
}

/// <summary>The <see cref="Status"/> in an <see cref="RpcException"/>'s trailers, or in any gRPC metadata.</summary>
/// <remarks>Grpc.StatusProto declares extension methods of the same names in Grpc.Core for its own Status type; a file
/// that sees both packages' methods calls these as <c>RichErrorExtensions.GetRpcStatus(exception)</c>.</remarks>
public static class RichErrorExtensions
{
    /// <summary>The binary trailer that carries the serialized google.rpc.Status.</summary>
    public const string StatusDetailsTrailerName = "grpc-status-details-bin";

    /// <summary>
    /// The <see cref="Status"/> in the exception's <c>grpc-status-details-bin</c> trailer; null when there is none or
    /// it does not parse.
    /// </summary>
    public static Status? GetRpcStatus(this RpcException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.Trailers?.GetRpcStatus();
    }

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
