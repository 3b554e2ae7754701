using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.Emit;

/// <summary>A singular message field: a nullable property (null = not set), merged into on parse and on MergeFrom.</summary>
internal sealed class MessageFieldEmitter : FieldEmitter
{
    public MessageFieldEmitter(FieldModel field, ValueKind kind, MessageContext message) : base(field, kind, message)
    {
    }

    protected override void WriteState(CodeWriter w) => w.Line($"private {Kind.PropertyType} {BackingName};");

    protected override void WriteProperty(CodeWriter w)
    {
        w.Open($"public {Kind.PropertyType} {PropertyName}");
        w.Line($"get => {BackingName};");
        w.Line($"set => {BackingName} = value;");
        w.Close();
    }

    public override void WriteCopy(CodeWriter w) => w.Line($"{BackingName} = other.{BackingName}?.Clone();");

    public override void WriteSize(CodeWriter w)
    {
        w.Open($"if ({BackingName} != null)");
        w.Line($"size += {TagSizePlus(Kind.Size(BackingName))};");
        w.Close();
    }

    public override void WriteSerialize(CodeWriter w)
    {
        w.Open($"if ({BackingName} != null)");
        w.Line(WireTags.WriteRawTag(Number, Kind.WireType));
        Kind.Write(w, BackingName);
        w.Close();
    }

    public override void WriteParseCases(CodeWriter w)
    {
        w.Line(WireTags.Case(Number, Kind.WireType));
        w.Indent();
        w.Line($"{BackingName} ??= new {Kind.ElementType}();");
        w.Line(Kind.ReadInto(BackingName));
        w.Line("break;");
        w.Unindent();
    }

    public override void WriteMerge(CodeWriter w)
    {
        w.Open($"if (other.{BackingName} != null)");
        w.Line($"{BackingName} ??= new {Kind.ElementType}();");
        w.Line($"{BackingName}.MergeFrom(other.{BackingName});");
        w.Close();
    }

    public override void WriteEquals(CodeWriter w) =>
        w.Line($"if ({Kind.NotEqual(BackingName, "other." + BackingName)}) return false;");

    public override void WriteHash(CodeWriter w) =>
        w.Line($"if ({BackingName} != null) hash ^= {Kind.Hash(BackingName)};");

    public override void WriteFormat(CodeWriter w)
    {
        w.Open($"if ({BackingName} != null)");
        WriteFormatName(w);
        Kind.Format(w, BackingName);
        w.Close();
    }
}
