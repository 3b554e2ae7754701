using ProtoGen.Compiler.Model;

namespace ProtoGen.Tests.Emit;

/// <summary>Builds descriptor models by hand, shaped as protoc shapes them: full names, json names, map entries as
/// nested <c>XxxEntry</c> messages, synthetic oneofs of proto3 <c>optional</c> after the real ones.</summary>
internal sealed class FileBuilder
{
    private readonly string _name;
    private readonly string _package;
    private readonly string _syntax;
    private readonly List<MessageBuilder> _messages = new();
    private readonly List<EnumBuilder> _enums = new();
    private readonly List<OptionModel> _options = new();
    private readonly List<string> _dependencies = new();
    private readonly List<ServiceModel> _services = new();

    public FileBuilder(string name, string package, string syntax = "proto3")
    {
        _name = name;
        _package = package;
        _syntax = syntax;
    }

    private string Prefix => _package.Length == 0 ? "" : _package + ".";

    public FileBuilder Option(string name, string value, OptionValueKind kind = OptionValueKind.String)
    {
        _options.Add(new OptionModel(name, kind, value));
        return this;
    }

    public FileBuilder Import(string path)
    {
        _dependencies.Add(path);
        return this;
    }

    public FileBuilder Message(string name, Action<MessageBuilder> build, Comments? comments = null, bool deprecated = false)
    {
        var message = new MessageBuilder(name, Prefix + name) { Comments = comments ?? Comments.None, Deprecated = deprecated };
        build(message);
        _messages.Add(message);
        return this;
    }

    public FileBuilder Enum(string name, params string[] values) => Enum(name, values.Select((v, i) => (v, i)).ToArray());

    public FileBuilder Enum(string name, params (string Name, int Number)[] values)
    {
        _enums.Add(new EnumBuilder(name, Prefix + name, values));
        return this;
    }

    /// <summary>A service; each rpc's types are full names with a leading dot.</summary>
    public FileBuilder Service(string name, params (string Name, string Input, string Output, bool ClientStreaming, bool ServerStreaming)[] methods)
    {
        _services.Add(new ServiceModel(
            name,
            Prefix + name,
            methods.Select(m => new MethodModel(m.Name, m.Input, m.Output, m.ClientStreaming, m.ServerStreaming, OptionsModel.None, Comments.None)).ToEquatableArray(),
            OptionsModel.None,
            Comments.None));
        return this;
    }

    public FileModel Build() => new(
        _name,
        _package,
        _dependencies.ToEquatableArray(),
        EquatableArray<int>.Empty,
        EquatableArray<int>.Empty,
        _messages.Select(m => m.Build()).ToEquatableArray(),
        _enums.Select(e => e.Build()).ToEquatableArray(),
        _services.ToEquatableArray(),
        EquatableArray<FieldModel>.Empty,
        new OptionsModel(_options.ToEquatableArray()),
        ProtoSyntaxText.Parse(_syntax) ?? throw new ArgumentException($"Unknown syntax \"{_syntax}\"."),
        null,
        Comments.None);
}

internal sealed class EnumBuilder
{
    private readonly string _name;
    private readonly string _fullName;
    private readonly (string Name, int Number)[] _values;

    public EnumBuilder(string name, string fullName, (string Name, int Number)[] values)
    {
        _name = name;
        _fullName = fullName;
        _values = values;
    }

    public HashSet<string> DeprecatedValues { get; } = new();

    public EnumModel Build() => new(
        _name,
        _fullName,
        _values.Select(v => new EnumValueModel(v.Name, v.Number, DeprecatedValues.Contains(v.Name) ? Deprecated : OptionsModel.None, Comments.None)).ToEquatableArray(),
        EquatableArray<ReservedRange>.Empty,
        EquatableArray<string>.Empty,
        OptionsModel.None,
        Comments.None);

    internal static readonly OptionsModel Deprecated = new(new[] { new OptionModel("deprecated", OptionValueKind.Identifier, "true") }.ToEquatableArray());
}

internal sealed class MessageBuilder
{
    private readonly string _name;
    private readonly string _fullName;
    private readonly List<(FieldModel Field, string? Oneof)> _fields = new();
    private readonly List<string> _realOneofs = new();
    private readonly List<MessageModel> _nested = new();
    private readonly List<EnumBuilder> _enums = new();
    private bool _isMapEntry;

    public MessageBuilder(string name, string fullName)
    {
        _name = name;
        _fullName = fullName;
    }

    public Comments Comments { get; set; } = Comments.None;

    public bool Deprecated { get; set; }

    /// <summary>A singular or repeated field. <paramref name="type"/> names message and enum types: fully qualified
    /// with a leading dot, or relative to this message's package when it has none.</summary>
    public MessageBuilder Field(string name, int number, FieldType type, string? typeName = null, bool repeated = false,
        bool optional = false, string? packed = null, bool deprecated = false, Comments? comments = null, string? jsonName = null,
        FieldLabel? label = null, string? defaultValue = null, params (string Name, string Value)[] features)
    {
        var options = features.Select(f => new OptionModel("features." + f.Name, OptionValueKind.Identifier, f.Value)).ToList();
        if (packed is not null) options.Add(new OptionModel("packed", OptionValueKind.Identifier, packed));
        if (deprecated) options.Add(new OptionModel("deprecated", OptionValueKind.Identifier, "true"));
        _fields.Add((new FieldModel(
            name, number, label ?? (repeated ? FieldLabel.Repeated : FieldLabel.Optional), type, typeName, null, defaultValue,
            null, jsonName ?? ToJsonName(name), optional, new OptionsModel(options.ToEquatableArray()), comments ?? Comments.None),
            optional ? "_" + name : null));
        return this;
    }

    public MessageBuilder Oneof(string oneofName, Action<MessageBuilder> members)
    {
        var scratch = new MessageBuilder(_name, _fullName);
        members(scratch);
        _realOneofs.Add(oneofName);
        foreach (var (field, _) in scratch._fields) _fields.Add((field, oneofName));
        return this;
    }

    public MessageBuilder Map(string name, int number, FieldType keyType, FieldType valueType, string? valueTypeName = null)
    {
        string entryName = CamelCaseEntryName(name);
        var entry = new MessageBuilder(entryName, _fullName + "." + entryName) { _isMapEntry = true };
        entry.Field("key", 1, keyType);
        entry.Field("value", 2, valueType, valueTypeName);
        _nested.Add(entry.Build());
        return Field(name, number, FieldType.Message, "." + _fullName + "." + entryName, repeated: true);
    }

    public MessageBuilder Nested(string name, Action<MessageBuilder> build)
    {
        var nested = new MessageBuilder(name, _fullName + "." + name);
        build(nested);
        _nested.Add(nested.Build());
        return this;
    }

    public MessageBuilder Enum(string name, params string[] values)
    {
        _enums.Add(new EnumBuilder(name, _fullName + "." + name, values.Select((v, i) => (v, i)).ToArray()));
        return this;
    }

    public MessageModel Build()
    {
        // Real oneofs first, then one synthetic oneof per proto3 optional field, as protoc orders them.
        var oneofNames = _realOneofs.Concat(_fields.Where(f => f.Field.Proto3Optional).Select(f => f.Oneof!)).ToList();
        var fields = _fields.Select(f => f.Oneof is null ? f.Field : f.Field with { OneofIndex = oneofNames.IndexOf(f.Oneof) });
        return new MessageModel(
            _name,
            _fullName,
            fields.ToEquatableArray(),
            EquatableArray<FieldModel>.Empty,
            _nested.ToEquatableArray(),
            _enums.Select(e => e.Build()).ToEquatableArray(),
            EquatableArray<ExtensionRangeModel>.Empty,
            oneofNames.Select(n => new OneofModel(n, OptionsModel.None, Comments.None)).ToEquatableArray(),
            EquatableArray<ReservedRange>.Empty,
            EquatableArray<string>.Empty,
            Deprecated ? EnumBuilder.Deprecated : OptionsModel.None,
            _isMapEntry,
            Comments);
    }

    /// <summary>protoc's json_name: lowerCamelCase of the field name.</summary>
    private static string ToJsonName(string name)
    {
        var result = new System.Text.StringBuilder();
        bool upper = false;
        foreach (char c in name)
        {
            if (c == '_') upper = true;
            else
            {
                result.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
        }
        return result.ToString();
    }

    private static string CamelCaseEntryName(string fieldName)
    {
        string json = ToJsonName(fieldName);
        return char.ToUpperInvariant(json[0]) + json.Substring(1) + "Entry";
    }
}
