namespace ProtoGen.Compiler.Model;

// The descriptor model: the facts FileDescriptorProto carries, resolved as protoc resolves them.
// It holds no source positions (diagnostics carry those), so whitespace edits leave it unchanged and the
// generator's emit step stays cached.

/// <summary>One parsed and bound .proto file (FileDescriptorProto). <see cref="Comments"/> holds the comments
/// attached to the <c>syntax</c> statement (the file's own) and the detached ones at the top.</summary>
public sealed record FileModel(
    string Name,
    string Package,
    EquatableArray<string> Dependencies,
    EquatableArray<int> PublicDependencies,
    EquatableArray<int> WeakDependencies,
    EquatableArray<MessageModel> MessageTypes,
    EquatableArray<EnumModel> EnumTypes,
    EquatableArray<ServiceModel> Services,
    EquatableArray<FieldModel> Extensions,
    OptionsModel Options,
    ProtoSyntax Syntax,
    string? Edition,
    Comments Comments)
{
    /// <summary>Whether the file declares <c>syntax = "proto3"</c> (false for proto2 and editions files).</summary>
    public bool IsProto3 => Syntax == ProtoSyntax.Proto3;
}

/// <summary>A message (DescriptorProto). Map fields appear as protoc writes them: a repeated field of a nested
/// <c>XxxEntry</c> message whose <see cref="IsMapEntry"/> is true (option map_entry), with fields key = 1 and value = 2.</summary>
public sealed record MessageModel(
    string Name,
    string FullName,
    EquatableArray<FieldModel> Fields,
    EquatableArray<FieldModel> Extensions,
    EquatableArray<MessageModel> NestedTypes,
    EquatableArray<EnumModel> EnumTypes,
    EquatableArray<ExtensionRangeModel> ExtensionRanges,
    EquatableArray<OneofModel> Oneofs,
    EquatableArray<ReservedRange> ReservedRanges,
    EquatableArray<string> ReservedNames,
    OptionsModel Options,
    bool IsMapEntry,
    Comments Comments);

/// <summary>A field or an extension (FieldDescriptorProto).</summary>
/// <param name="TypeName">Fully qualified with a leading dot (<c>.acme.v1.Item</c>) for message, enum and group fields; null otherwise.</param>
/// <param name="Extendee">Fully qualified with a leading dot, for extensions only.</param>
/// <param name="DefaultValue">As descriptor.proto spells it: text for numbers (<c>inf</c>, <c>-inf</c>, <c>nan</c>), the
/// value name for enums, <c>true</c>/<c>false</c>, the text for strings, C-escaped bytes for bytes.</param>
/// <param name="OneofIndex">Index into the containing message's <see cref="MessageModel.Oneofs"/>, synthetic oneofs of proto3 optional included.</param>
/// <param name="JsonName">Always set, as protoc sets it: the <c>json_name</c> option, else the lowerCamelCase name.</param>
public sealed record FieldModel(
    string Name,
    int Number,
    FieldLabel Label,
    FieldType Type,
    string? TypeName,
    string? Extendee,
    string? DefaultValue,
    int? OneofIndex,
    string JsonName,
    bool Proto3Optional,
    OptionsModel Options,
    Comments Comments);

/// <summary>A oneof (OneofDescriptorProto). proto3 <c>optional</c> fields get a synthetic one named <c>_field</c>, placed after the real ones.</summary>
public sealed record OneofModel(string Name, OptionsModel Options, Comments Comments);

/// <summary>An enum (EnumDescriptorProto). Reserved ranges here are inclusive at both ends, as in descriptor.proto.</summary>
public sealed record EnumModel(
    string Name,
    string FullName,
    EquatableArray<EnumValueModel> Values,
    EquatableArray<ReservedRange> ReservedRanges,
    EquatableArray<string> ReservedNames,
    OptionsModel Options,
    Comments Comments);

public sealed record EnumValueModel(string Name, int Number, OptionsModel Options, Comments Comments);

public sealed record ServiceModel(
    string Name,
    string FullName,
    EquatableArray<MethodModel> Methods,
    OptionsModel Options,
    Comments Comments);

/// <summary>An rpc. Input and output types are fully qualified with a leading dot.</summary>
/// <param name="HasBody">Declared with a <c>{ ... }</c> body rather than <c>;</c>: protoc then gives the method an options
/// message even when the body sets none, and its descriptor carries it (empty).</param>
public sealed record MethodModel(
    string Name,
    string InputType,
    string OutputType,
    bool ClientStreaming,
    bool ServerStreaming,
    OptionsModel Options,
    Comments Comments,
    bool HasBody = false);

/// <summary>A message's reserved range, start inclusive and end exclusive (descriptor.proto's DescriptorProto.ReservedRange);
/// for enums, both ends inclusive.</summary>
public readonly record struct ReservedRange(int Start, int End);

/// <summary>Extension range, start inclusive, end exclusive.</summary>
public sealed record ExtensionRangeModel(int Start, int End, OptionsModel Options);

/// <summary>Comments as protoc's SourceCodeInfo.Location reports them: text without the comment markers, lines joined with '\n'.</summary>
public sealed record Comments(string? Leading, string? Trailing, EquatableArray<string> LeadingDetached)
{
    public static readonly Comments None = new(null, null, EquatableArray<string>.Empty);
}

/// <summary>One option as written, with its name resolved: built-in options by their field name (<c>deprecated</c>,
/// <c>csharp_namespace</c>), custom ones as protoc names them in uninterpreted form with the extension fully qualified
/// (<c>(acme.v1.my_opt).sub_field</c>, without a leading dot inside the parentheses).</summary>
/// <param name="Bytes">For a string value that is not valid UTF-8 (bytes options): its exact bytes, which
/// <paramref name="Value"/> cannot hold; empty otherwise.</param>
public sealed record OptionModel(string Name, OptionValueKind Kind, string Value, EquatableArray<byte> Bytes = default);

/// <summary>The options of one element, in source order.</summary>
public sealed record OptionsModel(EquatableArray<OptionModel> Items)
{
    public static readonly OptionsModel None = new(EquatableArray<OptionModel>.Empty);

    /// <summary>The value of the last option with this exact name, or null.</summary>
    public string? Get(string name)
    {
        string? value = null;
        foreach (var item in Items)
        {
            if (item.Name == name) value = item.Value;
        }
        return value;
    }

    public bool GetBool(string name) => Get(name) == "true";
}
