using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace ProtoGen.Json;

/// <summary>
/// Reads one ProtoJSON value of a field type from the reader's current token, as generated MergeJson methods do: 32-bit
/// integers from numbers or strings (exponents allowed when the value is integral), 64-bit integers likewise, floats
/// from numbers or "NaN"/"Infinity"/"-Infinity", bytes from base64 or base64url with or without padding, enums from
/// names or numbers. Anything else fails with the context's <see cref="InvalidProtocolBufferException"/>.
/// </summary>
public static class JsonRead
{
    /// <summary>Reads a bool (<c>true</c>/<c>false</c>).</summary>
    public static bool Bool(ref JsonReader reader, JsonReadContext context) => reader.TokenType switch
    {
        JsonToken.True => true,
        JsonToken.False => false,
        _ => throw context.Unexpected(ref reader, "true or false"),
    };

    /// <summary>Reads a string (valid UTF-8 and UTF-16: lone surrogate escapes are rejected).</summary>
    public static string String(ref JsonReader reader, JsonReadContext context)
    {
        if (reader.TokenType != JsonToken.String) throw context.Unexpected(ref reader, "a string");
        return Text(ref reader, context, "the string is not valid UTF-8 or holds an unpaired surrogate");
    }

    // The text of the current string or property name, transcoded once (escapes applied in the same pass); the reader
    // checked the escapes when it scanned the string, and the transcoder checks the UTF-8.
    private static string Text(ref JsonReader reader, JsonReadContext context, string problem) => reader.GetString();

    /// <summary>Reads bytes: standard or URL-safe base64, padding optional.</summary>
    public static ByteString Bytes(ref JsonReader reader, JsonReadContext context)
    {
        if (reader.TokenType != JsonToken.String) throw context.Unexpected(ref reader, "a base64 string");
        ReadOnlySpan<byte> text = context.NameSpan(ref reader);
        return DecodeBase64(text, context);
    }

    internal static ByteString DecodeBase64(ReadOnlySpan<byte> text, JsonReadContext? context)
    {
        if (text.Length == 0) return ByteString.Empty;
        if ((text.Length & 3) == 0)
        {
            // Standard base64 with its padding, as formatters write it: decoded in place; anything else (URL-safe
            // letters, missing padding, stray bits) takes the general path below.
            int padding = text[text.Length - 1] == '=' ? (text[text.Length - 2] == '=' ? 2 : 1) : 0;
            var direct = new byte[text.Length / 4 * 3 - padding];
            if (Base64.DecodeFromUtf8(text, direct, out int used, out int made) == OperationStatus.Done && used == text.Length && made == direct.Length)
            {
                return ByteString.AttachBytes(direct);
            }
        }
        int padded = (text.Length + 3) & ~3;
        byte[] rented = ArrayPool<byte>.Shared.Rent(padded);
        try
        {
            int length = text.Length;
            for (int i = 0; i < length; i++)
            {
                byte b = text[i];
                rented[i] = b switch
                {
                    (byte)'-' => (byte)'+',
                    (byte)'_' => (byte)'/',
                    _ => b,
                };
            }
            // Strip at most two '=' given, then pad to a multiple of 4.
            int content = length;
            while (content > 0 && rented[content - 1] == '=' && length - content < 2) content--;
            if (content % 4 == 1) throw Base64Error(context);
            int total = (content + 3) & ~3;
            for (int i = content; i < total; i++) rented[i] = (byte)'=';
            if (length != content && length != total) throw Base64Error(context);
            var decoded = new byte[total / 4 * 3];
            var status = Base64.DecodeFromUtf8(new ReadOnlySpan<byte>(rented, 0, total), decoded, out int consumed, out int written);
            if (status != OperationStatus.Done || consumed != total)
            {
                // Base64.DecodeFromUtf8 rejects a last character whose unused bits are not zero ("-_" is 0xFB with
                // two bits left over); ProtoJSON accepts it, as Convert does.
                for (int i = 0; i < total; i++)
                {
                    if (rented[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') throw Base64Error(context);
                }
                try
                {
                    return ByteString.AttachBytes(Convert.FromBase64String(Encoding.ASCII.GetString(rented, 0, total)));
                }
                catch (FormatException)
                {
                    throw Base64Error(context);
                }
            }
            return written == decoded.Length ? ByteString.AttachBytes(decoded) : ByteString.CopyFrom(decoded.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static InvalidProtocolBufferException Base64Error(JsonReadContext? context) =>
        context?.Error("invalid base64 data") ?? new InvalidProtocolBufferException("Invalid base64 data.");

    /// <summary>Reads an int32 (a number, or a string holding one).</summary>
    public static int Int32(ref JsonReader reader, JsonReadContext context)
    {
        if (TryPlainInteger(ref reader, out bool negative, out ulong magnitude))
        {
            if (!negative && magnitude <= int.MaxValue) return (int)magnitude;
            if (negative && magnitude <= (ulong)int.MaxValue + 1) return (int)(0 - (long)magnitude);
            throw context.Error("the number is out of range for an int32");
        }
        return (int)Integer(ref reader, context, int.MinValue, int.MaxValue, "an int32");
    }

    /// <summary>Reads a uint32.</summary>
    public static uint UInt32(ref JsonReader reader, JsonReadContext context) =>
        (uint)Integer(ref reader, context, 0, uint.MaxValue, "a uint32");

    /// <summary>Reads an int64 (a string or a number).</summary>
    public static long Int64(ref JsonReader reader, JsonReadContext context) =>
        Integer(ref reader, context, long.MinValue, long.MaxValue, "an int64");

    /// <summary>Reads a uint64 (a string or a number).</summary>
    public static ulong UInt64(ref JsonReader reader, JsonReadContext context)
    {
        if (TryPlainInteger(ref reader, out bool negative, out ulong magnitude))
        {
            if (negative && magnitude != 0) throw context.Error("a uint64 cannot be negative");
            return magnitude;
        }
        ReadOnlySpan<byte> text = NumberText(ref reader, context, "a uint64");
        if (TryParseInteger(text, out negative, out magnitude))
        {
            if (negative && magnitude != 0) throw context.Error("a uint64 cannot be negative");
            return magnitude;
        }
        decimal value = ParseIntegralDecimal(text, context, "a uint64");
        if (value < 0 || value > ulong.MaxValue) throw context.Error("the number is out of range for a uint64");
        return (ulong)value;
    }

    private static long Integer(ref JsonReader reader, JsonReadContext context, long min, long max, string what)
    {
        if (TryPlainInteger(ref reader, out bool negative, out ulong magnitude) || TryParseInteger(NumberText(ref reader, context, what), out negative, out magnitude))
        {
            if (negative)
            {
                if (magnitude > (ulong)long.MaxValue + 1 || -(decimal)magnitude < min) throw context.Error($"the number is out of range for {what}");
                return magnitude == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)magnitude;
            }
            if (magnitude > (ulong)max) throw context.Error($"the number is out of range for {what}");
            return (long)magnitude;
        }
        decimal value = ParseIntegralDecimal(NumberText(ref reader, context, what), context, what);
        if (value < min || value > max) throw context.Error($"the number is out of range for {what}");
        return (long)value;
    }

    // The common forms of an integer, read without a second look: a number token without fraction or exponent (its
    // value accumulated by the reader), or a string without escapes holding -?(0|[1-9][0-9]*) that fits a ulong.
    // False sends the caller to the general path, which accepts or rejects everything else.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static bool TryPlainInteger(ref JsonReader reader, out bool negative, out ulong magnitude)
    {
        if (reader.TryGetInteger(out negative, out magnitude)) return true;
        return reader.TokenType == JsonToken.String && !reader.ValueIsEscaped && TryParseQuotedInteger(reader.ValueSpan, out negative, out magnitude);
    }

    private static bool TryParseQuotedInteger(ReadOnlySpan<byte> text, out bool negative, out ulong magnitude)
    {
        magnitude = 0;
        negative = text.Length > 0 && text[0] == '-';
        int i = negative ? 1 : 0;
        int digits = text.Length - i;
        // At most 19 digits (always fits a ulong), no leading zero unless the number is 0.
        if (digits < 1 || digits > 19 || (text[i] == '0' && digits > 1)) return false;
        for (; i < text.Length; i++)
        {
            uint digit = (uint)(text[i] - '0');
            if (digit > 9) return false;
            magnitude = magnitude * 10 + digit;
        }
        return true;
    }

    // The text of a number token, or of a string token that must hold a JSON number.
    private static ReadOnlySpan<byte> NumberText(ref JsonReader reader, JsonReadContext context, string what)
    {
        if (reader.TokenType == JsonToken.Number) return reader.ValueSpan;
        if (reader.TokenType == JsonToken.String)
        {
            ReadOnlySpan<byte> text = context.NameSpan(ref reader);
            if (!IsJsonNumber(text)) throw context.Error($"\"{Utf8(text)}\" is not {what}");
            return text;
        }
        throw context.Unexpected(ref reader, what);
    }

    private static string Utf8(ReadOnlySpan<byte> text) => Encoding.UTF8.GetString(text.ToArray());

    /// <summary>Whether text follows the JSON number grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?</summary>
    internal static bool IsJsonNumber(ReadOnlySpan<byte> text)
    {
        int i = 0;
        if (i < text.Length && text[i] == '-') i++;
        if (i >= text.Length) return false;
        if (text[i] == '0') i++;
        else if (text[i] >= '1' && text[i] <= '9') { while (i < text.Length && IsDigit(text[i])) i++; }
        else return false;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            int start = i;
            while (i < text.Length && IsDigit(text[i])) i++;
            if (i == start) return false;
        }
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            i++;
            if (i < text.Length && (text[i] == '+' || text[i] == '-')) i++;
            int start = i;
            while (i < text.Length && IsDigit(text[i])) i++;
            if (i == start) return false;
        }
        return i == text.Length;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    // Plain integers (no fraction or exponent): sign and magnitude; false when the text has more than digits or the
    // magnitude exceeds ulong.
    private static bool TryParseInteger(ReadOnlySpan<byte> text, out bool negative, out ulong magnitude)
    {
        negative = text.Length > 0 && text[0] == '-';
        magnitude = 0;
        int i = negative ? 1 : 0;
        if (i == text.Length) return false;
        for (; i < text.Length; i++)
        {
            uint digit = (uint)(text[i] - '0');
            if (digit > 9) return false;
            if (magnitude > (ulong.MaxValue - digit) / 10) return false;
            magnitude = magnitude * 10 + digit;
        }
        return true;
    }

    // Numbers with a fraction or exponent, or too long for ulong: exact decimal arithmetic, then the integral check.
    private static decimal ParseIntegralDecimal(ReadOnlySpan<byte> text, JsonReadContext context, string what)
    {
        string s = Utf8(text);
        decimal value;
        try
        {
            if (!decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            {
                throw context.Error($"the number {s} is out of range for {what}");
            }
        }
        catch (OverflowException)
        {
            throw context.Error($"the number {s} is out of range for {what}");
        }
        if (decimal.Truncate(value) != value) throw context.Error($"the number {s} is not an integer");
        return value;
    }

    /// <summary>Reads a double: a number, or "NaN", "Infinity", "-Infinity", or a string holding a number.</summary>
    public static double Double(ref JsonReader reader, JsonReadContext context) => FloatingPoint(ref reader, context, isFloat: false);

    /// <summary>Reads a float; finite values beyond float's range are rejected.</summary>
    public static float Float(ref JsonReader reader, JsonReadContext context) => (float)FloatingPoint(ref reader, context, isFloat: true);

    private static double FloatingPoint(ref JsonReader reader, JsonReadContext context, bool isFloat)
    {
        string what = isFloat ? "a float" : "a double";
        ReadOnlySpan<byte> text;
        if (reader.TokenType == JsonToken.Number)
        {
            // Integers up to 2^53 convert exactly; "-0" stays negative zero.
            if (reader.TryGetInteger(out bool negative, out ulong magnitude) && magnitude <= (1UL << 53))
            {
                return negative ? -(double)magnitude : magnitude;
            }
            text = reader.ValueSpan;
        }
        else if (reader.TokenType == JsonToken.String)
        {
            text = context.NameSpan(ref reader);
            if (text.SequenceEqual("NaN"u8)) return double.NaN;
            if (text.SequenceEqual("Infinity"u8)) return double.PositiveInfinity;
            if (text.SequenceEqual("-Infinity"u8)) return double.NegativeInfinity;
            if (!IsJsonNumber(text)) throw context.Error($"\"{Utf8(text)}\" is not {what}");
        }
        else
        {
            throw context.Unexpected(ref reader, what);
        }
        // The text follows the JSON number grammar (the reader checked a number token, IsJsonNumber a string).
#if NET8_0_OR_GREATER
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
        {
            throw context.Error($"\"{Utf8(text)}\" is not {what}");
        }
#else
        if (!Utf8Parser.TryParse(text, out double value, out int consumed, 'E') || consumed != text.Length)
        {
            if (!double.TryParse(Utf8(text), NumberStyles.Float, CultureInfo.InvariantCulture, out value))
            {
                throw context.Error($"\"{Utf8(text)}\" is not {what}");
            }
        }
#endif
        if (double.IsInfinity(value)) throw context.Error($"the number {Utf8(text)} is out of range for {what}");
        // A float takes the nearest float value; only what rounds to an infinity is out of range (the shortest text of
        // float.MaxValue, 3.4028235e+38, is itself above float.MaxValue as a double).
        if (isFloat && float.IsInfinity((float)value))
        {
            throw context.Error($"the number {Utf8(text)} is out of range for a float");
        }
        return value;
    }

    /// <summary>Reads an enum value: a declared name, or any int32 number. An unknown name returns false when the
    /// settings ignore unknown fields (the caller leaves the field unset) and fails otherwise.</summary>
    public static bool Enum(ref JsonReader reader, JsonReadContext context, JsonEnumNames names, out int value)
    {
        if (reader.TokenType == JsonToken.String)
        {
            ReadOnlySpan<byte> text = context.NameSpan(ref reader);
            if (names.TryFind(text, out value)) return true;
            if (context.IgnoreUnknownFields) return false;
            throw context.Error($"\"{Utf8(text)}\" is not a value of this enum");
        }
        if (reader.TokenType == JsonToken.Number)
        {
            value = Int32(ref reader, context);
            return true;
        }
        throw context.Unexpected(ref reader, "an enum name or number");
    }

    /// <summary>Reads a <c>google.protobuf.NullValue</c>: <c>null</c> is its one value (0), as are its name and number.</summary>
    public static bool NullValue(ref JsonReader reader, JsonReadContext context, JsonEnumNames names, out int value)
    {
        if (reader.TokenType == JsonToken.Null)
        {
            value = 0;
            return true;
        }
        return Enum(ref reader, context, names, out value);
    }

    /// <summary>Reads a closed enum's value: like <see cref="Enum"/>, but numbers it does not declare are rejected.</summary>
    public static bool ClosedEnum(ref JsonReader reader, JsonReadContext context, JsonEnumNames names, out int value)
    {
        if (!Enum(ref reader, context, names, out value)) return false;
        if (names.IsDefined(value)) return true;
        if (context.IgnoreUnknownFields) return false;
        throw context.Error($"{value} is not a value of this closed enum");
    }

    // Map keys: the reader is on a property name; each reader moves it to the value.

    /// <summary>Reads a string map key and moves to the value.</summary>
    public static string StringKey(ref JsonReader reader, JsonReadContext context)
    {
        string key = Text(ref reader, context, "the map key is not valid text");
        reader.Read();
        return key;
    }

    /// <summary>Reads a bool map key ("true" or "false") and moves to the value.</summary>
    public static bool BoolKey(ref JsonReader reader, JsonReadContext context)
    {
        ReadOnlySpan<byte> text = context.NameSpan(ref reader);
        bool key;
        if (text.SequenceEqual("true"u8)) key = true;
        else if (text.SequenceEqual("false"u8)) key = false;
        else throw context.Error($"\"{Utf8(text)}\" is not a bool map key");
        reader.Read();
        return key;
    }

    /// <summary>Reads an int32 map key and moves to the value.</summary>
    public static int Int32Key(ref JsonReader reader, JsonReadContext context) => (int)IntegerKey(ref reader, context, int.MinValue, int.MaxValue);

    /// <summary>Reads an int64 map key and moves to the value.</summary>
    public static long Int64Key(ref JsonReader reader, JsonReadContext context) => IntegerKey(ref reader, context, long.MinValue, long.MaxValue);

    /// <summary>Reads a uint32 map key and moves to the value.</summary>
    public static uint UInt32Key(ref JsonReader reader, JsonReadContext context) => (uint)IntegerKey(ref reader, context, 0, uint.MaxValue);

    /// <summary>Reads a uint64 map key and moves to the value.</summary>
    public static ulong UInt64Key(ref JsonReader reader, JsonReadContext context)
    {
        ReadOnlySpan<byte> text = context.NameSpan(ref reader);
        if (!TryParseInteger(text, out bool negative, out ulong magnitude) || (negative && magnitude != 0) || (text.Length > 1 && text[0] == '0'))
        {
            throw context.Error($"\"{Utf8(text)}\" is not a uint64 map key");
        }
        reader.Read();
        return magnitude;
    }

    private static long IntegerKey(ref JsonReader reader, JsonReadContext context, long min, long max)
    {
        ReadOnlySpan<byte> text = context.NameSpan(ref reader);
        if (!TryParseInteger(text, out bool negative, out ulong magnitude) || !IsJsonNumber(text))
        {
            throw context.Error($"\"{Utf8(text)}\" is not an integer map key");
        }
        decimal value = negative ? -(decimal)magnitude : magnitude;
        if (value < min || value > max) throw context.Error($"the map key {Utf8(text)} is out of range");
        reader.Read();
        return (long)value;
    }
}
