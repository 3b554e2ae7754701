using ProtoGen.Compiler.Binding;
using ProtoGen.Compiler.Model;
using ProtoGen.Protoc.Descriptors;

namespace ProtoGen.Protoc.Mapping;

/// <summary>
/// protoc's descriptors (<see cref="FileDescriptorProto"/>, as a plugin request or a descriptor set carries them) mapped
/// to the compiler's descriptor model, the one the parser and binder build from .proto text. Comments come from the
/// SourceCodeInfo; options from the options messages' bytes, decoded with the schema of descriptor.proto and of the
/// extensions the files declare, in source order when SourceCodeInfo gives it.
/// </summary>
/// <remarks>
/// Lives in the plugin project, not the compiler: it reads the descriptor types ProtoGen generates from descriptor.proto,
/// and the compiler (netstandard2.0, no runtime reference) cannot hold generated messages.
/// </remarks>
public static class DescriptorMapper
{
    /// <summary>Maps every file. Options that use extensions are decoded with the extensions declared in
    /// <paramref name="files"/>, so pass the whole set (protoc's requests and <c>--include_imports</c> sets hold it).</summary>
    public static List<FileModel> Map(IReadOnlyList<FileDescriptorProto> files)
    {
        // First the shapes (no options), which give the schema that the options' bytes are decoded with.
        var shapes = files.Select(file => new FileMapper(file, schema: null).Map()).ToList();
        var schema = new OptionSchema(shapes);
        return files.Select(file => new FileMapper(file, schema).Map()).ToList();
    }
}

/// <summary>Maps one file. SourceCodeInfo paths follow descriptor.proto's field numbers, listed in <see cref="Paths"/>.</summary>
internal sealed class FileMapper
{
    private static class Paths
    {
        public const int FileMessage = 4, FileEnum = 5, FileService = 6, FileExtension = 7, FileOptions = 8, FileSyntax = 12, FileEdition = 14;
        public const int MessageField = 2, MessageNested = 3, MessageEnum = 4, MessageExtensionRange = 5, MessageExtension = 6,
            MessageOptions = 7, MessageOneof = 8;
        public const int FieldOptions = 8, OneofOptions = 2, ExtensionRangeOptions = 3;
        public const int EnumValue = 2, EnumOptions = 3, EnumValueOptions = 3;
        public const int ServiceMethod = 2, ServiceOptions = 3, MethodOptions = 4;
    }

    private readonly FileDescriptorProto _file;
    private readonly OptionSchema? _schema;
    private readonly Dictionary<string, SourceCodeInfo.Types.Location> _locations = new(StringComparer.Ordinal);
    private readonly List<SourceCodeInfo.Types.Location> _allLocations = new();

    public FileMapper(FileDescriptorProto file, OptionSchema? schema)
    {
        _file = file;
        _schema = schema;
        if (file.SourceCodeInfo is { } info)
        {
            foreach (var location in info.Location)
            {
                _allLocations.Add(location);
                _locations.TryAdd(Key(location.Path), location);
            }
        }
    }

    public FileModel Map()
    {
        if (!_file.HasName) throw new DescriptorMappingException("A FileDescriptorProto has no name.");
        string package = _file.Package;
        int[] root = [];
        var syntax = ProtoSyntaxText.Parse(_file.HasSyntax ? _file.Syntax : "")
            ?? throw new DescriptorMappingException($"The file {_file.Name} has an unknown syntax \"{_file.Syntax}\".");
        string? edition = syntax == ProtoSyntax.Editions ? EditionName(_file.Edition) : null;
        var comments = CommentsAt([Paths.FileSyntax]);
        if (comments == global::ProtoGen.Compiler.Model.Comments.None) comments = CommentsAt([Paths.FileEdition]);
        return new FileModel(
            _file.Name,
            package,
            _file.Dependency.ToEquatableArray(),
            _file.PublicDependency.ToEquatableArray(),
            _file.WeakDependency.ToEquatableArray(),
            _file.MessageType.Select((m, i) => Message(m, package, [Paths.FileMessage, i])).ToEquatableArray(),
            _file.EnumType.Select((e, i) => Enum(e, package, [Paths.FileEnum, i])).ToEquatableArray(),
            _file.Service.Select((s, i) => Service(s, package, [Paths.FileService, i])).ToEquatableArray(),
            _file.Extension.Select((f, i) => Field(f, [Paths.FileExtension, i])).ToEquatableArray(),
            Options(_file.Options?.ToByteArray(), "google.protobuf.FileOptions", root, Paths.FileOptions),
            syntax,
            edition,
            comments);
    }

    private static string EditionName(Edition edition) => (int)edition switch
    {
        998 => "proto2",
        999 => "proto3",
        1000 => "2023",
        1001 => "2024",
        int other => OptionSchema.DescriptorEnumValueName("google.protobuf.Edition", other) is { } name && name.StartsWith("EDITION_", StringComparison.Ordinal)
            ? name.Substring("EDITION_".Length)
            : throw new DescriptorMappingException($"Unknown edition {other}."),
    };

    private MessageModel Message(DescriptorProto message, string scope, int[] path)
    {
        var fullName = NameRules.Qualify(scope, message.Name);
        return new MessageModel(
            message.Name,
            fullName,
            message.Field.Select((f, i) => Field(f, [.. path, Paths.MessageField, i])).ToEquatableArray(),
            message.Extension.Select((f, i) => Field(f, [.. path, Paths.MessageExtension, i])).ToEquatableArray(),
            message.NestedType.Select((m, i) => Message(m, fullName, [.. path, Paths.MessageNested, i])).ToEquatableArray(),
            message.EnumType.Select((e, i) => Enum(e, fullName, [.. path, Paths.MessageEnum, i])).ToEquatableArray(),
            message.ExtensionRange.Select((r, i) => new ExtensionRangeModel(r.Start, r.End,
                Options(r.Options?.ToByteArray(), "google.protobuf.ExtensionRangeOptions", [.. path, Paths.MessageExtensionRange, i], Paths.ExtensionRangeOptions)))
                .ToEquatableArray(),
            message.OneofDecl.Select((o, i) => new OneofModel(o.Name,
                Options(o.Options?.ToByteArray(), "google.protobuf.OneofOptions", [.. path, Paths.MessageOneof, i], Paths.OneofOptions),
                CommentsAt([.. path, Paths.MessageOneof, i]))).ToEquatableArray(),
            message.ReservedRange.Select(r => new ReservedRange(r.Start, r.End)).ToEquatableArray(),
            message.ReservedName.ToEquatableArray(),
            Options(message.Options?.ToByteArray(), "google.protobuf.MessageOptions", path, Paths.MessageOptions),
            message.Options?.MapEntry == true,
            CommentsAt(path));
    }

    private FieldModel Field(FieldDescriptorProto field, int[] path)
    {
        if (!field.HasLabel || !global::System.Enum.IsDefined((FieldLabel)(int)field.Label))
            throw new DescriptorMappingException($"Field \"{field.Name}\" has no valid label.");
        if (!field.HasType && !field.HasTypeName || field.HasType && !global::System.Enum.IsDefined((FieldType)(int)field.Type))
            throw new DescriptorMappingException($"Field \"{field.Name}\" has no valid type.");
        // protoc always sets the type once names are resolved; a bare type_name would be an unresolved reference.
        if (!field.HasType) throw new DescriptorMappingException($"Field \"{field.Name}\" has an unresolved type \"{field.TypeName}\".");
        return new FieldModel(
            field.Name,
            field.Number,
            (FieldLabel)(int)field.Label,
            (FieldType)(int)field.Type,
            field.HasTypeName ? field.TypeName : null,
            field.HasExtendee ? field.Extendee : null,
            field.HasDefaultValue ? field.DefaultValue : null,
            field.HasOneofIndex ? field.OneofIndex : null,
            field.HasJsonName ? field.JsonName : NameRules.ToJsonName(field.Name),
            field.Proto3Optional,
            Options(field.Options?.ToByteArray(), "google.protobuf.FieldOptions", path, Paths.FieldOptions),
            CommentsAt(path));
    }

    private EnumModel Enum(EnumDescriptorProto enumProto, string scope, int[] path) => new(
        enumProto.Name,
        NameRules.Qualify(scope, enumProto.Name),
        enumProto.Value.Select((v, i) => new EnumValueModel(v.Name, v.Number,
            Options(v.Options?.ToByteArray(), "google.protobuf.EnumValueOptions", [.. path, Paths.EnumValue, i], Paths.EnumValueOptions),
            CommentsAt([.. path, Paths.EnumValue, i]))).ToEquatableArray(),
        enumProto.ReservedRange.Select(r => new ReservedRange(r.Start, r.End)).ToEquatableArray(),
        enumProto.ReservedName.ToEquatableArray(),
        Options(enumProto.Options?.ToByteArray(), "google.protobuf.EnumOptions", path, Paths.EnumOptions),
        CommentsAt(path));

    private ServiceModel Service(ServiceDescriptorProto service, string scope, int[] path) => new(
        service.Name,
        NameRules.Qualify(scope, service.Name),
        service.Method.Select((m, i) => new MethodModel(m.Name, m.InputType, m.OutputType, m.ClientStreaming, m.ServerStreaming,
            Options(m.Options?.ToByteArray(), "google.protobuf.MethodOptions", [.. path, Paths.ServiceMethod, i], Paths.MethodOptions),
            CommentsAt([.. path, Paths.ServiceMethod, i]), HasBody: m.Options is not null)).ToEquatableArray(),
        Options(service.Options?.ToByteArray(), "google.protobuf.ServiceOptions", path, Paths.ServiceOptions),
        CommentsAt(path));

    private Comments CommentsAt(int[] path)
    {
        if (!_locations.TryGetValue(Key(path), out var location)) return global::ProtoGen.Compiler.Model.Comments.None;
        var leading = location.HasLeadingComments ? location.LeadingComments : null;
        var trailing = location.HasTrailingComments ? location.TrailingComments : null;
        if (leading is null && trailing is null && location.LeadingDetachedComments.Count == 0) return global::ProtoGen.Compiler.Model.Comments.None;
        return new Comments(leading, trailing, location.LeadingDetachedComments.ToEquatableArray());
    }

    /// <summary>The options of one element: in source order, each as written, when SourceCodeInfo has their locations
    /// (each option statement has one, its path naming the field it set); otherwise one per field set, in number order.
    /// protoc records no locations for extension range options, so those always come in number order.</summary>
    private OptionsModel Options(byte[]? bytes, string optionsMessage, int[] elementPath, int optionsField)
    {
        if (_schema is null || bytes is null || bytes.Length == 0) return OptionsModel.None;
        var fields = WireFields.Read(bytes);
        if (fields.Count == 0) return OptionsModel.None;

        if (_allLocations.Count > 0)
        {
            int[] prefix = [.. elementPath, optionsField];
            var written = _allLocations
                .Where(l => l.Path.Count > prefix.Length && StartsWith(l.Path, prefix))
                .OrderBy(l => l.Span.Count > 0 ? l.Span[0] : 0)
                .ThenBy(l => l.Span.Count > 1 ? l.Span[1] : 0)
                .Select(l => _schema.OptionAt(optionsMessage, fields, l.Path.Skip(prefix.Length).ToArray()))
                .OfType<OptionModel>()
                .ToEquatableArray();
            if (!written.IsEmpty) return new OptionsModel(written);
        }
        var all = _schema.AllOptions(optionsMessage, fields).ToEquatableArray();
        return all.IsEmpty ? OptionsModel.None : new OptionsModel(all);
    }

    private static bool StartsWith(IReadOnlyList<int> path, int[] prefix)
    {
        for (int i = 0; i < prefix.Length; i++)
        {
            if (path[i] != prefix[i]) return false;
        }
        return true;
    }

    private static string Key(IEnumerable<int> path) => string.Join(",", path);
}
