using System.ComponentModel;
using System.Globalization;
using System.Text;
using ProtoGen.WellKnownTypes;

namespace ProtoGen.Json;

/// <summary>
/// The special ProtoJSON forms of the well-known types, which their generated IJsonMessage members call: Timestamp as
/// RFC 3339 text, Duration as "1.5s", FieldMask as "a,b.cD", Struct/Value/ListValue as plain JSON, wrappers as bare
/// values, Any as <c>@type</c> plus the packed message's fields (or <c>value</c> for well-known types).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class WellKnownJson
{
    private const long MinTimestampSeconds = -62135596800; // 0001-01-01T00:00:00Z
    private const long MaxTimestampSeconds = 253402300799; // 9999-12-31T23:59:59Z
    private const long MaxDurationSeconds = 315576000000;
    private static readonly DateTime UnixEpoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly Dictionary<string, MessageParser> WellKnownParsers = new(StringComparer.Ordinal)
    {
        ["google.protobuf.Any"] = Any.Parser,
        ["google.protobuf.Api"] = Api.Parser,
        ["google.protobuf.Method"] = Method.Parser,
        ["google.protobuf.Mixin"] = Mixin.Parser,
        ["google.protobuf.Duration"] = Duration.Parser,
        ["google.protobuf.Empty"] = Empty.Parser,
        ["google.protobuf.FieldMask"] = FieldMask.Parser,
        ["google.protobuf.SourceContext"] = SourceContext.Parser,
        ["google.protobuf.Struct"] = Struct.Parser,
        ["google.protobuf.Value"] = Value.Parser,
        ["google.protobuf.ListValue"] = ListValue.Parser,
        ["google.protobuf.Timestamp"] = Timestamp.Parser,
        ["google.protobuf.Type"] = ProtoGen.WellKnownTypes.Type.Parser,
        ["google.protobuf.Field"] = Field.Parser,
        ["google.protobuf.Enum"] = ProtoGen.WellKnownTypes.Enum.Parser,
        ["google.protobuf.EnumValue"] = EnumValue.Parser,
        ["google.protobuf.Option"] = Option.Parser,
        ["google.protobuf.DoubleValue"] = DoubleValue.Parser,
        ["google.protobuf.FloatValue"] = FloatValue.Parser,
        ["google.protobuf.Int64Value"] = Int64Value.Parser,
        ["google.protobuf.UInt64Value"] = UInt64Value.Parser,
        ["google.protobuf.Int32Value"] = Int32Value.Parser,
        ["google.protobuf.UInt32Value"] = UInt32Value.Parser,
        ["google.protobuf.BoolValue"] = BoolValue.Parser,
        ["google.protobuf.StringValue"] = StringValue.Parser,
        ["google.protobuf.BytesValue"] = BytesValue.Parser,
    };

    /// <summary>Writes a well-known type with a special form. Generated code of the well-known types calls it; a copy
    /// of such a type generated into another assembly (as the generator's tests do) is converted through its bytes.</summary>
    public static void WriteSpecial(JsonWriter writer, IMessage message)
    {
        switch (message)
        {
            case Timestamp value: Write(writer, value); return;
            case Duration value: Write(writer, value); return;
            case FieldMask value: Write(writer, value); return;
            case Struct value: Write(writer, value); return;
            case Value value: Write(writer, value); return;
            case ListValue value: Write(writer, value); return;
            case Any value: Write(writer, value); return;
            case DoubleValue value: Write(writer, value); return;
            case FloatValue value: Write(writer, value); return;
            case Int64Value value: Write(writer, value); return;
            case UInt64Value value: Write(writer, value); return;
            case Int32Value value: Write(writer, value); return;
            case UInt32Value value: Write(writer, value); return;
            case BoolValue value: Write(writer, value); return;
            case StringValue value: Write(writer, value); return;
            case BytesValue value: Write(writer, value); return;
        }
        var parser = FindWellKnown(message.ProtoTypeName) ?? throw new ArgumentException($"{message.ProtoTypeName} has no special JSON form.");
        var copy = parser.CreateMessage();
        MessageSerializer.MergeFrom(copy, MessageSerializer.ToByteArray(message));
        WriteSpecial(writer, copy);
    }

    /// <summary>Reads a well-known type with a special form into <paramref name="message"/>.</summary>
    public static void MergeSpecial(ref JsonReader reader, JsonReadContext context, IMessage message)
    {
        switch (message)
        {
            case Timestamp value: Merge(ref reader, context, value); return;
            case Duration value: Merge(ref reader, context, value); return;
            case FieldMask value: Merge(ref reader, context, value); return;
            case Struct value: Merge(ref reader, context, value); return;
            case Value value: Merge(ref reader, context, value); return;
            case ListValue value: Merge(ref reader, context, value); return;
            case Any value: Merge(ref reader, context, value); return;
            case DoubleValue value: Merge(ref reader, context, value); return;
            case FloatValue value: Merge(ref reader, context, value); return;
            case Int64Value value: Merge(ref reader, context, value); return;
            case UInt64Value value: Merge(ref reader, context, value); return;
            case Int32Value value: Merge(ref reader, context, value); return;
            case UInt32Value value: Merge(ref reader, context, value); return;
            case BoolValue value: Merge(ref reader, context, value); return;
            case StringValue value: Merge(ref reader, context, value); return;
            case BytesValue value: Merge(ref reader, context, value); return;
        }
        var parser = FindWellKnown(message.ProtoTypeName) ?? throw new ArgumentException($"{message.ProtoTypeName} has no special JSON form.");
        var copy = parser.CreateMessage();
        MergeSpecial(ref reader, context, copy);
        MessageSerializer.MergeFrom(message, MessageSerializer.ToByteArray(copy));
    }

    internal static MessageParser? FindWellKnown(string fullName) => WellKnownParsers.TryGetValue(fullName, out var parser) ? parser : null;

    // In an Any, a well-known type (any type of the google/protobuf/*.proto files) is written as "value": its JSON.
    private static bool UsesValueField(string fullName) => WellKnownParsers.ContainsKey(fullName);

    private static InvalidOperationException FormatError(string problem) => new(problem);

    // ---- Timestamp ----

    /// <summary>Writes a Timestamp as RFC 3339 UTC text with 0, 3, 6 or 9 fractional digits.</summary>
    public static void Write(JsonWriter writer, Timestamp value)
    {
        if (value.Seconds < MinTimestampSeconds || value.Seconds > MaxTimestampSeconds || value.Nanos < 0 || value.Nanos > 999_999_999)
        {
            if (!writer.IsDiagnostic) throw FormatError($"Timestamp (seconds {value.Seconds}, nanos {value.Nanos}) is outside the range ProtoJSON can represent.");
            writer.WriteStartObject();
            writer.WriteName("@warning");
            writer.WriteString("Invalid Timestamp");
            writer.WriteName("seconds");
            writer.WriteString(value.Seconds.ToString(CultureInfo.InvariantCulture));
            writer.WriteName("nanos");
            writer.WriteInt32(value.Nanos);
            writer.WriteEndObject();
            return;
        }
        writer.WriteTimestamp(UnixEpoch.AddSeconds(value.Seconds), value.Nanos);
    }

    /// <summary>Reads a Timestamp from RFC 3339 text (an offset or Z; up to 9 fractional digits).</summary>
    public static void Merge(ref JsonReader reader, JsonReadContext context, Timestamp value)
    {
        string text = JsonRead.String(ref reader, context);
        if (!TryParseTimestamp(text, out long seconds, out int nanos))
        {
            throw context.Error($"\"{text}\" is not a valid RFC 3339 timestamp between 0001-01-01 and 9999-12-31");
        }
        value.Seconds = seconds;
        value.Nanos = nanos;
    }

    private static bool TryParseTimestamp(string text, out long seconds, out int nanos)
    {
        seconds = 0;
        nanos = 0;
        // yyyy-MM-ddTHH:mm:ss
        if (text.Length < 20) return false;
        if (!Digits(text, 0, 4, out int year) || text[4] != '-' || !Digits(text, 5, 2, out int month) || text[7] != '-'
            || !Digits(text, 8, 2, out int day) || text[10] != 'T' || !Digits(text, 11, 2, out int hour) || text[13] != ':'
            || !Digits(text, 14, 2, out int minute) || text[16] != ':' || !Digits(text, 17, 2, out int second))
        {
            return false;
        }
        int i = 19;
        if (text[i] == '.')
        {
            int start = ++i;
            while (i < text.Length && text[i] >= '0' && text[i] <= '9') i++;
            int digits = i - start;
            if (digits == 0 || digits > 9) return false;
            Digits(text, start, digits, out nanos);
            for (int d = digits; d < 9; d++) nanos *= 10;
        }
        if (i >= text.Length) return false;
        long offsetSeconds = 0;
        if (text[i] == 'Z')
        {
            i++;
        }
        else if (text[i] == '+' || text[i] == '-')
        {
            if (i + 6 != text.Length || !Digits(text, i + 1, 2, out int offsetHours) || text[i + 3] != ':' || !Digits(text, i + 4, 2, out int offsetMinutes))
            {
                return false;
            }
            if (offsetHours > 23 || offsetMinutes > 59) return false;
            offsetSeconds = (offsetHours * 3600L + offsetMinutes * 60L) * (text[i] == '-' ? -1 : 1);
            i += 6;
        }
        else
        {
            return false;
        }
        if (i != text.Length) return false;
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        var time = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc);
        seconds = (time.Ticks - UnixEpoch.Ticks) / TimeSpan.TicksPerSecond - offsetSeconds;
        return seconds >= MinTimestampSeconds && seconds <= MaxTimestampSeconds;
    }

    private static bool Digits(string text, int start, int count, out int value)
    {
        value = 0;
        if (start + count > text.Length) return false;
        for (int i = start; i < start + count; i++)
        {
            char c = text[i];
            if (c < '0' || c > '9') return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    // ---- Duration ----

    /// <summary>Writes a Duration as seconds with 0, 3, 6 or 9 fractional digits and an "s".</summary>
    public static void Write(JsonWriter writer, Duration value)
    {
        long seconds = value.Seconds;
        int nanos = value.Nanos;
        bool valid = seconds >= -MaxDurationSeconds && seconds <= MaxDurationSeconds && nanos > -1_000_000_000 && nanos < 1_000_000_000
            && !(seconds < 0 && nanos > 0) && !(seconds > 0 && nanos < 0);
        if (!valid)
        {
            if (!writer.IsDiagnostic) throw FormatError($"Duration (seconds {seconds}, nanos {nanos}) is outside the range ProtoJSON can represent.");
            writer.WriteStartObject();
            writer.WriteName("@warning");
            writer.WriteString("Invalid Duration");
            writer.WriteName("seconds");
            writer.WriteString(seconds.ToString(CultureInfo.InvariantCulture));
            writer.WriteName("nanos");
            writer.WriteInt32(nanos);
            writer.WriteEndObject();
            return;
        }
        writer.WriteDuration(seconds < 0 || nanos < 0, (ulong)Math.Abs(seconds), Math.Abs(nanos));
    }

    /// <summary>Reads a Duration from "[-]seconds[.fraction]s".</summary>
    public static void Merge(ref JsonReader reader, JsonReadContext context, Duration value)
    {
        string text = JsonRead.String(ref reader, context);
        if (!TryParseDuration(text, out long seconds, out int nanos))
        {
            throw context.Error($"\"{text}\" is not a valid duration (such as \"1.5s\", at most {MaxDurationSeconds} seconds)");
        }
        value.Seconds = seconds;
        value.Nanos = nanos;
    }

    private static bool TryParseDuration(string text, out long seconds, out int nanos)
    {
        seconds = 0;
        nanos = 0;
        if (text.Length < 2 || text[text.Length - 1] != 's') return false;
        int i = 0;
        bool negative = text[0] == '-';
        if (negative) i++;
        int start = i;
        while (i < text.Length && text[i] >= '0' && text[i] <= '9') i++;
        int wholeDigits = i - start;
        if (wholeDigits == 0 || wholeDigits > 12) return false;
        if (!long.TryParse(text.Substring(start, wholeDigits), NumberStyles.None, CultureInfo.InvariantCulture, out seconds)) return false;
        if (text[i] == '.')
        {
            int fractionStart = ++i;
            while (i < text.Length && text[i] >= '0' && text[i] <= '9') i++;
            int digits = i - fractionStart;
            if (digits == 0 || digits > 9) return false;
            Digits(text, fractionStart, digits, out nanos);
            for (int d = digits; d < 9; d++) nanos *= 10;
        }
        if (i != text.Length - 1) return false;
        if (seconds > MaxDurationSeconds) return false;
        if (negative)
        {
            seconds = -seconds;
            nanos = -nanos;
        }
        return true;
    }

    // ---- FieldMask ----

    /// <summary>Writes a FieldMask as its paths in lowerCamelCase joined by commas; a path that would not convert
    /// back to itself is an error.</summary>
    public static void Write(JsonWriter writer, FieldMask value)
    {
        var text = new StringBuilder();
        bool first = true;
        foreach (string path in value.Paths)
        {
            if (!first) text.Append(',');
            first = false;
            if (!TryToCamelCase(path, text))
            {
                if (!writer.IsDiagnostic) throw FormatError($"The FieldMask path \"{path}\" cannot be written in ProtoJSON (its lowerCamelCase form would not convert back).");
                text.Append(path);
            }
        }
        writer.WriteString(text.ToString());
    }

    // snake_case to lowerCamelCase; false when the result would not convert back (upper case letters, "__", an
    // underscore before a non-letter or at the end).
    private static bool TryToCamelCase(string path, StringBuilder text)
    {
        for (int i = 0; i < path.Length; i++)
        {
            char c = path[i];
            if (c >= 'A' && c <= 'Z') return false;
            if (c == '_')
            {
                if (i + 1 >= path.Length) return false;
                char next = path[i + 1];
                if (next < 'a' || next > 'z') return false;
                text.Append((char)(next - 'a' + 'A'));
                i++;
                continue;
            }
            text.Append(c);
        }
        return true;
    }

    /// <summary>Reads a FieldMask from comma-separated lowerCamelCase paths (empty paths dropped, as
    /// Google.Protobuf drops them); an underscore is an error.</summary>
    public static void Merge(ref JsonReader reader, JsonReadContext context, FieldMask value)
    {
        string text = JsonRead.String(ref reader, context);
        foreach (string path in text.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries))
        {
            value.Paths.Add(ToSnakeCase(path, context));
        }
    }

    // lowerCamelCase to snake_case as protobuf's C++ utility (and Google.Protobuf) converts it: a capital starts a
    // new word after a lower-case letter or digit, or before one ("ABc" -> "a_bc"), and is lowered.
    private static string ToSnakeCase(string path, JsonReadContext context)
    {
        var snake = new StringBuilder(path.Length * 2);
        bool wasNotUnderscore = false;
        bool wasNotCap = false;
        for (int i = 0; i < path.Length; i++)
        {
            char c = path[i];
            if (c >= 'A' && c <= 'Z')
            {
                bool nextIsLower = i + 1 < path.Length && path[i + 1] >= 'a' && path[i + 1] <= 'z';
                if (wasNotUnderscore && (wasNotCap || nextIsLower)) snake.Append('_');
                snake.Append((char)(c - 'A' + 'a'));
                wasNotUnderscore = true;
                wasNotCap = false;
            }
            else
            {
                if (c == '_') throw context.Error($"the FieldMask path \"{path}\" is not lowerCamelCase");
                snake.Append(c);
                wasNotUnderscore = true;
                wasNotCap = true;
            }
        }
        return snake.ToString();
    }

    // ---- Struct, Value, ListValue ----

    /// <summary>Writes a Struct as a JSON object.</summary>
    public static void Write(JsonWriter writer, Struct value)
    {
        writer.WriteStartObject();
        foreach (var entry in value.Fields)
        {
            writer.WriteName(entry.Key);
            Write(writer, entry.Value);
        }
        writer.WriteEndObject();
    }

    /// <summary>Writes a Value as the JSON value it holds; one holding nothing, NaN or an infinity is an error.</summary>
    public static void Write(JsonWriter writer, Value value)
    {
        switch (value.KindCase)
        {
            case Value.KindOneofCase.NullValue:
                writer.WriteNull();
                break;
            case Value.KindOneofCase.NumberValue:
                double number = value.NumberValue;
                if ((double.IsNaN(number) || double.IsInfinity(number)) && !writer.IsDiagnostic)
                {
                    throw FormatError("A Value's number_value cannot be NaN or infinite in ProtoJSON.");
                }
                writer.WriteDouble(number);
                break;
            case Value.KindOneofCase.StringValue:
                writer.WriteString(value.StringValue);
                break;
            case Value.KindOneofCase.BoolValue:
                writer.WriteBool(value.BoolValue);
                break;
            case Value.KindOneofCase.StructValue:
                writer.WriteMessage(value.StructValue!);
                break;
            case Value.KindOneofCase.ListValue:
                writer.WriteMessage(value.ListValue!);
                break;
            default:
                if (!writer.IsDiagnostic) throw FormatError("A Value must hold one of its kinds to be written as JSON.");
                writer.WriteNull();
                break;
        }
    }

    /// <summary>Writes a ListValue as a JSON array.</summary>
    public static void Write(JsonWriter writer, ListValue value)
    {
        writer.WriteStartArray();
        foreach (var item in value.Values) Write(writer, item);
        writer.WriteEndArray();
    }

    /// <summary>Reads a Struct from a JSON object.</summary>
    public static void Merge(ref JsonReader reader, JsonReadContext context, Struct value)
    {
        context.StartMap(ref reader);
        while (context.NextKey(ref reader))
        {
            string key = JsonRead.StringKey(ref reader, context);
            var item = new Value();
            Merge(ref reader, context, item);
            value.Fields[key] = item;
        }
    }

    /// <summary>Reads any JSON value into a Value.</summary>
    public static void Merge(ref JsonReader reader, JsonReadContext context, Value value)
    {
        switch (reader.TokenType)
        {
            case JsonToken.Null:
                value.NullValue = NullValue.NullValue;
                break;
            case JsonToken.True:
            case JsonToken.False:
                value.BoolValue = reader.TokenType == JsonToken.True;
                break;
            case JsonToken.Number:
                value.NumberValue = JsonRead.Double(ref reader, context);
                break;
            case JsonToken.String:
                value.StringValue = JsonRead.String(ref reader, context);
                break;
            case JsonToken.StartObject:
                var structValue = new Struct();
                Merge(ref reader, context, structValue);
                value.StructValue = structValue;
                break;
            case JsonToken.StartArray:
                var listValue = new ListValue();
                Merge(ref reader, context, listValue);
                value.ListValue = listValue;
                break;
            default:
                throw context.Unexpected(ref reader, "a JSON value");
        }
    }

    /// <summary>Reads a ListValue from a JSON array.</summary>
    public static void Merge(ref JsonReader reader, JsonReadContext context, ListValue value)
    {
        context.StartArray(ref reader);
        while (context.NextElement(ref reader))
        {
            var item = new Value();
            Merge(ref reader, context, item);
            value.Values.Add(item);
        }
    }

    // ---- Wrappers: the bare value ----

    /// <summary>Writes the wrapped double.</summary>
    public static void Write(JsonWriter writer, DoubleValue value) => writer.WriteDouble(value.Value);

    /// <summary>Writes the wrapped float.</summary>
    public static void Write(JsonWriter writer, FloatValue value) => writer.WriteFloat(value.Value);

    /// <summary>Writes the wrapped int64 (as a string).</summary>
    public static void Write(JsonWriter writer, Int64Value value) => writer.WriteInt64(value.Value);

    /// <summary>Writes the wrapped uint64 (as a string).</summary>
    public static void Write(JsonWriter writer, UInt64Value value) => writer.WriteUInt64(value.Value);

    /// <summary>Writes the wrapped int32.</summary>
    public static void Write(JsonWriter writer, Int32Value value) => writer.WriteInt32(value.Value);

    /// <summary>Writes the wrapped uint32.</summary>
    public static void Write(JsonWriter writer, UInt32Value value) => writer.WriteUInt32(value.Value);

    /// <summary>Writes the wrapped bool.</summary>
    public static void Write(JsonWriter writer, BoolValue value) => writer.WriteBool(value.Value);

    /// <summary>Writes the wrapped string.</summary>
    public static void Write(JsonWriter writer, StringValue value) => writer.WriteString(value.Value);

    /// <summary>Writes the wrapped bytes (base64).</summary>
    public static void Write(JsonWriter writer, BytesValue value) => writer.WriteBytes(value.Value);

    /// <summary>Reads a bare double.</summary>
    public static void Merge(ref JsonReader reader, JsonReadContext context, DoubleValue value) => value.Value = JsonRead.Double(ref reader, context);

    /// <summary>Reads a bare float.</summary>
    public static void Merge(ref JsonReader reader, JsonReadContext context, FloatValue value) => value.Value = JsonRead.Float(ref reader, context);

    /// <summary>Reads a bare int64.</summary>
    public static void Merge(ref JsonReader reader, JsonReadContext context, Int64Value value) => value.Value = JsonRead.Int64(ref reader, context);

    /// <summary>Reads a bare uint64.</summary>
    public static void Merge(ref JsonReader reader, JsonReadContext context, UInt64Value value) => value.Value = JsonRead.UInt64(ref reader, context);

    /// <summary>Reads a bare int32.</summary>
    public static void Merge(ref JsonReader reader, JsonReadContext context, Int32Value value) => value.Value = JsonRead.Int32(ref reader, context);

    /// <summary>Reads a bare uint32.</summary>
    public static void Merge(ref JsonReader reader, JsonReadContext context, UInt32Value value) => value.Value = JsonRead.UInt32(ref reader, context);

    /// <summary>Reads a bare bool.</summary>
    public static void Merge(ref JsonReader reader, JsonReadContext context, BoolValue value) => value.Value = JsonRead.Bool(ref reader, context);

    /// <summary>Reads a bare string.</summary>
    public static void Merge(ref JsonReader reader, JsonReadContext context, StringValue value) => value.Value = JsonRead.String(ref reader, context);

    /// <summary>Reads bare bytes (base64).</summary>
    public static void Merge(ref JsonReader reader, JsonReadContext context, BytesValue value) => value.Value = JsonRead.Bytes(ref reader, context);

    // ---- Any ----

    /// <summary>Writes an Any: <c>@type</c>, then the packed message's fields, or its JSON as <c>value</c> for a
    /// well-known type. The type must be in the formatter's registry (ToString() writes the bytes as <c>@value</c>).</summary>
    public static void Write(JsonWriter writer, Any value)
    {
        // An Any without a type URL has no type to write its bytes as: Google.Protobuf writes it as an empty object
        // (ToString() keeps the bytes, if any, as @value below).
        if (value.TypeUrl.Length == 0 && (value.Value.Length == 0 || !writer.IsDiagnostic))
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
            return;
        }
        string typeName = Any.GetTypeName(value.TypeUrl);
        MessageParser? parser = writer.Settings.TypeRegistry.Find(typeName);
        if (parser is null || writer.IsDiagnostic && !ReferenceEquals(writer.Settings, JsonFormatter.Settings.Default) && false)
        {
            if (!writer.IsDiagnostic) throw FormatError($"The type registry has no type named '{typeName}' (Any type url '{value.TypeUrl}').");
            writer.WriteStartObject();
            writer.WriteName("@type");
            writer.WriteString(value.TypeUrl);
            writer.WriteName("@value");
            writer.WriteBytes(value.Value);
            writer.WriteEndObject();
            return;
        }
        var message = (IJsonMessage)parser.CreateMessage();
        MessageSerializer.MergeFrom(message, value.Value.Span);
        writer.WriteStartObject();
        writer.WriteName("@type");
        writer.WriteString(value.TypeUrl);
        if (UsesValueField(typeName))
        {
            writer.WriteName("value");
            writer.WriteMessage(message);
        }
        else
        {
            message.WriteJsonFields(writer);
        }
        writer.WriteEndObject();
    }

    /// <summary>Reads an Any: finds <c>@type</c> (anywhere in the object), resolves it through the parser's type
    /// registry, then reads the other members as that message (or <c>value</c> for a well-known type).</summary>
    public static void Merge(ref JsonReader reader, JsonReadContext context, Any value)
    {
        if (reader.TokenType != JsonToken.StartObject) throw context.Unexpected(ref reader, "an object");
        // A copy of the reader scans ahead for "@type"; the original then reads the body.
        var scan = reader;
        string? typeUrl = null;
        bool hasOtherMembers = false;
        while (true)
        {
            scan.Read();
            if (scan.TokenType == JsonToken.EndObject) break;
            bool isType = scan.ValueTextEquals("@type"u8);
            scan.Read();
            if (isType)
            {
                if (typeUrl is not null) throw context.Error("\"@type\" appears more than once");
                typeUrl = JsonRead.String(ref scan, context);
            }
            else
            {
                hasOtherMembers = true;
                scan.Skip();
            }
        }
        if (typeUrl is null)
        {
            if (hasOtherMembers) throw context.Error("an Any with fields needs \"@type\"");
            reader.Skip();
            return;
        }
        string typeName = Any.GetTypeName(typeUrl);
        MessageParser? parser = typeName.Length == 0 ? null : context.Settings.TypeRegistry.Find(typeName);
        if (parser is null) throw context.Error($"the type registry has no type named '{typeName}' (Any type url '{typeUrl}')");
        var message = (IJsonMessage)parser.CreateMessage();
        if (UsesValueField(typeName))
        {
            context.Enter();
            bool hasValue = false;
            while (true)
            {
                reader.Read();
                if (reader.TokenType == JsonToken.EndObject) break;
                bool isType = reader.ValueTextEquals("@type"u8);
                bool isValue = reader.ValueTextEquals("value"u8);
                reader.Read();
                if (isValue)
                {
                    if (hasValue) throw context.Error("\"value\" appears more than once");
                    hasValue = true;
                    message.MergeJson(ref reader, context);
                }
                else if (isType || context.IgnoreUnknownFields)
                {
                    reader.Skip();
                }
                else
                {
                    throw context.Error($"an Any holding {typeName} has only \"@type\" and \"value\"");
                }
            }
            context.Exit();
        }
        else
        {
            context.SkipTypeUrlOfNextObject();
            message.MergeJson(ref reader, context);
        }
        value.TypeUrl = typeUrl;
        value.Value = ByteString.AttachBytes(MessageSerializer.ToByteArray(message));
    }
}
