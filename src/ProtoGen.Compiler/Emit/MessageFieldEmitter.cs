using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.Emit;

/// <summary>A singular message field: a nullable property (null = not set), merged into on parse and on MergeFrom.</summary>
internal sealed class MessageFieldEmitter : SingularFieldEmitter
{
    public MessageFieldEmitter(FieldModel field, ValueKind kind, MessageContext message) : base(field, kind, message)
    {
    }

    protected override string IsSet => BackingName + " != null";

    protected override string Value => BackingName;

    protected override void WriteState(CodeWriter w) => w.Line($"private {Kind.PropertyType(Message.Types)} {BackingName};");

    protected override void WriteProperty(CodeWriter w) => WritePlainProperty(w, Kind.PropertyType(Message.Types), "value");

    public override void WriteCopy(CodeWriter w) => w.Line($"{BackingName} = other.{BackingName}?.Clone();");

    public override void WriteClear(CodeWriter w) => w.Line($"{BackingName} = null;");

    public override void WriteParseCases(CodeWriter w)
    {
        WriteCase(w, Kind.WireType, $"{BackingName} ??= new {Kind.ElementType}();", ReadMessageInto(Kind, BackingName));
    }

    public override void WriteIsInitialized(CodeWriter w)
    {
        bool required = Features.IsRequired(Field, Message.Info.Scope);
        if (required && ValuesNeedInitializationCheck) w.Line($"if ({BackingName} == null || !{BackingName}.IsInitialized()) return false;");
        else if (required) w.Line($"if ({BackingName} == null) return false;");
        else if (ValuesNeedInitializationCheck) w.Line($"if ({BackingName} != null && !{BackingName}.IsInitialized()) return false;");
    }

    public override void WriteMerge(CodeWriter w)
    {
        w.Open($"if (other.{BackingName} != null)");
        w.Line($"{BackingName} ??= new {Kind.ElementType}();");
        w.Line($"{BackingName}.MergeFrom(other.{BackingName});");
        w.Close();
    }
}
