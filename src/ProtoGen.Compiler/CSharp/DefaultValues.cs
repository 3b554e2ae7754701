using System.Globalization;
using System.Text;
using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.CSharp;

/// <summary>Default values declared with <c>[default = ...]</c> (proto2, editions) as C# expressions. Without a
/// declared default, the type's: zero, empty, or an enum's first value.</summary>
internal static class DefaultValues
{
    /// <summary>True when reading the default needs a static field (non-empty bytes: one shared instance).</summary>
    public static bool NeedsStaticField(FieldModel field, ValueKind kind) =>
        kind.IsBytes && !string.IsNullOrEmpty(field.DefaultValue);

    public static string StaticFieldName(string propertyName) => "_" + propertyName + "DefaultValue";

    /// <summary>The C# expression of the field's default value (singular scalars, strings, bytes, enums).</summary>
    public static string Expression(FieldModel field, ValueKind kind, string propertyName)
    {
        string? text = field.DefaultValue;
        if (text is null || kind.IsMessage || kind.IsWrapper) return kind.DefaultValue;
        var invariant = CultureInfo.InvariantCulture;
        switch (field.Type)
        {
            case FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32:
                return long.Parse(text, invariant).ToString(invariant);
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64:
                return long.Parse(text, invariant).ToString(invariant) + "L";
            case FieldType.UInt32 or FieldType.Fixed32:
                return ulong.Parse(text, invariant).ToString(invariant) + "U";
            case FieldType.UInt64 or FieldType.Fixed64:
                return ulong.Parse(text, invariant).ToString(invariant) + "UL";
            case FieldType.Double:
                return FloatingPoint(text, "double", "D");
            case FieldType.Float:
                return FloatingPoint(text, "float", "F");
            case FieldType.Bool:
                return text == "true" ? "true" : "false";
            case FieldType.String:
                return CSharpNames.StringLiteral(text);
            case FieldType.Bytes:
                return text.Length == 0 ? kind.DefaultValue : StaticFieldName(propertyName);
            case FieldType.Enum:
                return kind.Enum.MemberOf(text) is { } member ? kind.Enum.CSharpName + "." + member : kind.DefaultValue;
            default:
                return kind.DefaultValue;
        }
    }

    /// <summary>Declares the static field holding a bytes default.</summary>
    public static void WriteStaticField(CodeWriter w, FieldModel field, string propertyName)
    {
        var bytes = Unescape(field.DefaultValue!);
        w.Line($"private static readonly pg::ByteString {StaticFieldName(propertyName)} = " +
            $"pg::ByteString.CopyFrom(new byte[] {{ {string.Join(", ", bytes.Select(b => b.ToString(CultureInfo.InvariantCulture)))} }});");
    }

    private static string FloatingPoint(string text, string type, string suffix)
    {
        switch (text)
        {
            case "inf": return type + ".PositiveInfinity";
            case "-inf": return type + ".NegativeInfinity";
            case "nan": return type + ".NaN";
        }
        double value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        string literal = suffix == "F"
            ? ((float)value).ToString("R", CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);
        return literal + suffix;
    }

    /// <summary>Decodes the C escapes descriptor.proto uses for bytes defaults (\n, \\, \", \ooo, \xHH...).</summary>
    internal static byte[] Unescape(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c != '\\' || i + 1 == text.Length)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                continue;
            }
            char e = text[++i];
            switch (e)
            {
                case 'n': bytes.Add((byte)'\n'); break;
                case 'r': bytes.Add((byte)'\r'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case 'a': bytes.Add(7); break;
                case 'b': bytes.Add(8); break;
                case 'f': bytes.Add(12); break;
                case 'v': bytes.Add(11); break;
                case 'x':
                {
                    int value = 0, digits = 0;
                    while (digits < 2 && i + 1 < text.Length && Uri.IsHexDigit(text[i + 1]))
                    {
                        value = value * 16 + Convert.ToInt32(text[++i].ToString(), 16);
                        digits++;
                    }
                    bytes.Add((byte)value);
                    break;
                }
                case >= '0' and <= '7':
                {
                    int value = e - '0', digits = 1;
                    while (digits < 3 && i + 1 < text.Length && text[i + 1] >= '0' && text[i + 1] <= '7')
                    {
                        value = value * 8 + (text[++i] - '0');
                        digits++;
                    }
                    bytes.Add((byte)value);
                    break;
                }
                default: bytes.Add((byte)e); break;
            }
        }
        return bytes.ToArray();
    }
}
