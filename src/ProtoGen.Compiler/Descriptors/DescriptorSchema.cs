using ProtoGen.Compiler.Binding;
using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.Descriptors;

/// <summary>A field as the option encoder needs it: its model, its full name, and the two facts that depend on where it
/// is declared (packed encoding, source retention).</summary>
internal sealed class SchemaField
{
    public SchemaField(FieldModel model, string fullName, bool packed)
    {
        Model = model;
        FullName = fullName;
        Packed = packed;
        SourceRetention = model.Options.Get("retention") == "RETENTION_SOURCE";
    }

    public FieldModel Model { get; }
    public string FullName { get; }
    public int Number => Model.Number;
    public FieldType Type => Model.Type;
    public bool IsRepeated => Model.Label == FieldLabel.Repeated;
    public bool IsMessage => Model.Type is FieldType.Message or FieldType.Group;

    /// <summary>True when a repeated scalar is written packed: protoc's FieldDescriptor::is_packed, from the
    /// <c>packed</c> option (proto2, proto3) or the resolved <c>repeated_field_encoding</c> feature (editions).</summary>
    public bool Packed { get; }

    /// <summary>Declared with <c>retention = RETENTION_SOURCE</c>: protoc strips such options from the descriptors it writes.</summary>
    public bool SourceRetention { get; }

    /// <summary>The message or enum type name without its leading dot, or null for scalars.</summary>
    public string? TypeFullName => Model.TypeName?.TrimStart('.');
}

/// <summary>
/// The types an option value may refer to: every message, enum and extension of a file and of the files it reaches
/// through imports, and descriptor.proto's (whose options messages define the built-in options) even when no file
/// imports it.
/// </summary>
internal sealed class DescriptorSchema
{
    private static readonly Lazy<FileModel?> DescriptorProto = new(() =>
        ProtoCompiler.Bind("google/protobuf/descriptor.proto", new Dictionary<string, Syntax.ParsedFile>()).File);

    private readonly Dictionary<string, MessageModel> _messages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EnumModel> _enums = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SchemaField> _extensions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, SchemaField>> _fields = new(StringComparer.Ordinal);

    public DescriptorSchema(IEnumerable<FileModel> files)
    {
        foreach (var file in files) Add(file);
        if (!_messages.ContainsKey("google.protobuf.FileOptions") && DescriptorProto.Value is { } descriptor) Add(descriptor);
    }

    public MessageModel? Message(string fullName) => _messages.TryGetValue(fullName, out var message) ? message : null;

    public EnumModel? Enum(string fullName) => _enums.TryGetValue(fullName, out var model) ? model : null;

    public SchemaField? Extension(string fullName) => _extensions.TryGetValue(fullName.TrimStart('.'), out var field) ? field : null;

    /// <summary>A field of a message by name, or null.</summary>
    public SchemaField? Field(string messageFullName, string name) =>
        _fields.TryGetValue(messageFullName, out var fields) && fields.TryGetValue(name, out var field) ? field : null;

    /// <summary>The fields of a message by name.</summary>
    public IEnumerable<SchemaField> Fields(string messageFullName) =>
        _fields.TryGetValue(messageFullName, out var fields) ? fields.Values : Enumerable.Empty<SchemaField>();

    private void Add(FileModel file)
    {
        var scope = new FeatureScope(file);
        foreach (var enumModel in file.EnumTypes) AddEnum(enumModel);
        foreach (var extension in file.Extensions) AddExtension(extension, file.Package, scope);
        foreach (var message in file.MessageTypes) AddMessage(message, scope);
    }

    private void AddEnum(EnumModel model)
    {
        if (!_enums.ContainsKey(model.FullName)) _enums.Add(model.FullName, model);
    }

    private void AddMessage(MessageModel message, FeatureScope parent)
    {
        if (_messages.ContainsKey(message.FullName)) return;
        _messages.Add(message.FullName, message);
        var scope = parent.Enter(message.Options);
        var fields = new Dictionary<string, SchemaField>(StringComparer.Ordinal);
        foreach (var field in message.Fields)
        {
            fields[field.Name] = new SchemaField(field, message.FullName + "." + field.Name, scope.IsPacked(field));
        }
        _fields.Add(message.FullName, fields);
        foreach (var enumModel in message.EnumTypes) AddEnum(enumModel);
        foreach (var extension in message.Extensions) AddExtension(extension, message.FullName, scope);
        foreach (var nested in message.NestedTypes) AddMessage(nested, scope);
    }

    private void AddExtension(FieldModel extension, string scopeName, FeatureScope scope)
    {
        var fullName = NameRules.Qualify(scopeName, extension.Name);
        if (!_extensions.ContainsKey(fullName)) _extensions.Add(fullName, new SchemaField(extension, fullName, scope.IsPacked(extension)));
    }

    /// <summary>The <c>repeated_field_encoding</c> in force at one scope: the file's syntax or edition, then each
    /// enclosing message's <c>features</c> option, the nearest winning (protoc's feature resolution).</summary>
    private sealed class FeatureScope
    {
        private readonly bool _isEditions;
        private readonly bool _isProto3;
        private readonly string? _encoding;

        public FeatureScope(FileModel file)
            : this(file.Syntax == ProtoSyntax.Editions, file.IsProto3, file.Options.Get("features.repeated_field_encoding"))
        {
        }

        private FeatureScope(bool isEditions, bool isProto3, string? encoding) =>
            (_isEditions, _isProto3, _encoding) = (isEditions, isProto3, encoding);

        public FeatureScope Enter(OptionsModel options) =>
            options.Get("features.repeated_field_encoding") is { } encoding ? new FeatureScope(_isEditions, _isProto3, encoding) : this;

        public bool IsPacked(FieldModel field)
        {
            if (field.Label != FieldLabel.Repeated) return false;
            if (field.Type is FieldType.String or FieldType.Bytes or FieldType.Message or FieldType.Group) return false;
            if (_isEditions)
            {
                var encoding = field.Options.Get("features.repeated_field_encoding") ?? _encoding ?? "PACKED";
                return encoding == "PACKED";
            }
            var packed = field.Options.Get("packed");
            return packed is null ? _isProto3 : packed == "true";
        }
    }
}
