using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ProtoGen.Json;

/// <summary>
/// Serializes a ProtoGen message nested in an ordinary object as ProtoJSON with System.Text.Json (JsonSerializer,
/// ASP.NET Core minimal APIs and MVC). Generated message classes carry <c>[JsonConverter(typeof(ProtoJsonConverter&lt;T&gt;))]</c>,
/// so nothing needs registering, and a <see cref="JsonSerializerContext"/> (source generation, Native AOT) picks the
/// converter up from the attribute: no reflection over the message. Uses <see cref="JsonFormatter.Default"/> and
/// <see cref="JsonParser.Default"/>; a parse failure surfaces as <see cref="JsonException"/>, as System.Text.Json expects.
/// </summary>
/// <typeparam name="T">The message type.</typeparam>
public sealed class ProtoJsonConverter<T> : JsonConverter<T>
    where T : class, IJsonMessage, new()
{
    /// <inheritdoc/>
    public override bool HandleNull => false;

    /// <inheritdoc/>
    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // The serializer hands a converter the whole value, possibly spread over several buffers; one element copy
        // gives ProtoGen's reader (JsonReader) the value's raw UTF-8 in one contiguous span.
        using var document = JsonDocument.ParseValue(ref reader);
        var message = new T();
        try
        {
#if NET9_0_OR_GREATER
            JsonParser.Default.Merge(message, System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(document.RootElement));
#else
            JsonParser.Default.Merge(message, document.RootElement.GetRawText());
#endif
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new JsonException(e.Message, e);
        }
        return message;
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        JsonFormatter.Default.Format(value, buffer);
        writer.WriteRawValue(buffer.WrittenSpan, skipInputValidation: true);
    }
}
