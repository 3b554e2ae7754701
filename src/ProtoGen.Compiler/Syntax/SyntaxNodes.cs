using ProtoGen.Compiler.Diagnostics;
using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.Syntax;

// The syntax tree: what a .proto file says, as written, with spans for diagnostics. Value-equatable records, so a
// parsed file compares by content. Declarations keep source order (protoc numbers nested types, including group
// and map entry messages, in that order).

/// <summary>A parsed file: its import path, its tree and the lexical and syntax errors found.</summary>
public sealed record ParsedFile(string Path, FileNode Root, EquatableArray<ProtoDiagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}

/// <summary>Any node: where it is in the file.</summary>
public abstract record SyntaxNode(SourceSpan Span);

/// <summary>An identifier or dotted name as written (a type reference may start with '.').</summary>
public sealed record NameNode(string Text, SourceSpan Span) : SyntaxNode(Span);

/// <summary>The file: its syntax or edition statement and its top-level declarations in source order
/// (<see cref="PackageNode"/>, <see cref="ImportNode"/>, <see cref="OptionNode"/>, <see cref="MessageNode"/>,
/// <see cref="EnumNode"/>, <see cref="ServiceNode"/>, <see cref="ExtendNode"/>).</summary>
/// <param name="Syntax">The file's syntax, or editions; proto2 when the file has no syntax statement.</param>
/// <param name="Edition">The edition string for editions files.</param>
public sealed record FileNode(
    ProtoSyntax Syntax,
    string? Edition,
    SourceSpan SyntaxSpan,
    Comments SyntaxComments,
    EquatableArray<SyntaxNode> Members,
    SourceSpan Span) : SyntaxNode(Span);

public sealed record PackageNode(NameNode Name, SourceSpan Span) : SyntaxNode(Span);

/// <summary>An import. <see cref="IsOption"/> marks edition 2024's <c>import option</c>: the file is only for resolving
/// custom options, and is not one of the file's dependencies.</summary>
public sealed record ImportNode(string Path, bool IsPublic, bool IsWeak, bool IsOption, SourceSpan PathSpan, SourceSpan Span) : SyntaxNode(Span);

/// <summary>One part of an option name: a field name or a parenthesized extension name.</summary>
public sealed record OptionNamePart(string Name, bool IsExtension, SourceSpan Span);

/// <summary>An option value, normalized as <see cref="OptionModel"/> describes.</summary>
/// <param name="Bytes">For a string literal that is not valid UTF-8 (a bytes option): its exact bytes; empty otherwise.</param>
public sealed record OptionValueNode(OptionValueKind Kind, string Text, SourceSpan Span, EquatableArray<byte> Bytes = default);

/// <summary><c>option a.(b.c).d = value;</c> or one <c>[...]</c> entry.</summary>
public sealed record OptionNode(EquatableArray<OptionNamePart> Name, OptionValueNode Value, SourceSpan Span) : SyntaxNode(Span)
{
    /// <summary>The name as written: <c>a.(b.c).d</c>.</summary>
    public string NameText => string.Join(".", Name.Select(p => p.IsExtension ? "(" + p.Name + ")" : p.Name));
}

/// <summary>A message and its declarations in source order (fields, oneofs, nested messages and enums,
/// extend blocks, extension ranges, reserved statements, options).</summary>
public sealed record MessageNode(NameNode Name, EquatableArray<SyntaxNode> Members, Comments Comments, SourceSpan Span) : SyntaxNode(Span);

/// <summary>
/// A field, map field, group or extension field.
/// </summary>
/// <param name="Label">The label as written, or null.</param>
/// <param name="Type">The type as written: a scalar keyword, <c>group</c>, or a (dotted) type name. Null for maps.</param>
/// <param name="MapKey">For <c>map&lt;K, V&gt;</c> fields: the key type; <see cref="MapValue"/> the value type.</param>
/// <param name="Number">The field number; null when it could not be parsed.</param>
/// <param name="DefaultValue">The <c>default</c> pseudo-option, already in descriptor.proto's text form when the type is a
/// scalar keyword; the raw token text otherwise (an enum value name).</param>
/// <param name="JsonName">The <c>json_name</c> pseudo-option's value; its span covers <c>json_name = "..."</c>.</param>
/// <param name="GroupBody">For groups: the group's message (named as the group).</param>
public sealed record FieldNode(
    FieldLabel? Label,
    SourceSpan LabelSpan,
    NameNode? Type,
    NameNode? MapKey,
    NameNode? MapValue,
    NameNode Name,
    int? Number,
    SourceSpan NumberSpan,
    EquatableArray<OptionNode> Options,
    NameNode? DefaultValue,
    NameNode? JsonName,
    MessageNode? GroupBody,
    Comments Comments,
    SourceSpan Span) : SyntaxNode(Span)
{
    public bool IsMap => MapKey is not null;

    public bool IsGroup => GroupBody is not null;
}

/// <summary>A oneof: its fields and options in source order.</summary>
public sealed record OneofNode(NameNode Name, EquatableArray<SyntaxNode> Members, Comments Comments, SourceSpan Span) : SyntaxNode(Span);

/// <summary>A range as written: <c>5</c>, <c>5 to 10</c>, <c>5 to max</c> (both ends inclusive here).</summary>
public sealed record RangeNode(long Start, long End, bool EndIsMax, SourceSpan Span) : SyntaxNode(Span);

/// <summary><c>reserved 1, 2 to 5;</c> or <c>reserved "a", "b";</c> (identifiers in editions).</summary>
public sealed record ReservedNode(EquatableArray<RangeNode> Ranges, EquatableArray<NameNode> Names, SourceSpan Span) : SyntaxNode(Span);

/// <summary><c>extensions 100 to max [options];</c></summary>
public sealed record ExtensionsNode(EquatableArray<RangeNode> Ranges, EquatableArray<OptionNode> Options, SourceSpan Span) : SyntaxNode(Span);

/// <summary><c>extend Foo { fields }</c></summary>
public sealed record ExtendNode(NameNode Extendee, EquatableArray<FieldNode> Fields, SourceSpan Span) : SyntaxNode(Span);

/// <summary>An enum: values, options and reserved statements in source order.</summary>
public sealed record EnumNode(NameNode Name, EquatableArray<SyntaxNode> Members, Comments Comments, SourceSpan Span) : SyntaxNode(Span);

public sealed record EnumValueNode(NameNode Name, int Number, SourceSpan NumberSpan, EquatableArray<OptionNode> Options, Comments Comments, SourceSpan Span) : SyntaxNode(Span);

/// <summary>A service: methods and options in source order.</summary>
public sealed record ServiceNode(NameNode Name, EquatableArray<SyntaxNode> Members, Comments Comments, SourceSpan Span) : SyntaxNode(Span);

public sealed record MethodNode(
    NameNode Name,
    NameNode InputType,
    bool ClientStreaming,
    NameNode OutputType,
    bool ServerStreaming,
    EquatableArray<OptionNode> Options,
    Comments Comments,
    SourceSpan Span,
    bool HasBody = false) : SyntaxNode(Span);
