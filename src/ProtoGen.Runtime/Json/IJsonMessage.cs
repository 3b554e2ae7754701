
namespace ProtoGen.Json;

/// <summary>A message that writes and reads itself as ProtoJSON: generated code implements it for every message, with
/// field names precomputed and no reflection. Use <see cref="JsonFormatter"/> and <see cref="JsonParser"/> (or the
/// messages' <c>ToJson()</c> and their parsers' <c>ParseJson</c>) rather than these members.</summary>
public interface IJsonMessage : IMessage
{
    /// <summary>Writes the message as a JSON value: an object, or a well-known type's special form.</summary>
    void WriteJson(JsonWriter writer);

    /// <summary>Writes the message's fields as members of an object the caller opened (an Any's body).</summary>
    void WriteJsonFields(JsonWriter writer);

    /// <summary>Merges the JSON value the reader is on (its first token) into this message; the reader is left on
    /// the value's last token.</summary>
    void MergeJson(ref JsonReader reader, JsonReadContext context);
}
