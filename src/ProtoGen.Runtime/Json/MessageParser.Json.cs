using ProtoGen.Json;

namespace ProtoGen;

public sealed partial class MessageParser<T>
{
    /// <summary>Parses ProtoJSON text with the default settings.</summary>
    public T ParseJson(string json) => ParseJson(json, JsonParser.Default);

    /// <summary>Parses ProtoJSON text with <paramref name="parser"/>'s settings.</summary>
    public T ParseJson(string json, JsonParser parser)
    {
        T message = _factory();
        (parser ?? throw new ArgumentNullException(nameof(parser))).Merge(message, json);
        return message;
    }

    /// <summary>Parses UTF-8 ProtoJSON with the default settings.</summary>
    public T ParseJson(ReadOnlySpan<byte> utf8Json) => ParseJson(utf8Json, JsonParser.Default);

    /// <summary>Parses UTF-8 ProtoJSON with <paramref name="parser"/>'s settings.</summary>
    public T ParseJson(ReadOnlySpan<byte> utf8Json, JsonParser parser)
    {
        T message = _factory();
        (parser ?? throw new ArgumentNullException(nameof(parser))).Merge(message, utf8Json);
        return message;
    }

    /// <summary>Parses UTF-8 ProtoJSON read from <paramref name="input"/> to its end, with the default settings.</summary>
    public T ParseJson(Stream input) => ParseJson(input, JsonParser.Default);

    /// <summary>Parses UTF-8 ProtoJSON read from <paramref name="input"/> to its end.</summary>
    public T ParseJson(Stream input, JsonParser parser)
    {
        T message = _factory();
        (parser ?? throw new ArgumentNullException(nameof(parser))).Merge(message, input);
        return message;
    }
}
