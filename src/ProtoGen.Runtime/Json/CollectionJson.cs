using ProtoGen.Collections;

namespace ProtoGen.Json;

/// <summary>
/// The ProtoJSON text of a <see cref="RepeatedField{T}"/> or <see cref="MapField{TKey, TValue}"/> on its own, for their
/// <c>ToString()</c>: what Google.Protobuf's collections print (its <c>JsonFormatter.Default</c> writing the list or
/// dictionary), through the same <see cref="JsonWriter"/> messages are written with. An element is written by its type:
/// 32-bit integers as numbers, 64-bit ones quoted, floats and doubles with their quoted special values, bools, strings,
/// <see cref="ByteString"/> as base64, messages as their JSON (well-known types in their special forms) and enums by
/// number (a C# enum carries no .proto value names; a message's JSON code names the values of its enum fields).
/// </summary>
internal static class CollectionJson
{
    public static string Format<T>(RepeatedField<T> list) => JsonFormatter.Default.FormatValue(new ListValue<T>(list));

    public static string Format<TKey, TValue>(MapField<TKey, TValue> map)
        where TKey : notnull => JsonFormatter.Default.FormatValue(new MapValue<TKey, TValue>(map));

    private readonly struct ListValue<T> : JsonFormatter.IValue
    {
        private readonly RepeatedField<T> _list;

        public ListValue(RepeatedField<T> list) => _list = list;

        public void WriteTo(JsonWriter writer)
        {
            writer.WriteStartArray();
            foreach (T value in _list) WriteElement(writer, value);
            writer.WriteEndArray();
        }
    }

    private readonly struct MapValue<TKey, TValue> : JsonFormatter.IValue
        where TKey : notnull
    {
        private readonly MapField<TKey, TValue> _map;

        public MapValue(MapField<TKey, TValue> map) => _map = map;

        public void WriteTo(JsonWriter writer)
        {
            writer.WriteStartObject();
            foreach (KeyValuePair<TKey, TValue> entry in _map)
            {
                WriteKey(writer, entry.Key);
                WriteElement(writer, entry.Value);
            }
            writer.WriteEndObject();
        }
    }

    // Map keys are the .proto map key types: integers, bool and string, written as quoted names.
    private static void WriteKey<TKey>(JsonWriter writer, TKey key)
        where TKey : notnull
    {
        switch (key)
        {
            case string text: writer.WriteName(text); break;
            case bool flag: writer.WriteName(flag); break;
            case int number: writer.WriteName(number); break;
            case long number: writer.WriteName(number); break;
            case uint number: writer.WriteName((ulong)number); break;
            case ulong number: writer.WriteName(number); break;
            default: throw new ArgumentException("A map key of type " + typeof(TKey) + " has no JSON form.");
        }
    }

    // The element types of repeated and map fields; typeof(T) tests are constants of each instantiation for value types.
    private static void WriteElement<T>(JsonWriter writer, T value)
    {
        if (value is null) writer.WriteNull();
        else if (typeof(T) == typeof(int)) writer.WriteInt32((int)(object)value);
        else if (typeof(T) == typeof(uint)) writer.WriteUInt32((uint)(object)value);
        else if (typeof(T) == typeof(long)) writer.WriteInt64((long)(object)value);
        else if (typeof(T) == typeof(ulong)) writer.WriteUInt64((ulong)(object)value);
        else if (typeof(T) == typeof(float)) writer.WriteFloat((float)(object)value);
        else if (typeof(T) == typeof(double)) writer.WriteDouble((double)(object)value);
        else if (typeof(T) == typeof(bool)) writer.WriteBool((bool)(object)value);
        else if (typeof(T).IsEnum) writer.WriteInt32(Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture));
        else if (value is string text) writer.WriteString(text);
        else if (value is ByteString bytes) writer.WriteBytes(bytes);
        else if (value is IJsonMessage message) writer.WriteMessage(message);
        else throw new ArgumentException("A value of type " + value.GetType() + " has no JSON form.");
    }
}
