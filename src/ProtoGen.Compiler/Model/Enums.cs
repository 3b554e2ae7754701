namespace ProtoGen.Compiler.Model;

/// <summary>The language of a .proto file: its <c>syntax</c> statement, or an <c>edition</c> statement (whose edition
/// the model keeps apart). A file without either is proto2, as protoc reads it.</summary>
public enum ProtoSyntax
{
    Proto2,
    Proto3,
    Editions,
}

/// <summary>The text of a <see cref="ProtoSyntax"/> as the <c>syntax</c> statement and descriptor.proto's
/// FileDescriptorProto.syntax spell it. Only the edges (parser, descriptor readers and writers) use the text.</summary>
public static class ProtoSyntaxText
{
    public static string ToText(this ProtoSyntax syntax) => syntax switch
    {
        ProtoSyntax.Proto2 => "proto2",
        ProtoSyntax.Proto3 => "proto3",
        _ => "editions",
    };

    /// <summary>FileDescriptorProto.syntax as a <see cref="ProtoSyntax"/>: empty (protoc writes none for proto2) or
    /// "proto2", "proto3", "editions"; null for any other text.</summary>
    public static ProtoSyntax? Parse(string text) => text switch
    {
        "" or "proto2" => ProtoSyntax.Proto2,
        "proto3" => ProtoSyntax.Proto3,
        "editions" => ProtoSyntax.Editions,
        _ => null,
    };
}

/// <summary>Field label, numbered as in descriptor.proto's FieldDescriptorProto.Label.</summary>
public enum FieldLabel
{
    Optional = 1,
    Required = 2,
    Repeated = 3,
}

/// <summary>Field type, numbered as in descriptor.proto's FieldDescriptorProto.Type.</summary>
public enum FieldType
{
    Double = 1,
    Float = 2,
    Int64 = 3,
    UInt64 = 4,
    Int32 = 5,
    Fixed64 = 6,
    Fixed32 = 7,
    Bool = 8,
    String = 9,
    Group = 10,
    Message = 11,
    Bytes = 12,
    UInt32 = 13,
    Enum = 14,
    SFixed32 = 15,
    SFixed64 = 16,
    SInt32 = 17,
    SInt64 = 18,
}

/// <summary>How an option's value was written in the .proto file.</summary>
public enum OptionValueKind
{
    /// <summary>An identifier: <c>true</c>, <c>false</c>, an enum value name, <c>inf</c>, <c>nan</c>.</summary>
    Identifier,
    /// <summary>An integer; <see cref="OptionModel.Value"/> holds its decimal text, with a leading '-' when negative.</summary>
    Integer,
    /// <summary>A floating-point number; <see cref="OptionModel.Value"/> holds its text as protoc prints it.</summary>
    Float,
    /// <summary>A string literal; <see cref="OptionModel.Value"/> holds the decoded text (adjacent literals joined).</summary>
    String,
    /// <summary>A message literal <c>{ ... }</c>; <see cref="OptionModel.Value"/> holds its text-format body.</summary>
    Aggregate,
}
