using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.Emit;

/// <summary>A singular field of a well-known wrapper type (<c>google.protobuf.Int32Value</c>...): a nullable property
/// of the wrapped type, written as a nested message whose field 1 is omitted when it holds the default.</summary>
internal sealed class WrapperFieldEmitter : SingularFieldEmitter
{
    public WrapperFieldEmitter(FieldModel field, ValueKind kind, MessageContext message) : base(field, kind, message)
    {
    }

    protected override string IsSet => BackingName + " != null";

    protected override string Value => Kind.Unwrap(BackingName);

    protected override void WriteState(CodeWriter w) => w.Line($"private {Kind.PropertyType(Message.Types)} {BackingName};");

    protected override void WriteProperty(CodeWriter w) => WritePlainProperty(w, Kind.PropertyType(Message.Types), "value");

    public override void WriteCopy(CodeWriter w) => w.Line($"{BackingName} = other.{BackingName};");

    public override void WriteClear(CodeWriter w) => w.Line($"{BackingName} = null;");

    public override void WriteParseCases(CodeWriter w)
    {
        // Merging a wrapper message: its value replaces ours when present (not default), as for any proto3 field.
        w.Open(WireTags.Case(Number, Kind.WireType));
        w.Line($"{Kind.UnwrappedType} value = {Kind.Read};");
        w.Open($"if ({BackingName} == null || {Kind.Wrapped!.IsNotDefault("value")})");
        w.Line($"{BackingName} = value;");
        w.Close();
        w.Line("break;");
        w.Close();
    }

    public override void WriteMerge(CodeWriter w)
    {
        string otherValue = Kind.Unwrap("other." + BackingName);
        w.Open($"if (other.{BackingName} != null && ({BackingName} == null || {Kind.Wrapped!.IsNotDefault(otherValue)}))");
        w.Line($"{BackingName} = other.{BackingName};");
        w.Close();
    }
}
