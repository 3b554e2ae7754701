namespace ProtoGen;

/// <summary>Creates messages of type <typeparamref name="T"/> from their encoded bytes.</summary>
/// <typeparam name="T">The message type.</typeparam>
public sealed partial class MessageParser<T> : MessageParser
    where T : IMessage<T>
{
    private readonly Func<T> _factory;
    private readonly ExtensionRegistry? _extensions;

    /// <summary>Creates a parser that builds empty messages with <paramref name="factory"/>.</summary>
    public MessageParser(Func<T> factory)
        : this(factory, null)
    {
    }

    private MessageParser(Func<T> factory, ExtensionRegistry? extensions)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
        _extensions = extensions;
    }

    /// <summary>A parser that reads the extensions in <paramref name="extensions"/> as typed values (unregistered ones
    /// stay unknown fields).</summary>
    public MessageParser<T> WithExtensionRegistry(ExtensionRegistry extensions)
    {
        ArgumentNullException.ThrowIfNull(extensions);
        return new MessageParser<T>(_factory, extensions);
    }

    /// <summary>A new, empty message.</summary>
    public T CreateInstance() => _factory();

    /// <inheritdoc/>
    public override IMessage CreateMessage() => _factory();

    /// <summary>A new, empty message (Google.Protobuf's name for <see cref="CreateInstance"/>).</summary>
    public T CreateTemplate() => _factory();

    /// <summary>Parses a message from <paramref name="data"/>.</summary>
    public T ParseFrom(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return ParseFrom(data.AsSpan());
    }

    /// <summary>Parses a message from <paramref name="length"/> bytes of <paramref name="data"/> at <paramref name="offset"/>.</summary>
    public T ParseFrom(byte[] data, int offset, int length)
    {
        ArgumentNullException.ThrowIfNull(data);
        return ParseFrom(data.AsSpan(offset, length));
    }

    /// <summary>Parses a message from <paramref name="data"/>.</summary>
    public T ParseFrom(ReadOnlySpan<byte> data)
    {
        T message = _factory();
        MessageSerializer.MergeFrom(message, data, _extensions);
        return CheckInitialized(message);
    }

    /// <summary>Parses a message from <paramref name="data"/>.</summary>
    public T ParseFrom(ByteString data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return ParseFrom(data.Span);
    }

    /// <summary>Parses a message from <paramref name="data"/> (read in place when it is one segment).</summary>
    public T ParseFrom(System.Buffers.ReadOnlySequence<byte> data)
    {
        T message = _factory();
        MessageSerializer.MergeFrom(message, data, _extensions);
        return CheckInitialized(message);
    }

    /// <summary>Parses <paramref name="data"/> into <paramref name="message"/>, which ends up equal to what
    /// <see cref="ParseFrom(ReadOnlySpan{byte})"/> returns for the same bytes: it is cleared first
    /// (<see cref="IMessage.Clear"/>), keeping its lists' and maps' storage and its lists' message elements, so that
    /// parsing messages of a repeating shape into one instance allocates only the strings and bytes they hold.</summary>
    /// <exception cref="InvalidProtocolBufferException">The data is malformed; the message is left partly parsed.</exception>
    public void ParseInto(T message, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Clear();
        MessageSerializer.MergeFrom(message, data, _extensions);
        CheckInitialized(message);
    }

    /// <summary>Parses <paramref name="data"/> into <paramref name="message"/>, as
    /// <see cref="ParseInto(T, ReadOnlySpan{byte})"/> does (read in place when it is one segment).</summary>
    public void ParseInto(T message, System.Buffers.ReadOnlySequence<byte> data)
    {
        ArgumentNullException.ThrowIfNull(message);
        message.Clear();
        MessageSerializer.MergeFrom(message, data, _extensions);
        CheckInitialized(message);
    }

    /// <summary>Parses a message from everything left in <paramref name="input"/>.</summary>
    public T ParseFrom(Stream input)
    {
        T message = _factory();
        MessageSerializer.MergeFrom(message, input, _extensions);
        return CheckInitialized(message);
    }

    /// <summary>Parses a message written by WriteDelimitedTo: a varint length, then the message.</summary>
    /// <exception cref="InvalidProtocolBufferException">The stream ended before a whole message was read.</exception>
    public T ParseDelimitedFrom(Stream input)
    {
        T message = _factory();
        if (!MessageSerializer.MergeDelimitedFrom(message, input, _extensions))
        {
            throw InvalidProtocolBufferException.TruncatedStream();
        }

        return CheckInitialized(message);
    }

    // Parsing gives a complete message or fails, as Google.Protobuf's parsers do; MergeFrom may leave one incomplete.
    private static T CheckInitialized(T message) =>
        message.IsInitialized() ? message : throw InvalidProtocolBufferException.MissingRequiredFields(message.ProtoTypeName);
}
