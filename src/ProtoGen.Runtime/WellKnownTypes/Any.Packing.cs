using System.Diagnostics.CodeAnalysis;

namespace ProtoGen.WellKnownTypes;

/// <summary>Packing and unpacking of google.protobuf.Any.</summary>
public sealed partial class Any
{
    /// <summary>The type URL prefix Google's tools use.</summary>
    public const string DefaultTypeUrlPrefix = "type.googleapis.com";

    /// <summary>Packs <paramref name="message"/> with the type URL "type.googleapis.com/{full name}".</summary>
    public static Any Pack(IMessage message) => Pack(message, DefaultTypeUrlPrefix);

    /// <summary>Packs <paramref name="message"/> with the type URL "{prefix}/{full name}".</summary>
    public static Any Pack(IMessage message, string typeUrlPrefix)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(typeUrlPrefix);
        return new Any
        {
            TypeUrl = GetTypeUrl(message.ProtoTypeName, typeUrlPrefix),
            Value = ByteString.AttachBytes(MessageSerializer.ToByteArray(message)),
        };
    }

    /// <summary>The full type name in a type URL: the text after its last '/', or "" when there is none.</summary>
    public static string GetTypeName(string typeUrl)
    {
        ArgumentNullException.ThrowIfNull(typeUrl);
        int lastSlash = typeUrl.LastIndexOf('/');
        return lastSlash == -1 ? string.Empty : typeUrl.Substring(lastSlash + 1);
    }

    /// <summary>Whether the packed message's full type name is <paramref name="protoTypeName"/>.</summary>
    public bool Is(string protoTypeName) => GetTypeName(TypeUrl) == protoTypeName;

    /// <summary>Whether the packed message is a <typeparamref name="T"/>.</summary>
    public bool Is<T>()
        where T : IMessage<T>, new() => Is(new T().ProtoTypeName);

    /// <summary>Unpacks the message; throws InvalidProtocolBufferException if it is not a <typeparamref name="T"/>.</summary>
    public T Unpack<T>()
        where T : IMessage<T>, new()
    {
        var target = new T();
        string typeName = GetTypeName(TypeUrl);
        if (typeName != target.ProtoTypeName)
        {
            throw new InvalidProtocolBufferException(
                $"The Any holds a message of type '{typeName}' (type url '{TypeUrl}'), not '{target.ProtoTypeName}'.");
        }

        MessageSerializer.MergeFrom(target, Value.Span);
        return target;
    }

    /// <summary>Unpacks the message if it is a <typeparamref name="T"/>; returns false (and null) otherwise.</summary>
    public bool TryUnpack<T>([NotNullWhen(true)] out T? result)
        where T : class, IMessage<T>, new()
    {
        var target = new T();
        if (GetTypeName(TypeUrl) != target.ProtoTypeName)
        {
            result = null;
            return false;
        }

        MessageSerializer.MergeFrom(target, Value.Span);
        result = target;
        return true;
    }

    private static string GetTypeUrl(string protoTypeName, string typeUrlPrefix) =>
        typeUrlPrefix.EndsWith('/') ? typeUrlPrefix + protoTypeName : typeUrlPrefix + "/" + protoTypeName;
}
