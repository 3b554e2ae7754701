using ProtoGen.Collections;

namespace ProtoGen.Json;

// A repeated field as a JSON array, one statement in a generated WriteJsonFields: writer.WriteName(...).WriteArray(list).
// One overload per element type the wire shares (int32, sint32 and sfixed32 are all int); enum, wrapper and NullValue
// lists are written by the generated code itself, element by element.
public sealed partial class JsonWriter
{
    /// <summary>Writes a list of messages as an array.</summary>
    public void WriteMessages<T>(RepeatedField<T> list) where T : class, IJsonMessage
    {
        WriteStartArray();
        foreach (T item in list.AsSpan()) WriteMessage(item);
        WriteEndArray();
    }

    /// <summary>Writes a list of strings as an array.</summary>
    public void WriteArray(RepeatedField<string> list)
    {
        WriteStartArray();
        foreach (string item in list.AsSpan()) WriteString(item);
        WriteEndArray();
    }

    /// <summary>Writes a list of byte strings as an array of base64 strings.</summary>
    public void WriteArray(RepeatedField<ByteString> list)
    {
        WriteStartArray();
        foreach (ByteString item in list.AsSpan()) WriteBytes(item);
        WriteEndArray();
    }

    /// <summary>Writes a list of 32-bit integers as an array of numbers.</summary>
    public void WriteArray(RepeatedField<int> list)
    {
        WriteStartArray();
        foreach (int item in list.AsSpan()) WriteInt32(item);
        WriteEndArray();
    }

    /// <summary>Writes a list of unsigned 32-bit integers as an array of numbers.</summary>
    public void WriteArray(RepeatedField<uint> list)
    {
        WriteStartArray();
        foreach (uint item in list.AsSpan()) WriteUInt32(item);
        WriteEndArray();
    }

    /// <summary>Writes a list of 64-bit integers as an array of strings.</summary>
    public void WriteArray(RepeatedField<long> list)
    {
        WriteStartArray();
        foreach (long item in list.AsSpan()) WriteInt64(item);
        WriteEndArray();
    }

    /// <summary>Writes a list of unsigned 64-bit integers as an array of strings.</summary>
    public void WriteArray(RepeatedField<ulong> list)
    {
        WriteStartArray();
        foreach (ulong item in list.AsSpan()) WriteUInt64(item);
        WriteEndArray();
    }

    /// <summary>Writes a list of doubles as an array.</summary>
    public void WriteArray(RepeatedField<double> list)
    {
        WriteStartArray();
        foreach (double item in list.AsSpan()) WriteDouble(item);
        WriteEndArray();
    }

    /// <summary>Writes a list of floats as an array.</summary>
    public void WriteArray(RepeatedField<float> list)
    {
        WriteStartArray();
        foreach (float item in list.AsSpan()) WriteFloat(item);
        WriteEndArray();
    }

    /// <summary>Writes a list of bools as an array.</summary>
    public void WriteArray(RepeatedField<bool> list)
    {
        WriteStartArray();
        foreach (bool item in list.AsSpan()) WriteBool(item);
        WriteEndArray();
    }
}
