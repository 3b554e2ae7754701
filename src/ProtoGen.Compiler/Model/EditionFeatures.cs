namespace ProtoGen.Compiler.Model;

/// <summary>Where editions features of an element are looked up: its file (whose syntax decides when no feature is
/// set) and the options to search, innermost first: the element's own, its enclosing messages', then the file's.</summary>
internal sealed record FeatureScope(FileModel File, IReadOnlyList<OptionsModel> Options)
{
    /// <summary>The scope of a file's top-level elements.</summary>
    public static FeatureScope Of(FileModel file) => new(file, new[] { file.Options });
}

/// <summary>
/// What editions features mean, and what the syntax they replace means where none is set: the one place these rules
/// live. A feature is resolved as protoc resolves it, the element's own <c>features.*</c> option, then its enclosing
/// messages', then the file's. The emit planner, the breaking-change checker and the binder's validation read these
/// rules; the binder, which validates before the model exists, passes a lookup over syntax nodes instead of a
/// <see cref="FeatureScope"/>.
/// </summary>
internal static class EditionFeatures
{
    /// <summary>Whether a singular field tracks presence (proto2, proto3 <c>optional</c>, editions unless IMPLICIT).</summary>
    public static bool HasPresence(FieldModel field, FeatureScope scope)
    {
        if (field.Proto3Optional || field.OneofIndex is not null) return true;
        if (Resolve("field_presence", field.Options, scope.Options) is string presence) return presence != "IMPLICIT";
        return !scope.File.IsProto3;
    }

    /// <summary>Whether a repeated scalar (<paramref name="packable"/>: not a string, bytes, message or group) is
    /// written packed: the <c>packed</c> option, else <c>features.repeated_field_encoding</c>, else packed in proto3 and
    /// editions, expanded in proto2.</summary>
    public static bool IsPacked(FieldModel field, bool packable, FeatureScope scope)
    {
        if (!packable) return false;
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
    /// enums with <c>enum_type = CLOSED</c>. <paramref name="feature"/> gives a feature's resolved value, or null.</summary>
    public static bool IsClosedEnum(ProtoSyntax syntax, Func<string, string?> feature) => syntax switch
    {
        ProtoSyntax.Proto2 => true,
        ProtoSyntax.Proto3 => false,
        _ => feature("enum_type") == "CLOSED",
    };

    /// <summary><see cref="IsClosedEnum(ProtoSyntax, Func{string, string?})"/> of an enum whose own options are
    /// <paramref name="own"/> (or the first of the scope's).</summary>
    public static bool IsClosedEnum(OptionsModel own, FeatureScope scope) =>
        IsClosedEnum(scope.File.Syntax, feature => Resolve(feature, own, scope.Options));

    /// <summary>Whether parsing a string field rejects invalid UTF-8: proto3, editions unless
    /// <c>utf8_validation = NONE</c>; proto2 strings are not validated, as in protoc's runtimes.</summary>
    public static bool ValidatesUtf8(FieldModel field, FeatureScope scope) => scope.File.Syntax switch
    {
        ProtoSyntax.Proto2 => false,
        ProtoSyntax.Proto3 => true,
        _ => Resolve("utf8_validation", field.Options, scope.Options) != "NONE",
    };

    /// <summary>The JSON format an element allows: proto2 LEGACY_BEST_EFFORT, proto3 ALLOW, editions as its
    /// <c>json_format</c> feature says (ALLOW by default).</summary>
    public static string JsonFormat(OptionsModel own, FeatureScope scope) => scope.File.Syntax switch
    {
        ProtoSyntax.Proto2 => "LEGACY_BEST_EFFORT",
        ProtoSyntax.Proto3 => "ALLOW",
        _ => Resolve("json_format", own, scope.Options) ?? "ALLOW",
    };

    /// <summary>A feature's value: the element's own option, then its scopes' (innermost first); null when unset.</summary>
    public static string? Resolve(string feature, OptionsModel own, IReadOnlyList<OptionsModel> scopes)
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
