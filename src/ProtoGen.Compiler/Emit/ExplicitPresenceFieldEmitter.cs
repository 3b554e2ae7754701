using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.Emit;

/// <summary>A singular scalar, string, bytes or enum with presence (proto3 <c>optional</c>): <c>HasXxx</c> and
/// <c>ClearXxx()</c>, written whenever set, even to the default. Strings and bytes use null as "unset"; other types
/// a bit in the message's has-bits.</summary>
internal sealed class ExplicitPresenceFieldEmitter : SingularFieldEmitter
{
    private readonly string? _hasBitsField;
    private readonly string? _hasBitMask;

    public ExplicitPresenceFieldEmitter(FieldModel field, ValueKind kind, MessageContext message) : base(field, kind, message)
    {
        if (!kind.IsReferenceType) (_hasBitsField, _hasBitMask) = message.AllocateHasBit();
        Default = DefaultValues.Expression(field, kind, PropertyName);
    }

    /// <summary>What the property reads while unset: the declared default, else the type's.</summary>
    private string Default { get; }

    protected override string IsSet => Has("");

    protected override string Value => BackingName;

    private string Has(string owner) => Kind.IsReferenceType
        ? $"{owner}{BackingName} != null"
        : $"({owner}{_hasBitsField} & {_hasBitMask}) != 0";

    public override void WriteClear(CodeWriter w) => w.Line($"{BackingName} = default;");

    protected override void WriteState(CodeWriter w)
    {
        if (DefaultValues.NeedsStaticField(Field, Kind)) DefaultValues.WriteStaticField(w, Field, PropertyName);
        w.Line(Kind.IsReferenceType ? $"private {Message.Types.MaybeNull(Kind.ElementType)} {BackingName};" : $"private {Kind.ElementType} {BackingName};");
    }

    protected override void WriteProperty(CodeWriter w)
    {
        w.Open($"public {Kind.ElementType} {PropertyName}");
        if (Kind.IsReferenceType)
        {
            w.Line($"get => {BackingName} ?? {Default};");
            WriteSetter(w, $"{BackingName} = {NullCheckedSetter(Kind)};");
        }
        else
        {
            w.Line($"get => {Has("")} ? {BackingName} : {Default};");
            w.Open("set");
            w.Line($"{_hasBitsField} |= {_hasBitMask};");
            w.Line($"{BackingName} = value;");
            WriteForgetSize(w);
            w.Close();
        }
        w.Close();
        w.Line($"/// <summary>Gets whether the \"{Field.Name}\" field is set.</summary>");
        w.NonUserCode();
        w.Line($"public bool Has{PropertyName} => {Has("")};");
        w.Line($"/// <summary>Clears the value of the \"{Field.Name}\" field.</summary>");
        w.NonUserCode();
        w.Open($"public void Clear{PropertyName}()");
        if (Kind.IsReferenceType)
        {
            w.Line($"{BackingName} = null;");
        }
        else
        {
            w.Line($"{_hasBitsField} &= ~{_hasBitMask};");
            w.Line($"{BackingName} = default;");
        }
        WriteForgetSize(w);
        w.Close();
    }

    // The has-bits are copied once for the whole message by the message emitter.
    public override void WriteCopy(CodeWriter w) => w.Line($"{BackingName} = other.{BackingName};");

    public override void WriteParseCases(CodeWriter w)
    {
        if (Kind.IsClosedEnum) WriteClosedEnumCase(w, value => $"{PropertyName} = {value};");
        else WriteCase(w, Kind.WireType, $"{PropertyName} = {Kind.Read};");
    }

    public override void WriteIsInitialized(CodeWriter w)
    {
        if (!Features.IsRequired(Field, Message.Info.Scope)) return;
        w.Line(Kind.IsReferenceType
            ? $"if ({BackingName} == null) return false;"
            : $"if (({_hasBitsField} & {_hasBitMask}) == 0) return false;");
    }

    public override void WriteMerge(CodeWriter w)
    {
        w.Open($"if ({Has("other.")})");
        w.Line($"{PropertyName} = other.{PropertyName};");
        w.Close();
    }

    public override void WriteEquals(CodeWriter w)
    {
        w.Line($"if (Has{PropertyName} != other.Has{PropertyName}) return false;");
        w.Line($"if ({Kind.NotEqual(PropertyName, "other." + PropertyName)}) return false;");
    }
}
