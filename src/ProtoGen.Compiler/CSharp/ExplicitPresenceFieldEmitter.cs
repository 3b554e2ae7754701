using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.CSharp;

/// <summary>A singular scalar, string, bytes or enum with presence (proto3 <c>optional</c>): <c>HasXxx</c> and
/// <c>ClearXxx()</c>, written whenever set, even to the default. Strings and bytes use null as "unset"; other types
/// a bit in the message's has-bits.</summary>
internal sealed class ExplicitPresenceFieldEmitter : SingularFieldEmitter
{
    public ExplicitPresenceFieldEmitter(FieldSpec spec, MessageContext message) : base(spec, message)
    {
        Default = DefaultValues.Expression(Field, Kind, PropertyName);
    }

    /// <summary>What the property reads while unset: the declared default, else the type's.</summary>
    private string Default { get; }

    protected override string IsSet => Has("");

    protected override string Value => BackingName;

    // The presence bit of a value type (strings and bytes have none: null is "unset").
    private string? HasBitsField => Spec.HasBit?.Field;

    private string? HasBitMask => Spec.HasBit?.Mask;

    private string Has(string owner) => Kind.IsReferenceType
        ? $"{owner}{BackingName} != null"
        : $"({owner}{HasBitsField} & {HasBitMask}) != 0";

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
            w.Line($"{HasBitsField} |= {HasBitMask};");
            w.Line($"{BackingName} = value;");
            WriteForgetSize(w);
            w.Close();
        }
        w.Close();
        w.Line($"/// <summary>Gets whether the \"{Field.Name}\" field is set.</summary>");
        w.NonUserCode();
        w.Line($"public bool {Spec.HasName} => {Has("")};");
        w.Line($"/// <summary>Clears the value of the \"{Field.Name}\" field.</summary>");
        w.NonUserCode();
        w.Open($"public void {Spec.ClearName}()");
        if (Kind.IsReferenceType)
        {
            w.Line($"{BackingName} = null;");
        }
        else
        {
            w.Line($"{HasBitsField} &= ~{HasBitMask};");
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
        if (!Spec.IsRequired) return;
        w.Line(Kind.IsReferenceType
            ? $"if ({BackingName} == null) return false;"
            : $"if (({HasBitsField} & {HasBitMask}) == 0) return false;");
    }

    public override void WriteMerge(CodeWriter w)
    {
        w.Line($"if ({Has("other.")}) {PropertyName} = other.{PropertyName};");
    }

    public override void WriteEquals(CodeWriter w)
    {
        w.Line($"if ({Spec.HasName} != other.{Spec.HasName}) return false;");
        w.Line($"if ({Kind.NotEqual(PropertyName, "other." + PropertyName)}) return false;");
    }
}
