using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.CSharp;

/// <summary>What the emitters of one message share: its plan, the file being written and the type index.</summary>
internal sealed class MessageContext
{
    public MessageContext(MessageSpec spec, FileModel file, TypeIndex types)
    {
        Spec = spec;
        File = file;
        Types = types;
    }

    /// <summary>Every decision about the message, taken before its text is written.</summary>
    public MessageSpec Spec { get; }

    public MessageModel Message => Spec.Message;

    /// <summary>The message's entry in the type index (its feature scopes).</summary>
    public ProtoTypeInfo Info => Spec.Layout.Info;

    /// <summary><c>global::</c>-qualified name of the generated class.</summary>
    public string CSharpName => Spec.Layout.CSharpName;

    public FileModel File { get; }

    public TypeIndex Types { get; }

    /// <summary>The field in which a plain-value message remembers its size (see EmitPlanner.RememberedSizeType).</summary>
    public const string RememberedSizeField = "_rememberedSize";

    /// <summary>Whether the message remembers its size between CalculateSize calls, so that every member changing a
    /// field must forget it.</summary>
    public bool RemembersSize => Spec.Layout.RemembersSize;
}
