using ProtoGen.Compiler.Binding;
using ProtoGen.Compiler.Diagnostics;
using ProtoGen.Compiler.Syntax;

namespace ProtoGen.Compiler.Breaking;

/// <summary>
/// Where each element of the current file is written, by full name, so a breaking change is reported at the field,
/// enum value or rpc that introduces it. The descriptor model holds no positions (whitespace edits must leave it equal),
/// so the spans come from the syntax tree. Map entry messages, which protoc synthesizes, are located at their map field.
/// </summary>
internal sealed class SourceLocator
{
    private readonly Dictionary<string, SourceSpan> _messages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MessageNode> _messageNodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FieldNode> _fields = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (SourceSpan Key, SourceSpan Value, SourceSpan Field)> _mapEntries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EnumNode> _enums = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EnumValueNode> _enumValues = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServiceNode> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MethodNode> _methods = new(StringComparer.Ordinal);

    public SourceLocator(FileNode root)
    {
        var package = root.Members.OfType<PackageNode>().FirstOrDefault();
        Package = package?.Span ?? FileStart;
        AddMembers(root.Members, package?.Name.Text ?? "");
    }

    /// <summary>The package statement (the file's start when there is none).</summary>
    public SourceSpan Package { get; }

    /// <summary>The start of the file: where changes to the file as a whole are reported (deleted top-level messages,
    /// enums and services), as buf reports them.</summary>
    public static SourceSpan FileStart { get; } = new(0, 0, new TextPosition(0, 0), new TextPosition(0, 0));

    public SourceSpan Message(string fullName) =>
        _messages.TryGetValue(fullName, out var span) ? span
        : _mapEntries.TryGetValue(fullName, out var entry) ? entry.Field
        : FileStart;

    public FieldNode? Field(string messageFullName, string fieldName) =>
        _fields.TryGetValue(messageFullName + "." + fieldName, out var node) ? node : null;

    /// <summary>A field's name, or for map entries' key and value, the map field's key or value type.</summary>
    public SourceSpan FieldName(string messageFullName, string fieldName) =>
        Field(messageFullName, fieldName)?.Name.Span ?? MapEntryPart(messageFullName, fieldName);

    /// <summary>A field's type as written (for map fields' entries, the key or value type).</summary>
    public SourceSpan FieldType(string messageFullName, string fieldName)
    {
        var node = Field(messageFullName, fieldName);
        if (node is null) return MapEntryPart(messageFullName, fieldName);
        return node.Type?.Span ?? node.MapValue?.Span ?? node.Name.Span;
    }

    /// <summary>A field's label when written, else its type: what a cardinality change edits.</summary>
    public SourceSpan FieldLabel(string messageFullName, string fieldName)
    {
        var node = Field(messageFullName, fieldName);
        if (node is null) return MapEntryPart(messageFullName, fieldName);
        if (node.Label is not null) return node.LabelSpan;
        return node.IsMap ? node.Span : node.Type?.Span ?? node.Name.Span;
    }

    public SourceSpan FieldJsonName(string messageFullName, string fieldName) =>
        Field(messageFullName, fieldName) is { } node ? node.JsonName?.Span ?? node.Name.Span : MapEntryPart(messageFullName, fieldName);

    public SourceSpan FieldDefault(string messageFullName, string fieldName) =>
        Field(messageFullName, fieldName) is { } node ? node.DefaultValue?.Span ?? node.Name.Span : MapEntryPart(messageFullName, fieldName);

    public SourceSpan FieldWhole(string messageFullName, string fieldName) =>
        Field(messageFullName, fieldName)?.Span ?? MapEntryPart(messageFullName, fieldName);

    public SourceSpan Enum(string fullName) => _enums.TryGetValue(fullName, out var node) ? node.Name.Span : FileStart;

    /// <summary>An enum's option (a feature such as <c>features.enum_type</c>) when written, else its name.</summary>
    public SourceSpan EnumOption(string fullName, string optionName) =>
        _enums.TryGetValue(fullName, out var node)
            ? node.Members.OfType<OptionNode>().LastOrDefault(o => o.NameText == optionName)?.Span ?? node.Name.Span
            : FileStart;

    /// <summary>A message's option when written, else its name.</summary>
    public SourceSpan MessageOption(string fullName, string optionName) =>
        _messageNodes.TryGetValue(fullName, out var node)
            ? node.Members.OfType<OptionNode>().LastOrDefault(o => o.NameText == optionName)?.Span ?? node.Name.Span
            : Message(fullName);

    public SourceSpan EnumValue(string enumFullName, string valueName) =>
        _enumValues.TryGetValue(enumFullName + "." + valueName, out var node) ? node.Name.Span : Enum(enumFullName);

    public SourceSpan Service(string fullName) => _services.TryGetValue(fullName, out var node) ? node.Name.Span : FileStart;

    public MethodNode? Method(string serviceFullName, string name) =>
        _methods.TryGetValue(serviceFullName + "." + name, out var node) ? node : null;

    private SourceSpan MapEntryPart(string entryFullName, string fieldName) =>
        _mapEntries.TryGetValue(entryFullName, out var entry)
            ? fieldName == "key" ? entry.Key : fieldName == "value" ? entry.Value : entry.Field
            : Message(entryFullName);

    private void AddMembers(IEnumerable<SyntaxNode> members, string scope)
    {
        foreach (var member in members)
        {
            switch (member)
            {
                case MessageNode message: AddMessage(message, NameRules.Qualify(scope, message.Name.Text)); break;
                case EnumNode enumNode: AddEnum(enumNode, NameRules.Qualify(scope, enumNode.Name.Text)); break;
                case ServiceNode service:
                    var serviceName = NameRules.Qualify(scope, service.Name.Text);
                    _services[serviceName] = service;
                    foreach (var method in service.Members.OfType<MethodNode>()) _methods[serviceName + "." + method.Name.Text] = method;
                    break;
            }
        }
    }

    private void AddMessage(MessageNode message, string fullName)
    {
        _messages[fullName] = message.Name.Span;
        _messageNodes[fullName] = message;
        foreach (var member in message.Members)
        {
            switch (member)
            {
                case FieldNode field: AddField(field, fullName); break;
                case OneofNode oneof:
                    foreach (var field in oneof.Members.OfType<FieldNode>()) AddField(field, fullName);
                    break;
            }
        }
        AddMembers(message.Members, fullName);
    }

    private void AddField(FieldNode field, string messageFullName)
    {
        _fields[messageFullName + "." + field.Name.Text] = field;
        if (field.IsMap)
        {
            _mapEntries[messageFullName + "." + NameRules.MapEntryName(field.Name.Text)] = (field.MapKey!.Span, field.MapValue!.Span, field.Name.Span);
        }
        if (field.GroupBody is { } body)
        {
            // A group's field is named after the group in lower case; its message keeps the group's name.
            _fields[messageFullName + "." + field.Name.Text.ToLowerInvariant()] = field;
            AddMessage(body, messageFullName + "." + body.Name.Text);
        }
    }

    private void AddEnum(EnumNode enumNode, string fullName)
    {
        _enums[fullName] = enumNode;
        foreach (var value in enumNode.Members.OfType<EnumValueNode>()) _enumValues[fullName + "." + value.Name.Text] = value;
    }
}
