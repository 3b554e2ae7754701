using System.Globalization;
using System.Text;

namespace ProtoGen.Compiler.Syntax;

/// <summary>Reads and prints literals the way protoc does (Tokenizer::ParseInteger, ParseStringAppend, SimpleDtoa, CEscape).</summary>
public static class Literals
{
    /// <summary>Parses an integer token (decimal, 0x hex, leading-zero octal). False when it exceeds <paramref name="maxValue"/>.</summary>
    public static bool TryParseInteger(string text, ulong maxValue, out ulong value)
    {
        value = 0;
        int index = 0;
        int radix = 10;
        if (text.Length >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
        {
            radix = 16;
            index = 2;
        }
        else if (text.Length >= 1 && text[0] == '0')
        {
            radix = 8;
        }

        ulong result = 0;
        for (; index < text.Length; index++)
        {
            int digit = DigitValue(text[index]);
            if (digit < 0 || digit >= radix) return false;
            if (result > (maxValue - (ulong)digit) / (ulong)radix) return false;
            result = result * (ulong)radix + (ulong)digit;
        }
        value = result;
        return true;
    }

    private static int DigitValue(char c) =>
        c >= '0' && c <= '9' ? c - '0' :
        c >= 'a' && c <= 'z' ? c - 'a' + 10 :
        c >= 'A' && c <= 'Z' ? c - 'A' + 10 : -1;

    /// <summary>Parses a float token as protoc does (a trailing 'f' and a missing exponent digit are tolerated).</summary>
    public static double ParseFloat(string text)
    {
        var trimmed = text;
        if (trimmed.EndsWith("f", StringComparison.OrdinalIgnoreCase)) trimmed = trimmed.Substring(0, trimmed.Length - 1);
        if (trimmed.EndsWith("e", StringComparison.OrdinalIgnoreCase) || trimmed.EndsWith("-", StringComparison.Ordinal) || trimmed.EndsWith("+", StringComparison.Ordinal))
        {
            trimmed = trimmed.TrimEnd('-', '+', 'e', 'E');
        }
        if (trimmed.StartsWith(".", StringComparison.Ordinal)) trimmed = "0" + trimmed;
        return double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;
    }

    /// <summary>Decodes a string literal token (with its quotes) into the bytes it denotes, appending them.</summary>
    public static void DecodeStringAppend(string token, List<byte> output)
    {
        if (token.Length == 0) return;
        char quote = token[0];
        int end = token.Length;
        if (end >= 2 && token[end - 1] == quote) end--;
        for (int i = 1; i < end; i++)
        {
            char c = token[i];
            if (c == '\\' && i + 1 < end)
            {
                char e = token[++i];
                if (e >= '0' && e <= '7')
                {
                    int code = e - '0';
                    for (int k = 0; k < 2 && i + 1 < end && token[i + 1] >= '0' && token[i + 1] <= '7'; k++) code = code * 8 + (token[++i] - '0');
                    output.Add((byte)code);
                }
                else if (e == 'x' || e == 'X')
                {
                    int code = 0;
                    int digits = 0;
                    while (digits < 2 && i + 1 < end && IsHex(token[i + 1]))
                    {
                        code = code * 16 + DigitValue(token[++i]);
                        digits++;
                    }
                    if (digits == 0) output.Add((byte)e);
                    else output.Add((byte)code);
                }
                else if (e == 'u' || e == 'U')
                {
                    int want = e == 'u' ? 4 : 8;
                    int code = 0;
                    int digits = 0;
                    while (digits < want && i + 1 < end && IsHex(token[i + 1]))
                    {
                        code = code * 16 + DigitValue(token[++i]);
                        digits++;
                    }
                    if (digits == want && code <= 0x10FFFF && !(code >= 0xD800 && code <= 0xDFFF))
                    {
                        AppendUtf8(code, output);
                    }
                    else
                    {
                        output.Add((byte)'\\');
                        output.Add((byte)e);
                    }
                }
                else
                {
                    output.Add(e switch
                    {
                        'a' => 7,
                        'b' => 8,
                        'f' => 12,
                        'n' => 10,
                        'r' => 13,
                        't' => 9,
                        'v' => 11,
                        _ => (byte)(e < 0x80 ? e : '?'),
                    });
                }
            }
            else if (char.IsHighSurrogate(c) && i + 1 < end && char.IsLowSurrogate(token[i + 1]))
            {
                AppendUtf8(char.ConvertToUtf32(c, token[++i]), output);
            }
            else
            {
                AppendUtf8(char.IsSurrogate(c) ? 0xFFFD : c, output);
            }
        }
    }

    private static bool IsHex(char c) => (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');

    private static void AppendUtf8(int code, List<byte> output)
    {
        if (code < 0x80)
        {
            output.Add((byte)code);
        }
        else if (code < 0x800)
        {
            output.Add((byte)(0xC0 | (code >> 6)));
            output.Add((byte)(0x80 | (code & 0x3F)));
        }
        else if (code < 0x10000)
        {
            output.Add((byte)(0xE0 | (code >> 12)));
            output.Add((byte)(0x80 | ((code >> 6) & 0x3F)));
            output.Add((byte)(0x80 | (code & 0x3F)));
        }
        else
        {
            output.Add((byte)(0xF0 | (code >> 18)));
            output.Add((byte)(0x80 | ((code >> 12) & 0x3F)));
            output.Add((byte)(0x80 | ((code >> 6) & 0x3F)));
            output.Add((byte)(0x80 | (code & 0x3F)));
        }
    }

    /// <summary>The text of UTF-8 bytes (invalid sequences become U+FFFD).</summary>
    /// <summary>True when <paramref name="bytes"/> decode as UTF-8 without replacement characters.</summary>
    public static bool IsValidUtf8(IReadOnlyList<byte> bytes)
    {
        try
        {
            StrictUtf8.GetString(bytes as byte[] ?? bytes.ToArray());
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Utf8Text(List<byte> bytes) => Encoding.UTF8.GetString(bytes.ToArray());

    /// <summary>absl::CEscape: the escaped form descriptor.proto uses for bytes default values.</summary>
    public static string CEscape(List<byte> bytes)
    {
        var builder = new StringBuilder(bytes.Count);
        foreach (var b in bytes)
        {
            switch (b)
            {
                case (byte)'\n': builder.Append("\\n"); break;
                case (byte)'\r': builder.Append("\\r"); break;
                case (byte)'\t': builder.Append("\\t"); break;
                case (byte)'"': builder.Append("\\\""); break;
                case (byte)'\'': builder.Append("\\'"); break;
                case (byte)'\\': builder.Append("\\\\"); break;
                default:
                    if (b < 0x20 || b >= 0x7F)
                    {
                        builder.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
                    }
                    else
                    {
                        builder.Append((char)b);
                    }
                    break;
            }
        }
        return builder.ToString();
    }

    /// <summary>protoc's SimpleDtoa: the shortest of %.15g and %.17g that reads back as the same double.</summary>
    public static string FormatDouble(double value) =>
        Shortest(value, 15, 17, text => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) == value);

    /// <summary>protoc's SimpleFtoa, used for float defaults: the shortest of %.6g and %.9g that reads back as the same float.</summary>
    public static string FormatFloat(float value) =>
        Shortest(value, 6, 9, text => float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) == value);

    private static string Shortest(double value, int shortPrecision, int longPrecision, Func<string, bool> readsBack)
    {
        if (double.IsPositiveInfinity(value)) return "inf";
        if (double.IsNegativeInfinity(value)) return "-inf";
        if (double.IsNaN(value)) return "nan";
        var text = FormatG(value, shortPrecision);
        return readsBack(text) ? text : FormatG(value, longPrecision);
    }

    private static string FormatG(double value, int precision)
    {
        // printf's %g: exponent form when exp < -4 or exp >= precision, trailing zeros removed, two-digit exponent minimum.
        if (value == 0) return (1 / value) < 0 ? "-0" : "0";
        var exponential = value.ToString("E" + (precision - 1), CultureInfo.InvariantCulture);
        int ePos = exponential.IndexOf('E');
        int exponent = int.Parse(exponential.Substring(ePos + 1), CultureInfo.InvariantCulture);
        if (exponent < -4 || exponent >= precision)
        {
            var mantissa = exponential.Substring(0, ePos);
            if (mantissa.IndexOf('.') >= 0) mantissa = mantissa.TrimEnd('0').TrimEnd('.');
            var sign = exponent < 0 ? "-" : "+";
            return mantissa + "e" + sign + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        }
        var fixedText = value.ToString("F" + Math.Max(0, precision - 1 - exponent), CultureInfo.InvariantCulture);
        if (fixedText.IndexOf('.') >= 0) fixedText = fixedText.TrimEnd('0').TrimEnd('.');
        return fixedText;
    }
}
