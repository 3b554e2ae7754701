using System.Globalization;
using ProtoGen.Compiler.Diagnostics;
using ProtoGen.Compiler.Model;
using ProtoGen.Compiler.Syntax;
using ProtoGen.Compiler.WellKnownTypes;

namespace ProtoGen.Compiler.Binding;

internal sealed partial class FileBinder
{
    /// <summary>What an option name leads to: a field of an options message (built in, from descriptor.proto) or an
    /// extension, with what is known of its type. <see cref="Type"/> is null when the type is not known yet.</summary>
    private sealed class OptionField
    {
        public OptionField(string fullName, string shortName) => (FullName, ShortName) = (fullName, shortName);

        public string FullName { get; }
        public string ShortName { get; }
        public FieldType? Type { get; set; }
        public bool IsRepeated { get; set; }
        public string? EnumFullName { get; set; }
        public IReadOnlyCollection<string>? EnumValues { get; set; }
        /// <summary>For message types: finds a field of the message by name.</summary>
        public Func<string, OptionField?>? FindField { get; set; }
        /// <summary>For message types: the message's full name.</summary>
        public string? MessageFullName { get; set; }
    }

    private static readonly Lazy<FileNode?> DescriptorProto = new(() => WellKnownTypeSources.GetParsed("google/protobuf/descriptor.proto")?.Root);

    /// <summary>A field of a message declared in descriptor.proto (the options messages and what they use).</summary>
    private static OptionField? DescriptorField(MessageNode owner, string ownerFullName, string name)
    {
        var field = owner.Members.OfType<FieldNode>()
            .Concat(owner.Members.OfType<OneofNode>().SelectMany(o => o.Members.OfType<FieldNode>()))
            .FirstOrDefault(f => f.Name.Text == name);
        if (field?.Type is null) return null;
        var result = new OptionField(ownerFullName + "." + name, name) { IsRepeated = field.Label == FieldLabel.Repeated };
        var scalar = Parser.ScalarType(field.Type.Text);
        if (scalar is not null)
        {
            result.Type = scalar;
            return result;
        }

        // Type names in descriptor.proto are nested in the owner or declared at the top level.
        var root = DescriptorProto.Value;
        var scopes = new List<(IEnumerable<SyntaxNode> Members, string Prefix)> { (owner.Members, ownerFullName) };
        if (root is not null) scopes.Add((root.Members, "google.protobuf"));
        foreach (var (members, prefix) in scopes)
        {
            if (members.OfType<EnumNode>().FirstOrDefault(e => e.Name.Text == field.Type.Text) is { } enumNode)
            {
                result.Type = FieldType.Enum;
                result.EnumFullName = prefix + "." + enumNode.Name.Text;
                result.EnumValues = enumNode.Members.OfType<EnumValueNode>().Select(v => v.Name.Text).ToList();
                return result;
            }
            if (members.OfType<MessageNode>().FirstOrDefault(m => m.Name.Text == field.Type.Text) is { } messageNode)
            {
                result.Type = FieldType.Message;
                var full = prefix + "." + messageNode.Name.Text;
                result.FindField = sub => DescriptorField(messageNode, full, sub);
                result.MessageFullName = full;
                return result;
            }
        }
        return result;
    }

    /// <summary>A field or extension symbol as an option target.</summary>
    private OptionField FromSymbol(Symbol symbol)
    {
        var shortName = symbol.FullName.Substring(symbol.FullName.LastIndexOf('.') + 1);
        var result = new OptionField(symbol.FullName, shortName) { Type = symbol.FieldType, IsRepeated = symbol.IsRepeated };
        if (symbol.TypeSymbol is { } type)
        {
            if (symbol.FieldType == FieldType.Enum)
            {
                result.EnumFullName = type.FullName;
                result.EnumValues = type.EnumValueNames;
            }
            else
            {
                result.FindField = sub => Table.Find(type.FullName + "." + sub) is { Kind: SymbolKind.Field } field ? FromSymbol(field) : null;
                result.MessageFullName = type.FullName;
            }
        }
        else if (symbol.FieldType is FieldType.Message or FieldType.Group or FieldType.Enum)
        {
            result.Type = null;
        }
        return result;
    }

    /// <summary>Options in source order with their names resolved: built-in ones checked against descriptor.proto,
    /// custom ones (<c>(name)</c>) looked up from <paramref name="scope"/> as protoc's OptionInterpreter does; values
    /// checked against the option's type when it is known.</summary>
    private OptionsModel BuildOptions(IEnumerable<OptionNode> options, string optionsMessage, string scope)
    {
        List<OptionModel>? items = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var option in options)
        {
            if (!IsEditions && option.Name[0] is { IsExtension: false, Name: "features" })
            {
                Report(DiagnosticCatalog.FeaturesOutsideEditions, option.Name[0].Span);
                continue;
            }
            var name = ResolveOption(option, optionsMessage, scope, out var target);
            if (name is null) continue;
            if (target is { IsRepeated: false } && !seen.Add(name))
            {
                Report(DiagnosticCatalog.OptionAlreadySet, option.Name[0].Span, option.NameText);
                continue;
            }
            (items ??= new List<OptionModel>()).Add(new OptionModel(name, option.Value.Kind, option.Value.Text, option.Value.Bytes));
        }
        return items is null ? OptionsModel.None : new OptionsModel(items.ToEquatableArray());
    }

    private string? ResolveOption(OptionNode option, string optionsMessage, string scope, out OptionField? target)
    {
        target = null;
        var optionsNode = DescriptorProto.Value?.Members.OfType<MessageNode>().FirstOrDefault(m => m.Name.Text == optionsMessage);
        var parts = new List<string>();
        OptionField? current = null;
        bool tracking = optionsNode is not null;
        for (int i = 0; i < option.Name.Count; i++)
        {
            var part = option.Name[i];
            var shownSoFar = string.Join(".", option.Name.Take(i + 1).Select(p => p.IsExtension ? "(" + p.Name + ")" : p.Name));

            if (i > 0 && tracking && current is not null && current.Type is not null && current.Type is not (FieldType.Message or FieldType.Group))
            {
                Report(DiagnosticCatalog.InvalidOptionValueType, part.Span, $"Option \"{string.Join(".", option.Name.Take(i).Select(p => p.IsExtension ? "(" + p.Name + ")" : p.Name))}\" is an atomic type, not a message.");
                return null;
            }

            if (!part.IsExtension)
            {
                parts.Add(part.Name);
                if (!tracking) continue;
                var next = i == 0 ? DescriptorField(optionsNode!, "google.protobuf." + optionsMessage, part.Name) : current?.FindField?.Invoke(part.Name);
                if (next is null && (i == 0 || current?.FindField is not null))
                {
                    Report(DiagnosticCatalog.UnknownOption, part.Span, shownSoFar);
                    return null;
                }
                current = next;
                tracking = current is not null;
                continue;
            }

            _resolvingOptionName = true;
            var symbol = LookupSymbol(part.Name, scope, typesOnly: false);
            _resolvingOptionName = false;
            if (symbol is null || symbol.Kind != SymbolKind.Extension)
            {
                Report(DiagnosticCatalog.UnknownOption, part.Span, shownSoFar);
                return null;
            }
            if (i == 0 && symbol.Extendee is { } extendee && extendee != "google.protobuf." + optionsMessage)
            {
                Report(DiagnosticCatalog.OptionExtendsOtherMessage, part.Span, shownSoFar, optionsMessage);
                return null;
            }
            parts.Add("(" + symbol.FullName + ")");
            current = FromSymbol(symbol);
            tracking = true;
        }

        if (tracking && current?.Type is not null) CheckOptionValue(option.Value, current);
        if (tracking) target = current;
        return string.Join(".", parts);
    }

    /// <summary>protoc's OptionInterpreter::SetOptionValue checks, with its wording.</summary>
    private void CheckOptionValue(OptionValueNode value, OptionField field)
    {
        string? error = null;
        var full = field.FullName;
        switch (field.Type)
        {
            case FieldType.Message:
            case FieldType.Group:
                if (value.Kind != OptionValueKind.Aggregate)
                {
                    error = $"Option \"{full}\" is a message. To set the entire message, use syntax like \"{field.ShortName} = {{ <proto text format> }}\". To set fields within it, use syntax like \"{field.ShortName}.foo = value\".";
                }
                else
                {
                    CheckAggregate(value, field);
                }
                break;
            case FieldType.Enum:
                if (value.Kind != OptionValueKind.Identifier) error = $"Value must be identifier for enum-valued option \"{full}\".";
                else if (field.EnumValues is { } values && !values.Contains(value.Text))
                {
                    error = $"Enum type \"{field.EnumFullName}\" has no value named \"{value.Text}\" for option \"{full}\".";
                }
                break;
            case FieldType.Bool:
                if (value.Kind != OptionValueKind.Identifier) error = $"Value must be identifier for boolean option \"{full}\".";
                else if (value.Text is not ("true" or "false")) error = $"Value must be \"true\" or \"false\" for boolean option \"{full}\".";
                break;
            case FieldType.String:
            case FieldType.Bytes:
                if (value.Kind != OptionValueKind.String) error = $"Value must be quoted string for string option \"{full}\".";
                break;
            case FieldType.Float:
            case FieldType.Double:
                bool isNumber = value.Kind is OptionValueKind.Integer or OptionValueKind.Float ||
                    (value.Kind == OptionValueKind.Identifier && value.Text is "inf" or "nan");
                if (!isNumber) error = $"Value must be number for {(field.Type == FieldType.Float ? "float" : "double")} option \"{full}\".";
                break;
            default:
                error = CheckIntegerOption(value, field.Type!.Value, full);
                break;
        }
        if (error is not null) Report(DiagnosticCatalog.InvalidOptionValueType, value.Span, error);
    }

    private static string? CheckIntegerOption(OptionValueNode value, FieldType type, string full)
    {
        var (name, min, max) = type switch
        {
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => ("int32", (decimal)int.MinValue, (decimal)int.MaxValue),
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => ("int64", long.MinValue, long.MaxValue),
            FieldType.UInt32 or FieldType.Fixed32 => ("uint32", 0m, uint.MaxValue),
            _ => ("uint64", 0m, (decimal)ulong.MaxValue),
        };
        var range = $"{min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}";
        bool negative = value.Text.StartsWith("-", StringComparison.Ordinal);
        if (value.Kind != OptionValueKind.Integer || (min == 0 && negative))
        {
            return $"Value must be integer, from {range}, for {name} option \"{full}\".";
        }
        var number = decimal.Parse(value.Text, CultureInfo.InvariantCulture);
        return number < min || number > max ? $"Value out of range, {range}, for {name} option \"{full}\"." : null;
    }
}
