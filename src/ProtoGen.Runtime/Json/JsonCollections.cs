using System.Runtime.CompilerServices;
using ProtoGen.Collections;

namespace ProtoGen.Json;

/// <summary>Reads one value at the reader's current token (an element of a list, a map key or value).</summary>
public delegate T JsonElementReader<T>(ref JsonReader reader, JsonReadContext context);

/// <summary>
/// Repeated and map fields for generated <c>MergeJson</c> code: one call per field reads the whole array or object
/// into the collection (a <c>null</c> field never reaches them: the context skips it). Elements are read with the
/// <see cref="JsonRead"/> reader of their type; <c>null</c> as an element or map value is an error except for
/// <c>google.protobuf.Value</c>, whose reader takes it.
/// </summary>
public static class JsonCollections
{
    /// <summary>Reads an array of doubles.</summary>
    public static void Doubles(ref JsonReader reader, JsonReadContext context, RepeatedField<double> list)
    {
        context.StartArray(ref reader);
        while (context.NextElement(ref reader)) list.Add(JsonRead.Double(ref reader, context));
    }

    /// <summary>Reads an array of floats.</summary>
    public static void Floats(ref JsonReader reader, JsonReadContext context, RepeatedField<float> list)
    {
        context.StartArray(ref reader);
        while (context.NextElement(ref reader)) list.Add(JsonRead.Float(ref reader, context));
    }

    /// <summary>Reads an array of int64 values.</summary>
    public static void Int64s(ref JsonReader reader, JsonReadContext context, RepeatedField<long> list)
    {
        context.StartArray(ref reader);
        while (context.NextElement(ref reader)) list.Add(JsonRead.Int64(ref reader, context));
    }

    /// <summary>Reads an array of uint64 values.</summary>
    public static void UInt64s(ref JsonReader reader, JsonReadContext context, RepeatedField<ulong> list)
    {
        context.StartArray(ref reader);
        while (context.NextElement(ref reader)) list.Add(JsonRead.UInt64(ref reader, context));
    }

    /// <summary>Reads an array of int32 values.</summary>
    public static void Int32s(ref JsonReader reader, JsonReadContext context, RepeatedField<int> list)
    {
        context.StartArray(ref reader);
        while (context.NextElement(ref reader)) list.Add(JsonRead.Int32(ref reader, context));
    }

    /// <summary>Reads an array of uint32 values.</summary>
    public static void UInt32s(ref JsonReader reader, JsonReadContext context, RepeatedField<uint> list)
    {
        context.StartArray(ref reader);
        while (context.NextElement(ref reader)) list.Add(JsonRead.UInt32(ref reader, context));
    }

    /// <summary>Reads an array of bools.</summary>
    public static void Bools(ref JsonReader reader, JsonReadContext context, RepeatedField<bool> list)
    {
        context.StartArray(ref reader);
        while (context.NextElement(ref reader)) list.Add(JsonRead.Bool(ref reader, context));
    }

    /// <summary>Reads an array of strings.</summary>
    public static void Strings(ref JsonReader reader, JsonReadContext context, RepeatedField<string> list)
    {
        context.StartArray(ref reader);
        while (context.NextElement(ref reader)) list.Add(JsonRead.String(ref reader, context));
    }

    /// <summary>Reads an array of base64 strings.</summary>
    public static void Bytes(ref JsonReader reader, JsonReadContext context, RepeatedField<ByteString> list)
    {
        context.StartArray(ref reader);
        while (context.NextElement(ref reader)) list.Add(JsonRead.Bytes(ref reader, context));
    }

    /// <summary>Reads an array of messages.</summary>
    public static void Messages<T>(ref JsonReader reader, JsonReadContext context, RepeatedField<T> list, MessageParser<T> parser)
        where T : class, IMessage<T>, IJsonMessage
    {
        context.StartArray(ref reader);
        while (context.NextElement(ref reader))
        {
            var message = parser.CreateInstance();
            message.MergeJson(ref reader, context);
            list.Add(message);
        }
    }

    /// <summary>Reads an array of enum values (names or numbers); unknown names are skipped when the settings ignore
    /// unknown fields. <paramref name="closed"/>: numbers the enum does not declare are rejected (or skipped).</summary>
    public static void Enums<T>(ref JsonReader reader, JsonReadContext context, JsonEnumNames names, bool closed, RepeatedField<T> list)
        where T : struct, Enum
    {
        context.StartArray(ref reader);
        while (context.NextElement(ref reader))
        {
            if (closed ? JsonRead.ClosedEnum(ref reader, context, names, out int number) : JsonRead.Enum(ref reader, context, names, out number))
            {
                list.Add(Unsafe.As<int, T>(ref number));
            }
        }
    }

    /// <summary>Reads a map's object: each key with <paramref name="key"/> (which moves to the value), each value
    /// with <paramref name="value"/>; a key given twice keeps the last value.</summary>
    public static void Map<TKey, TValue>(ref JsonReader reader, JsonReadContext context, MapField<TKey, TValue> map, JsonElementReader<TKey> key, JsonElementReader<TValue> value)
        where TKey : notnull
    {
        context.StartMap(ref reader);
        while (context.NextKey(ref reader))
        {
            TKey k = key(ref reader, context);
            map[k] = value(ref reader, context);
        }
    }

    /// <summary>Reads a map whose values are messages made by <paramref name="parser"/>.</summary>
    public static void MessageMap<TKey, TValue>(ref JsonReader reader, JsonReadContext context, MapField<TKey, TValue> map, JsonElementReader<TKey> key, MessageParser<TValue> parser)
        where TKey : notnull
        where TValue : class, IMessage<TValue>, IJsonMessage
    {
        context.StartMap(ref reader);
        while (context.NextKey(ref reader))
        {
            TKey k = key(ref reader, context);
            var message = parser.CreateInstance();
            message.MergeJson(ref reader, context);
            map[k] = message;
        }
    }

    /// <summary>Reads a map whose values are enums; an entry whose value is an unknown name is skipped when the
    /// settings ignore unknown fields.</summary>
    public static void EnumMap<TKey, TValue>(ref JsonReader reader, JsonReadContext context, MapField<TKey, TValue> map, JsonElementReader<TKey> key, JsonEnumNames names, bool closed)
        where TKey : notnull
        where TValue : struct, Enum
    {
        context.StartMap(ref reader);
        while (context.NextKey(ref reader))
        {
            TKey k = key(ref reader, context);
            if (closed ? JsonRead.ClosedEnum(ref reader, context, names, out int number) : JsonRead.Enum(ref reader, context, names, out number))
            {
                map[k] = Unsafe.As<int, TValue>(ref number);
            }
        }
    }
}

/// <summary>The readers of map keys, as delegates for <see cref="JsonCollections.Map"/>: each reads the key at the
/// reader's property name and moves to the value.</summary>
public static class JsonKeys
{
    /// <summary>A string key.</summary>
    public static readonly JsonElementReader<string> String = JsonRead.StringKey;

    /// <summary>A bool key ("true" or "false").</summary>
    public static readonly JsonElementReader<bool> Bool = JsonRead.BoolKey;

    /// <summary>An int32 key.</summary>
    public static readonly JsonElementReader<int> Int32 = JsonRead.Int32Key;

    /// <summary>A uint32 key.</summary>
    public static readonly JsonElementReader<uint> UInt32 = JsonRead.UInt32Key;

    /// <summary>An int64 key.</summary>
    public static readonly JsonElementReader<long> Int64 = JsonRead.Int64Key;

    /// <summary>A uint64 key.</summary>
    public static readonly JsonElementReader<ulong> UInt64 = JsonRead.UInt64Key;
}

/// <summary>The readers of map values, as delegates for <see cref="JsonCollections.Map"/>.</summary>
public static class JsonValues
{
    /// <summary>A double.</summary>
    public static readonly JsonElementReader<double> Double = JsonRead.Double;

    /// <summary>A float.</summary>
    public static readonly JsonElementReader<float> Float = JsonRead.Float;

    /// <summary>An int64.</summary>
    public static readonly JsonElementReader<long> Int64 = JsonRead.Int64;

    /// <summary>A uint64.</summary>
    public static readonly JsonElementReader<ulong> UInt64 = JsonRead.UInt64;

    /// <summary>An int32.</summary>
    public static readonly JsonElementReader<int> Int32 = JsonRead.Int32;

    /// <summary>A uint32.</summary>
    public static readonly JsonElementReader<uint> UInt32 = JsonRead.UInt32;

    /// <summary>A bool.</summary>
    public static readonly JsonElementReader<bool> Bool = JsonRead.Bool;

    /// <summary>A string.</summary>
    public static readonly JsonElementReader<string> String = JsonRead.String;

    /// <summary>Base64 bytes.</summary>
    public static readonly JsonElementReader<ByteString> Bytes = JsonRead.Bytes;
}
