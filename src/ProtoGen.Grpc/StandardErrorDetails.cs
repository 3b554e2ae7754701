using System.Diagnostics.CodeAnalysis;
using ProtoGen.WellKnownTypes;

namespace ProtoGen.Rpc;

/// <summary>The standard error details of google/rpc/error_details.proto, by full protobuf name.</summary>
public static class StandardErrorDetails
{
    // One parser per standard detail type, keyed by the name its type URL ends with. The set is fixed by
    // error_details.proto; a test checks that it names every message that file declares at top level.
    private static readonly Dictionary<string, Func<ByteString, IMessage>> Parsers = new[]
    {
        Entry<ErrorInfo>(),
        Entry<RetryInfo>(),
        Entry<DebugInfo>(),
        Entry<QuotaFailure>(),
        Entry<PreconditionFailure>(),
        Entry<BadRequest>(),
        Entry<RequestInfo>(),
        Entry<ResourceInfo>(),
        Entry<Help>(),
        Entry<LocalizedMessage>(),
    }.ToDictionary(e => e.Name, e => e.Parse, StringComparer.Ordinal);

    private static (string Name, Func<ByteString, IMessage> Parse) Entry<T>()
        where T : class, IMessage<T>, new()
    {
        var parser = new MessageParser<T>(() => new T());
        return (new T().ProtoTypeName, bytes => parser.ParseFrom(bytes));
    }

    /// <summary>The full protobuf names of the standard detail types, such as "google.rpc.BadRequest".</summary>
    public static IReadOnlyCollection<string> TypeNames => Parsers.Keys;

    /// <summary>
    /// Unpacks <paramref name="any"/> when it holds one of the standard detail types; false for any other type.
    /// Malformed bytes of a standard type throw <see cref="InvalidProtocolBufferException"/>.
    /// </summary>
    public static bool TryUnpack(Any any, [NotNullWhen(true)] out IMessage? detail)
    {
        ArgumentNullException.ThrowIfNull(any);
        if (Parsers.TryGetValue(Any.GetTypeName(any.TypeUrl), out var parse))
        {
            detail = parse(any.Value);
            return true;
        }
        detail = null;
        return false;
    }
}
