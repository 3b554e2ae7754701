
namespace ProtoGen.Json;

/// <summary>A message that writes and reads itself as ProtoJSON: generated code implements it for every message, with
/// field names precomputed and no reflection. Use <see cref="JsonFormatter"/> and <see cref="JsonParser"/> (or the
/// messages' <c>ToJson()</c> and their parsers' <c>ParseJson</c>) rather than these members.</summary>
public interface IJsonMessage : IMessage
{
    /// <summary>Writes the message's fields as members of an object the caller opened: the message's own object, or an
    /// Any's body. <see cref="JsonWriter.WriteMessage"/> opens and closes the object, or writes an
    /// <see cref="IJsonSpecialForm"/>'s special form instead.</summary>
    void WriteJsonFields(JsonWriter writer);

    /// <summary>Merges the JSON value the reader is on (its first token) into this message; the reader is left on
    /// the value's last token.</summary>
    void MergeJson(ref JsonReader reader, JsonReadContext context);
}

/// <summary>Marks a well-known type whose ProtoJSON form is not an object of its fields (<c>Timestamp</c>,
/// <c>Duration</c>, <c>FieldMask</c>, <c>Struct</c>, <c>Value</c>, <c>ListValue</c>, <c>Any</c>, the wrappers):
/// <see cref="JsonWriter.WriteMessage"/> writes it through <c>WellKnownJson</c>. Generated code declares it; other
/// messages are written as objects, so they carry no writing member of their own beyond their fields.</summary>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public interface IJsonSpecialForm : IJsonMessage
{
}
