using System.Globalization;
using System.Text;
using ProtoGen.Compiler.Model;
using ProtoGen.Compiler.Syntax;

namespace ProtoGen.Compiler.Descriptors;

/// <summary>An option the descriptor writer cannot encode: its name or value does not fit the schema. The binder
/// reports such options as errors first, so reaching this is a bug (or a model built by hand).</summary>
public sealed class DescriptorWriteException(string message) : Exception(message);

/// <summary>
/// Encodes an element's option statements into its options message, as protoc's OptionInterpreter does: each statement's
/// name path is resolved against descriptor.proto's options message and the extensions in scope, its value converted to
/// the field's type (message literals read as text format), and source-retention fields dropped.
/// </summary>
internal sealed class OptionEncoder
{
    private readonly DescriptorSchema _schema;

    public OptionEncoder(DescriptorSchema schema) => _schema = schema;

    /// <summary>The options message for <paramref name="options"/>, or null when the element sets none.</summary>
    public OptionMessage? Encode(OptionsModel options, string optionsMessage, bool isMapEntry = false)
    {
        if (options.Items.IsEmpty && !isMapEntry) return null;
        var message = new OptionMessage();
        string messageName = "google.protobuf." + optionsMessage;
        if (isMapEntry)
        {
            var mapEntry = _schema.Field(messageName, "map_entry") ?? throw new DescriptorWriteException("descriptor.proto has no map_entry option.");
            message.Set(mapEntry, 1UL);
        }
        foreach (var option in options.Items) Apply(message, messageName, option);
        return message;
    }

    private void Apply(OptionMessage root, string messageName, OptionModel option)
    {
        var parts = SplitName(option.Name);
        var target = root;
        string currentType = messageName;
        for (int i = 0; i < parts.Count; i++)
        {
            var field = Resolve(currentType, parts[i], option.Name);
            // protoc drops a source-retention option together with everything below it.
            if (field.SourceRetention) return;
            if (i == parts.Count - 1)
            {
                target.Set(field, Value(field, option));
                return;
            }
            if (!field.IsMessage || field.IsRepeated || field.TypeFullName is null)
            {
                throw new DescriptorWriteException($"Option \"{option.Name}\": \"{parts[i]}\" is not a singular message.");
            }
            target = target.Child(field);
            currentType = field.TypeFullName;
        }
    }

    private SchemaField Resolve(string messageName, string part, string optionName)
    {
        if (part.StartsWith("(", StringComparison.Ordinal))
        {
            var name = part.Substring(1, part.Length - 2);
            var extension = _schema.Extension(name);
            if (extension is null || extension.Model.Extendee?.TrimStart('.') != messageName)
            {
                throw new DescriptorWriteException($"Option \"{optionName}\": no extension \"{name}\" of \"{messageName}\".");
            }
            return extension;
        }
        return _schema.Field(messageName, part) ?? throw new DescriptorWriteException($"Option \"{optionName}\": \"{messageName}\" has no field \"{part}\".");
    }

    /// <summary>Splits <c>(a.b).c.(d.e)</c> into <c>(a.b)</c>, <c>c</c>, <c>(d.e)</c>.</summary>
    private static List<string> SplitName(string name)
    {
        var parts = new List<string>();
        int start = 0, depth = 0;
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == '.' && depth == 0)
            {
                parts.Add(name.Substring(start, i - start));
                start = i + 1;
            }
        }
        parts.Add(name.Substring(start));
        return parts;
    }

    private object Value(SchemaField field, OptionModel option)
    {
        string text = option.Value;
        switch (field.Type)
        {
            case FieldType.Message:
            case FieldType.Group:
                if (option.Kind != OptionValueKind.Aggregate) throw new DescriptorWriteException($"Option \"{option.Name}\" needs a message literal.");
                return new TextFormatReader(_schema, text).ReadMessage(field.TypeFullName!);
            case FieldType.String:
            case FieldType.Bytes:
                return option.Bytes.IsEmpty ? Encoding.UTF8.GetBytes(text) : option.Bytes.ToArray();
            case FieldType.Bool:
                return text == "true" ? 1UL : 0UL;
            case FieldType.Enum:
                return option.Kind == OptionValueKind.Integer
                    ? (ulong)long.Parse(text, CultureInfo.InvariantCulture)
                    : EnumNumber(field, text);
            case FieldType.Float:
            case FieldType.Double:
                return FloatingBits(field.Type, ParseDouble(text));
            default:
                return IntegerBits(field.Type, text.StartsWith("-", StringComparison.Ordinal),
                    ulong.Parse(text.TrimStart('-'), NumberStyles.None, CultureInfo.InvariantCulture));
        }
    }

    private static double ParseDouble(string text) => text switch
    {
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" or "-nan" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    internal ulong EnumNumber(SchemaField field, string name)
    {
        var enumModel = field.TypeFullName is { } type ? _schema.Enum(type) : null;
        var value = enumModel?.Values.FirstOrDefault(v => v.Name == name)
            ?? throw new DescriptorWriteException($"Enum \"{field.TypeFullName}\" has no value \"{name}\" (option \"{field.FullName}\").");
        return (ulong)(long)value.Number;
    }

    /// <summary>A float or double as its wire bits. NaN is the positive quiet NaN C++'s <c>quiet_NaN()</c> gives, which
    /// is not .NET's <see cref="double.NaN"/> (whose sign bit is set).</summary>
    internal static ulong FloatingBits(FieldType type, double value)
    {
        if (type == FieldType.Float)
        {
            return double.IsNaN(value) ? 0x7FC00000UL : (uint)BitConverter.ToInt32(BitConverter.GetBytes((float)value), 0);
        }
        return double.IsNaN(value) ? 0x7FF8000000000000UL : (ulong)BitConverter.DoubleToInt64Bits(value);
    }

    /// <summary>An integer of magnitude <paramref name="magnitude"/> as the wire value of <paramref name="type"/>
    /// (sign-extended for int32 and enums, zigzag for sint).</summary>
    internal static ulong IntegerBits(FieldType type, bool negative, ulong magnitude)
    {
        long signed = negative ? unchecked(-(long)magnitude) : unchecked((long)magnitude);
        return type switch
        {
            FieldType.SInt32 => (uint)(((int)signed << 1) ^ ((int)signed >> 31)),
            FieldType.SInt64 => (ulong)((signed << 1) ^ (signed >> 63)),
            FieldType.Int32 or FieldType.Enum => (ulong)(long)(int)signed,
            FieldType.SFixed32 or FieldType.Fixed32 or FieldType.UInt32 => (uint)signed,
            FieldType.Bool => magnitude != 0 ? 1UL : 0UL,
            _ => negative ? (ulong)signed : magnitude,
        };
    }
}

/// <summary>
/// Reads a message literal (the text-format body of an aggregate option value) into an <see cref="OptionMessage"/>:
/// fields by name, groups by type name, extensions as <c>[full.name]</c>, <c>Any</c> expansions as
/// <c>[type.googleapis.com/full.Name] { ... }</c>, lists <c>[a, b]</c>, <c>{ }</c> or <c>&lt; &gt;</c>, optional
/// separators.
/// </summary>
internal sealed class TextFormatReader
{
    private readonly DescriptorSchema _schema;
    private readonly EquatableArray<Token> _tokens;
    private int _index;

    public TextFormatReader(DescriptorSchema schema, string text)
    {
        _schema = schema;
        _tokens = Lexer.Lex("<option>", text).Tokens;
    }

    private Token Current => _tokens[_index];

    private bool AtEnd => Current.Kind == TokenKind.EndOfFile;

    private void Next()
    {
        if (_index < _tokens.Count - 1) _index++;
    }

    private bool TryConsume(string text)
    {
        if (!Current.Is(text)) return false;
        Next();
        return true;
    }

    private void Expect(string text)
    {
        if (!TryConsume(text)) throw Error($"expected \"{text}\", found \"{Current.Text}\"");
    }

    private DescriptorWriteException Error(string what) => new($"Message literal: {what}.");

    public OptionMessage ReadMessage(string typeName)
    {
        var message = ReadFields(typeName, end: null);
        if (!AtEnd) throw Error($"unexpected \"{Current.Text}\"");
        return message;
    }

    private OptionMessage ReadFields(string typeName, string? end)
    {
        var message = new OptionMessage();
        while (end is null ? !AtEnd : !Current.Is(end))
        {
            if (AtEnd) throw Error($"expected \"{end}\"");
            ReadField(message, typeName);
            if (!TryConsume(";")) TryConsume(",");
        }
        if (end is not null) Next();
        return message;
    }

    private void ReadField(OptionMessage message, string typeName)
    {
        SchemaField field;
        if (TryConsume("["))
        {
            var name = new StringBuilder();
            while (!AtEnd && !Current.Is("]"))
            {
                name.Append(Current.Text);
                Next();
            }
            Expect("]");
            var text = name.ToString();
            int slash = text.LastIndexOf('/');
            if (slash >= 0)
            {
                ReadAnyExpansion(message, typeName, text, text.Substring(slash + 1));
                return;
            }
            field = _schema.Extension(text) ?? throw Error($"unknown extension \"{text}\"");
        }
        else
        {
            if (Current.Kind != TokenKind.Identifier) throw Error($"expected a field name, found \"{Current.Text}\"");
            var name = Current.Text;
            field = _schema.Field(typeName, name)
                ?? _schema.Fields(typeName).FirstOrDefault(f => f.Type == FieldType.Group && string.Equals(f.Model.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw Error($"\"{typeName}\" has no field named \"{name}\"");
            Next();
        }

        bool colon = TryConsume(":");
        if (colon && field.IsRepeated && TryConsume("["))
        {
            if (TryConsume("]")) return;
            while (true)
            {
                message.Set(field, ReadValue(field));
                if (TryConsume("]")) return;
                Expect(",");
            }
        }
        message.Set(field, ReadValue(field));
    }

    /// <summary><c>[type.googleapis.com/pkg.Msg] { ... }</c> inside an Any: type_url (1) and the packed value (2).</summary>
    private void ReadAnyExpansion(OptionMessage message, string typeName, string url, string packedType)
    {
        var typeUrl = _schema.Field(typeName, "type_url");
        var value = _schema.Field(typeName, "value");
        if (typeName != "google.protobuf.Any" || typeUrl is null || value is null) throw Error($"\"{url}\" outside an Any");
        TryConsume(":");
        string end = TryConsume("{") ? "}" : TryConsume("<") ? ">" : throw Error("expected \"{\"");
        var packed = ReadFields(packedType, end);
        var buffer = new ProtoBuffer();
        packed.WriteTo(buffer);
        message.Set(typeUrl, Encoding.UTF8.GetBytes(url));
        message.Set(value, buffer.ToArray());
    }

    private object ReadValue(SchemaField field)
    {
        switch (field.Type)
        {
            case FieldType.Message:
            case FieldType.Group:
            {
                string end = TryConsume("{") ? "}" : TryConsume("<") ? ">" : throw Error($"expected \"{{\", found \"{Current.Text}\"");
                return ReadFields(field.TypeFullName!, end);
            }
            case FieldType.String:
            case FieldType.Bytes:
            {
                if (Current.Kind != TokenKind.String) throw Error($"expected a string, found \"{Current.Text}\"");
                var bytes = new List<byte>();
                while (Current.Kind == TokenKind.String)
                {
                    Literals.DecodeStringAppend(Current.Text, bytes);
                    Next();
                }
                return bytes.ToArray();
            }
            case FieldType.Bool:
            {
                var text = Current.Text;
                Next();
                return text switch
                {
                    "true" or "True" or "t" or "1" => 1UL,
                    "false" or "False" or "f" or "0" => 0UL,
                    _ => throw Error($"invalid boolean \"{text}\""),
                };
            }
            case FieldType.Enum:
            {
                bool negative = TryConsume("-");
                var token = Current;
                Next();
                if (token.Kind == TokenKind.Identifier && !negative) return new OptionEncoder(_schema).EnumNumber(field, token.Text);
                return OptionEncoder.IntegerBits(FieldType.Enum, negative, Integer(token, negative ? 2147483648UL : int.MaxValue));
            }
            case FieldType.Float:
            case FieldType.Double:
            {
                bool negative = TryConsume("-");
                var token = Current;
                Next();
                double value = token.Kind switch
                {
                    TokenKind.Integer => Integer(token, ulong.MaxValue),
                    TokenKind.Float => Literals.ParseFloat(token.Text),
                    TokenKind.Identifier when token.Text.ToLowerInvariant() is "inf" or "infinity" => double.PositiveInfinity,
                    TokenKind.Identifier when token.Text.ToLowerInvariant() == "nan" => double.NaN,
                    _ => throw Error($"expected a number, found \"{token.Text}\""),
                };
                return OptionEncoder.FloatingBits(field.Type, negative ? -value : value);
            }
            default:
            {
                bool negative = TryConsume("-");
                var token = Current;
                Next();
                return OptionEncoder.IntegerBits(field.Type, negative, Integer(token, ulong.MaxValue));
            }
        }
    }

    private ulong Integer(Token token, ulong max)
    {
        if (token.Kind != TokenKind.Integer || !Literals.TryParseInteger(token.Text, max, out var value))
        {
            throw Error($"expected an integer, found \"{token.Text}\"");
        }
        return value;
    }
}
