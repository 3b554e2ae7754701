using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.Emit;

/// <summary>
/// The encoding and presence choices of a field, from its syntax and, in editions, from <c>features.*</c> options
/// resolved field, then enclosing messages, then file (the editions defaults otherwise), as protoc resolves them.
/// </summary>
internal static class Features
{
    /// <summary>Whether a singular field tracks presence (proto2, proto3 <c>optional</c>, editions unless IMPLICIT).</summary>
    public static bool HasPresence(FieldModel field, FeatureScope scope)
    {
        if (field.Proto3Optional || field.OneofIndex is not null) return true;
        if (Resolve("field_presence", field.Options, scope.Options) is string presence) return presence != "IMPLICIT";
        return !scope.File.IsProto3;
    }

    /// <summary>Whether a repeated scalar is written packed: the <c>packed</c> option, else
    /// <c>features.repeated_field_encoding</c>, else packed in proto3 and editions, expanded in proto2.</summary>
    public static bool IsPacked(FieldModel field, ValueKind kind, FeatureScope scope)
    {
        if (!kind.IsPackable) return false;
        if (field.Options.Get("packed") is string packed) return packed == "true";
        if (Resolve("repeated_field_encoding", field.Options, scope.Options) is string encoding) return encoding == "PACKED";
        return scope.File.Syntax != ProtoSyntax.Proto2;
    }

    /// <summary>Whether a message field uses the group encoding (proto2 groups, editions DELIMITED).</summary>
    public static bool IsDelimited(FieldModel field, FeatureScope scope) =>
        field.Type == FieldType.Group
        || (field.Type == FieldType.Message && Resolve("message_encoding", field.Options, scope.Options) == "DELIMITED");

    /// <summary>Whether a field must be set for its message to be initialized: proto2 <c>required</c>, editions
    /// <c>field_presence = LEGACY_REQUIRED</c>.</summary>
    public static bool IsRequired(FieldModel field, FeatureScope scope) =>
        field.Label == FieldLabel.Required || Resolve("field_presence", field.Options, scope.Options) == "LEGACY_REQUIRED";

    /// <summary>Whether an enum is closed (values it does not declare go to the unknown fields): proto2 enums, editions
    /// enums with <c>enum_type = CLOSED</c>.</summary>
    public static bool IsClosedEnum(ProtoTypeInfo enumType) => enumType.Scope.File.Syntax switch
    {
        ProtoSyntax.Proto2 => true,
        ProtoSyntax.Proto3 => false,
        _ => Resolve("enum_type", OptionsModel.None, enumType.Scope.Options) == "CLOSED",
    };

    /// <summary>Whether parsing a string field rejects invalid UTF-8: proto3, editions unless
    /// <c>utf8_validation = NONE</c>; proto2 strings are not validated, as in protoc's runtimes.</summary>
    public static bool ValidatesUtf8(FieldModel field, FeatureScope scope) => scope.File.Syntax switch
    {
        ProtoSyntax.Proto2 => false,
        ProtoSyntax.Proto3 => true,
        _ => Resolve("utf8_validation", field.Options, scope.Options) != "NONE",
    };

    /// <summary>The C# feature a file sets to choose nullable annotations, as protoc's C# generator reads it.</summary>
    public const string NullableReferenceTypes = "features.(pb.csharp).nullable_reference_types";

    /// <summary>Whether a file is written with nullable annotations: its own <c>(pb.csharp).nullable_reference_types</c>
    /// when set (it is a file-level feature, as in protoc), else the project's choice.</summary>
    public static bool NullableAnnotations(FileModel file, EmitOptions options) => file.Options.Get(NullableReferenceTypes) switch
    {
        "true" => true,
        "false" => false,
        _ => options.NullableAnnotations,
    };

    private static string? Resolve(string feature, OptionsModel own, IReadOnlyList<OptionsModel> scopes)
    {
        string name = "features." + feature;
        if (own.Get(name) is string value) return value;
        foreach (var scope in scopes)
        {
            if (scope.Get(name) is string scopeValue) return scopeValue;
        }
        return null;
    }
}
