namespace ProtoGen;

/// <summary>A parser of one message type, whatever the type: what a <see cref="Json.TypeRegistry"/> holds for each
/// type it knows (the type's full name and a way to make its messages).</summary>
public abstract class MessageParser
{
    private string? _typeName;

    /// <summary>A new, empty message of the parser's type.</summary>
    public abstract IMessage CreateMessage();

    /// <summary>The full protobuf name of the parser's type, such as "acme.store.v1.Item".</summary>
    public string TypeName => _typeName ??= CreateMessage().ProtoTypeName;
}
