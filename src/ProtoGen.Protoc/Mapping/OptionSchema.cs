using System.Globalization;
using System.Text;
using ProtoGen.Compiler;
using ProtoGen.Compiler.Binding;
using ProtoGen.Compiler.Model;
using ProtoGen.Compiler.Syntax;

namespace ProtoGen.Protoc.Mapping;

/// <summary>
/// Decodes options' bytes into the model's <see cref="OptionModel"/>s: field numbers become names through
/// descriptor.proto (built-in options) and the extensions of the mapped files (custom options, named
/// <c>(full.name)</c>), values become text as the parser keeps them.
/// </summary>
/// <remarks>What bytes cannot tell is chosen canonically: a number set on a float or double option is a
/// <see cref="OptionValueKind.Float"/> unless it is integral (then <see cref="OptionValueKind.Integer"/>); a message
/// literal is written back as <c>name: value</c> tokens in field-number order, joined by single spaces, with strings
/// double-quoted and C-escaped.</remarks>
internal sealed class OptionSchema
{
    private static readonly Lazy<FileModel?> Descriptor = new(() =>
        ProtoCompiler.Bind("google/protobuf/descriptor.proto", new Dictionary<string, ParsedFile>()).File);

    private readonly Dictionary<string, MessageModel> _messages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EnumModel> _enums = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Extendee, int Number), (FieldModel Field, string FullName)> _extensions = new();

    public OptionSchema(IEnumerable<FileModel> files)
    {
        foreach (var file in files) Add(file);
        // Built-in options need descriptor.proto even when no file imports it.
        if (Descriptor.Value is { } descriptor && !_messages.ContainsKey("google.protobuf.FileOptions")) Add(descriptor);
    }

    /// <summary>The name of a value of an enum declared in descriptor.proto.</summary>
    public static string? DescriptorEnumValueName(string enumFullName, int number) =>
        Descriptor.Value is { } file ? FindEnum(file.EnumTypes, file.MessageTypes, enumFullName)?.Values.FirstOrDefault(v => v.Number == number)?.Name : null;

    private static EnumModel? FindEnum(IEnumerable<EnumModel> enums, IEnumerable<MessageModel> messages, string fullName) =>
        enums.FirstOrDefault(e => e.FullName == fullName)
        ?? messages.Select(m => FindEnum(m.EnumTypes, m.NestedTypes, fullName)).FirstOrDefault(e => e is not null);

    private void Add(FileModel file)
    {
        foreach (var enumModel in file.EnumTypes) _enums.TryAdd(enumModel.FullName, enumModel);
        foreach (var extension in file.Extensions) AddExtension(extension, file.Package);
        foreach (var message in file.MessageTypes) Add(message);
    }

    private void Add(MessageModel message)
    {
        _messages.TryAdd(message.FullName, message);
        foreach (var enumModel in message.EnumTypes) _enums.TryAdd(enumModel.FullName, enumModel);
        foreach (var extension in message.Extensions) AddExtension(extension, message.FullName);
        foreach (var nested in message.NestedTypes) Add(nested);
    }

    private void AddExtension(FieldModel extension, string scope)
    {
        if (extension.Extendee is { } extendee)
        {
            _extensions.TryAdd((extendee.TrimStart('.'), extension.Number), (extension, NameRules.Qualify(scope, extension.Name)));
        }
    }

    /// <summary>A field of a message, or an extension of it, with the name an option statement gives it.</summary>
    private (FieldModel Field, string Name, string Display)? Lookup(string messageFullName, int number)
    {
        if (_messages.TryGetValue(messageFullName, out var message) && message.Fields.FirstOrDefault(f => f.Number == number) is { } field)
        {
            return (field, field.Name, field.Name);
        }
        if (_extensions.TryGetValue((messageFullName, number), out var extension))
        {
            return (extension.Field, extension.FullName, "(" + extension.FullName + ")");
        }
        return null;
    }

    /// <summary>The option one statement set: <paramref name="path"/> is the statement's SourceCodeInfo path below the
    /// options message (field numbers, each repeated field followed by the element's index). Null when the bytes do not
    /// hold it (protoc strips source-retention options from plugin requests).</summary>
    public OptionModel? OptionAt(string optionsMessage, List<WireField> fields, int[] path)
    {
        var names = new List<string>();
        string messageName = optionsMessage;
        int i = 0;
        while (true)
        {
            int number = path[i++];
            if (Lookup(messageName, number) is not { } found) return null;
            names.Add(found.Display);
            var values = Values(fields, number, found.Field);
            if (values.Count == 0) return null;
            WireField selected;
            if (found.Field.Label == FieldLabel.Repeated && i < path.Length)
            {
                int index = path[i++];
                if (index < 0 || index >= values.Count) return null;
                selected = values[index];
            }
            else
            {
                selected = values[^1];
            }
            if (i >= path.Length) return Render(string.Join(".", names), found.Field, selected);
            if (found.Field.Type is not (FieldType.Message or FieldType.Group) || found.Field.TypeName is null) return null;
            fields = WireFields.Read(selected.Bytes);
            messageName = found.Field.TypeName.TrimStart('.');
        }
    }

    /// <summary>Every option set, one per field (one per element of a repeated field), in field-number order; for files
    /// without SourceCodeInfo. <c>map_entry</c> is left out: the model says it with <see cref="MessageModel.IsMapEntry"/>.</summary>
    public IEnumerable<OptionModel> AllOptions(string optionsMessage, List<WireField> fields)
    {
        foreach (int number in fields.Select(f => f.Number).Distinct().OrderBy(n => n))
        {
            if (optionsMessage == "google.protobuf.MessageOptions" && number == 7) continue;
            if (Lookup(optionsMessage, number) is not { } found) continue;
            var values = Values(fields, number, found.Field);
            if (found.Field.Label == FieldLabel.Repeated)
            {
                foreach (var value in values) yield return Render(found.Display, found.Field, value);
            }
            else if (values.Count > 0)
            {
                yield return Render(found.Display, found.Field, values[^1]);
            }
        }
    }

    /// <summary>The values of one field: packed scalars unpacked, a singular message's records merged (concatenated).</summary>
    private static List<WireField> Values(List<WireField> fields, int number, FieldModel field)
    {
        var records = fields.Where(f => f.Number == number).ToList();
        bool isMessage = field.Type is FieldType.Message or FieldType.Group;
        if (isMessage)
        {
            if (field.Label == FieldLabel.Repeated || records.Count <= 1) return records;
            return [new WireField(number, records[0].WireType, 0, records.SelectMany(r => r.Bytes ?? []).ToArray())];
        }
        if (field.Type is FieldType.String or FieldType.Bytes) return records;
        var values = new List<WireField>();
        int elementWireType = ScalarWireType(field.Type);
        foreach (var record in records)
        {
            if (record.WireType == 2 && record.Bytes is not null)
            {
                values.AddRange(WireFields.ReadPacked(record.Bytes, elementWireType).Select(v => new WireField(number, elementWireType, v, null)));
            }
            else
            {
                values.Add(record);
            }
        }
        return values;
    }

    private static int ScalarWireType(FieldType type) => type switch
    {
        FieldType.Double or FieldType.Fixed64 or FieldType.SFixed64 => 1,
        FieldType.Float or FieldType.Fixed32 or FieldType.SFixed32 => 5,
        _ => 0,
    };

    private OptionModel Render(string name, FieldModel field, WireField value)
    {
        var (kind, text) = Value(field, value);
        var bytes = kind == OptionValueKind.String && value.Bytes is { } raw && !Literals.IsValidUtf8(raw) ? raw.ToEquatableArray() : default;
        return new OptionModel(name, kind, text, bytes);
    }

    private (OptionValueKind Kind, string Text) Value(FieldModel field, WireField value)
    {
        ulong raw = value.Scalar;
        string Integer(object number) => Convert.ToString(number, CultureInfo.InvariantCulture)!;
        switch (field.Type)
        {
            case FieldType.Bool: return (OptionValueKind.Identifier, raw != 0 ? "true" : "false");
            case FieldType.Enum:
                int enumNumber = (int)raw;
                if (field.TypeName is { } enumName && _enums.TryGetValue(enumName.TrimStart('.'), out var enumModel)
                    && enumModel.Values.FirstOrDefault(v => v.Number == enumNumber) is { } enumValue)
                {
                    return (OptionValueKind.Identifier, enumValue.Name);
                }
                return (OptionValueKind.Integer, Integer(enumNumber));
            case FieldType.Int32 or FieldType.SFixed32: return (OptionValueKind.Integer, Integer((int)raw));
            case FieldType.Int64 or FieldType.SFixed64: return (OptionValueKind.Integer, Integer((long)raw));
            case FieldType.UInt32 or FieldType.Fixed32: return (OptionValueKind.Integer, Integer((uint)raw));
            case FieldType.UInt64 or FieldType.Fixed64: return (OptionValueKind.Integer, Integer(raw));
            case FieldType.SInt32: return (OptionValueKind.Integer, Integer((int)((uint)raw >> 1) ^ -(int)(raw & 1)));
            case FieldType.SInt64: return (OptionValueKind.Integer, Integer((long)(raw >> 1) ^ -(long)(raw & 1)));
            case FieldType.Double: return Number(BitConverter.UInt64BitsToDouble(raw), Literals.FormatDouble);
            case FieldType.Float: return Number(BitConverter.UInt32BitsToSingle((uint)raw), v => Literals.FormatFloat((float)v));
            case FieldType.String or FieldType.Bytes: return (OptionValueKind.String, Encoding.UTF8.GetString(value.Bytes ?? []));
            default:
                var text = new StringBuilder();
                WriteText(text, field.TypeName?.TrimStart('.') ?? "", WireFields.Read(value.Bytes));
                return (OptionValueKind.Aggregate, text.ToString());
        }
    }

    private static (OptionValueKind, string) Number(double value, Func<double, string> format)
    {
        if (double.IsPositiveInfinity(value)) return (OptionValueKind.Identifier, "inf");
        if (double.IsNegativeInfinity(value)) return (OptionValueKind.Float, "-inf");
        if (double.IsNaN(value)) return (OptionValueKind.Identifier, "nan");
        if (Math.Floor(value) == value && Math.Abs(value) < 1e15 && !(value == 0 && double.IsNegative(value)))
        {
            return (OptionValueKind.Integer, ((long)value).ToString(CultureInfo.InvariantCulture));
        }
        return (OptionValueKind.Float, format(value));
    }

    /// <summary>A message value as text-format tokens: <c>name: value</c>, <c>name { ... }</c>, extensions as <c>[full.name]</c>.</summary>
    private void WriteText(StringBuilder text, string messageName, List<WireField> fields)
    {
        void Token(string token)
        {
            if (text.Length > 0) text.Append(' ');
            text.Append(token);
        }
        foreach (int number in fields.Select(f => f.Number).Distinct())
        {
            if (Lookup(messageName, number) is not { } found)
            {
                continue;
            }
            string display = found.Name == found.Field.Name ? found.Name : "[" + found.Name + "]";
            foreach (var value in Values(fields, number, found.Field))
            {
                Token(display);
                if (found.Field.Type is FieldType.Message or FieldType.Group)
                {
                    Token("{");
                    WriteText(text, found.Field.TypeName!.TrimStart('.'), WireFields.Read(value.Bytes));
                    Token("}");
                    continue;
                }
                Token(":");
                var (kind, valueText) = Value(found.Field, value);
                Token(kind == OptionValueKind.String ? "\"" + Literals.CEscape(value.Bytes?.ToList() ?? []) + "\"" : valueText);
            }
        }
    }
}
