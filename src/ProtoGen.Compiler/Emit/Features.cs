using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.Emit;

/// <summary>
/// The encoding and presence choices of a field, from its syntax and, in editions, from <c>features.*</c> options
/// resolved field, then enclosing messages, then file (the editions defaults otherwise), as protoc resolves them.
/// </summary>
internal static class Features
{
    /// <summary>Whether a singular field tracks presence (proto2, proto3 <c>optional</c>, editions unless IMPLICIT).</summary>
    public static bool HasPresence(FieldModel field, MessageContext message)
    {
        if (field.Proto3Optional || field.OneofIndex is not null) return true;
        if (Resolve("field_presence", field, message) is string presence) return presence != "IMPLICIT";
        return !message.File.IsProto3;
    }

    /// <summary>Whether a repeated scalar is written packed: the <c>packed</c> option, else
    /// <c>features.repeated_field_encoding</c>, else packed in proto3 and editions, expanded in proto2.</summary>
    public static bool IsPacked(FieldModel field, ValueKind kind, MessageContext message)
    {
        if (!kind.IsPackable) return false;
        if (field.Options.Get("packed") is string packed) return packed == "true";
        if (Resolve("repeated_field_encoding", field, message) is string encoding) return encoding == "PACKED";
        return message.File.Syntax != "proto2";
    }

    /// <summary>Whether a message field uses the group encoding (proto2 groups, editions DELIMITED).</summary>
    public static bool IsDelimited(FieldModel field, MessageContext message) =>
        field.Type == FieldType.Group
        || (field.Type == FieldType.Message && Resolve("message_encoding", field, message) == "DELIMITED");

    private static string? Resolve(string feature, FieldModel field, MessageContext message)
    {
        string name = "features." + feature;
        if (field.Options.Get(name) is string value) return value;
        for (var scope = message; scope is not null; scope = scope.Parent)
        {
            if (scope.Message.Options.Get(name) is string messageValue) return messageValue;
        }
        return message.File.Options.Get(name);
    }
}
