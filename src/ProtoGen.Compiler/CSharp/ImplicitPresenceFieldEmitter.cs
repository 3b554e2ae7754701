using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.CSharp;

/// <summary>A proto3 singular scalar, string, bytes or enum without <c>optional</c>: no presence, written only when
/// not the default (for floating point: not equal to zero, so -0.0 is not written, exactly as Google.Protobuf).</summary>
internal sealed class ImplicitPresenceFieldEmitter : SingularFieldEmitter
{
    public ImplicitPresenceFieldEmitter(FieldSpec spec, MessageContext message) : base(spec, message)
    {
    }

    protected override string IsSet => Kind.IsNotZero(BackingName);

    protected override string Value => BackingName;

    protected override void WriteState(CodeWriter w) =>
        w.Line(Kind.IsReferenceType
            ? $"private {Kind.ElementType} {BackingName} = {Kind.DefaultValue};"
            : $"private {Kind.ElementType} {BackingName};");

    protected override void WriteProperty(CodeWriter w) => WritePlainProperty(w, Kind.ElementType, NullCheckedSetter(Kind));

    public override void WriteCopy(CodeWriter w) => w.Line($"{BackingName} = other.{BackingName};");

    public override void WriteClear(CodeWriter w) => w.Line($"{BackingName} = {(Kind.IsReferenceType ? Kind.DefaultValue : "default")};");

    public override void WriteParseCases(CodeWriter w)
    {
        WriteCase(w, Kind.WireType, $"{BackingName} = {Kind.Read};");
    }

    public override void WriteMerge(CodeWriter w)
    {
        w.Line($"if ({Kind.IsNotZero("other." + BackingName)}) {BackingName} = other.{BackingName};");
    }
}
