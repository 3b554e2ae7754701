using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.Emit;

/// <summary>A proto3 singular scalar, string, bytes or enum without <c>optional</c>: no presence, written only when
/// not the default (for floating point: not equal to zero, so -0.0 is not written, exactly as Google.Protobuf).</summary>
internal sealed class ImplicitPresenceFieldEmitter : FieldEmitter
{
    public ImplicitPresenceFieldEmitter(FieldModel field, ValueKind kind, MessageContext message) : base(field, kind, message)
    {
    }

    protected override void WriteState(CodeWriter w) =>
        w.Line(Kind.IsReferenceType
            ? $"private {Kind.ElementType} {BackingName} = {Kind.DefaultValue};"
            : $"private {Kind.ElementType} {BackingName};");

    protected override void WriteProperty(CodeWriter w)
    {
        w.Open($"public {Kind.ElementType} {PropertyName}");
        w.Line($"get => {BackingName};");
        w.Line($"set => {BackingName} = {NullCheckedSetter(Kind)};");
        w.Close();
    }

    public override void WriteCopy(CodeWriter w) => w.Line($"{BackingName} = other.{BackingName};");

    public override void WriteSize(CodeWriter w)
    {
        w.Open($"if ({Kind.IsNotZero(BackingName)})");
        w.Line($"size += {TagSizePlus(Kind.Size(BackingName))};");
        w.Close();
    }

    public override void WriteSerialize(CodeWriter w)
    {
        w.Open($"if ({Kind.IsNotZero(BackingName)})");
        w.Line(WireTags.WriteRawTag(Number, Kind.WireType));
        Kind.Write(w, BackingName);
        w.Close();
    }

    public override void WriteParseCases(CodeWriter w)
    {
        w.Line(WireTags.Case(Number, Kind.WireType));
        w.Indent();
        w.Line($"{BackingName} = {Kind.Read};");
        w.Line("break;");
        w.Unindent();
    }

    public override void WriteMerge(CodeWriter w)
    {
        w.Open($"if ({Kind.IsNotZero("other." + BackingName)})");
        w.Line($"{BackingName} = other.{BackingName};");
        w.Close();
    }

    public override void WriteEquals(CodeWriter w) =>
        w.Line($"if ({Kind.NotEqual(BackingName, "other." + BackingName)}) return false;");

    public override void WriteHash(CodeWriter w) =>
        w.Line($"if ({Kind.IsNotZero(BackingName)}) hash ^= {Kind.Hash(BackingName)};");

    public override void WriteFormat(CodeWriter w)
    {
        w.Open($"if ({Kind.IsNotZero(BackingName)})");
        WriteFormatName(w);
        Kind.Format(w, BackingName);
        w.Close();
    }
}
