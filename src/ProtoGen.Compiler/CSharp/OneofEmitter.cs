using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.CSharp;

/// <summary>A real oneof (not the synthetic one of a proto3 <c>optional</c> field): one <c>object?</c> holding the
/// member's value and a case enum. Members are <see cref="OneofMemberEmitter"/>s; this writes what they share.</summary>
internal sealed class OneofEmitter
{
    public OneofEmitter(OneofSpec spec, MessageContext message)
    {
        Spec = spec;
        Message = message;
    }

    /// <summary>The oneof's names and members, decided by the planner.</summary>
    public OneofSpec Spec { get; }

    public OneofModel Oneof => Spec.Oneof;

    public MessageContext Message { get; }

    /// <summary>The emitters of the members, added by the message emitter in declaration order.</summary>
    public List<OneofMemberEmitter> Members { get; } = new();

    public string PropertyName => Spec.PropertyName;

    /// <summary>The <c>object?</c> field holding the current member's value.</summary>
    public string FieldName => Spec.FieldName;

    public string CaseEnum => Spec.CaseEnum;

    public string CaseField => Spec.CaseField;

    public void WriteMembers(CodeWriter w)
    {
        w.Line($"private {Message.Types.MaybeNull("object")} {FieldName};");
        w.Line($"/// <summary>Enum of possible cases for the \"{Oneof.Name}\" oneof.</summary>");
        w.Open($"public enum {CaseEnum}");
        w.Line("None = 0,");
        foreach (var member in Members) w.Line($"{member.CaseName} = {member.Field.Number},");
        w.Close();
        w.Line($"private {CaseEnum} {CaseField} = {CaseEnum}.None;");
        DocComments.WriteSummary(w, Oneof.Comments);
        w.NonUserCode();
        w.Line($"public {CaseEnum} {Spec.CaseProperty} => {CaseField};");
        w.Line($"/// <summary>Clears the \"{Oneof.Name}\" oneof: no member is set afterwards.</summary>");
        w.NonUserCode();
        w.Open($"public void {Spec.ClearName}()");
        w.Line($"{CaseField} = {CaseEnum}.None;");
        w.Line($"{FieldName} = null;");
        if (Message.RemembersSize) w.Line($"{MessageContext.RememberedSizeField} = 0;");
        w.Close();
    }

    /// <summary>Statements of IMessage.Clear(): no member is set afterwards (a message member is let go).</summary>
    public void WriteClear(CodeWriter w)
    {
        w.Line($"{CaseField} = {CaseEnum}.None;");
        w.Line($"{FieldName} = null;");
    }

    public void WriteCopy(CodeWriter w)
    {
        w.Line($"{CaseField} = other.{CaseField};");
        var messages = Members.Where(m => m.Kind.IsMessage).ToList();
        if (messages.Count == 0)
        {
            w.Line($"{FieldName} = other.{FieldName};");
            return;
        }
        w.Open($"switch (other.{CaseField})");
        foreach (var member in messages)
        {
            w.Line($"case {member.CaseLabel}:");
            w.Indent();
            w.Line($"{FieldName} = (({member.Kind.ElementType})other.{FieldName}!).Clone();");
            w.Line("break;");
            w.Unindent();
        }
        w.Line("default:");
        w.Indent();
        w.Line($"{FieldName} = other.{FieldName};");
        w.Line("break;");
        w.Unindent();
        w.Close();
    }

    public void WriteMerge(CodeWriter w)
    {
        w.Open($"switch (other.{CaseField})");
        foreach (var member in Members)
        {
            w.Line($"case {member.CaseLabel}:");
            w.Indent();
            member.WriteMerge(w);
            w.Line("break;");
            w.Unindent();
        }
        w.Close();
    }

    /// <summary>The size or write statements of <paramref name="members"/> (some of this oneof's members, next to
    /// each other in field-number order) as one switch on the case, instead of a test per member.</summary>
    public void WriteSwitch(CodeWriter w, IReadOnlyList<OneofMemberEmitter> members, Action<OneofMemberEmitter, CodeWriter> writeCase)
    {
        w.Open($"switch ({CaseField})");
        foreach (var member in members)
        {
            w.Line($"case {member.CaseLabel}:");
            w.Indent();
            writeCase(member, w);
            w.Line("break;");
            w.Unindent();
        }
        w.Close();
    }

    public void WriteEquals(CodeWriter w)
    {
        foreach (var member in Members) member.WriteEquals(w);
        w.Line($"if ({CaseField} != other.{CaseField}) return false;");
    }

    public void WriteHash(CodeWriter w)
    {
        foreach (var member in Members) member.WriteHash(w);
        w.Line($"hash ^= (int){CaseField};");
    }
}

/// <summary>A member of a real oneof: set whenever its case is current, even to the default value.</summary>
internal sealed class OneofMemberEmitter : SingularFieldEmitter
{
    private readonly OneofEmitter _oneof;

    public OneofMemberEmitter(FieldSpec spec, OneofEmitter oneof)
        : base(spec, oneof.Message)
    {
        _oneof = oneof;
    }

    public string CaseName => Spec.CaseName!;

    public string CaseLabel => _oneof.Spec.CaseLabel(Spec);

    public OneofEmitter Oneof => _oneof;

    private string IsCurrent => $"{_oneof.CaseField} == {CaseLabel}";

    /// <summary>The current value, typed; only valid when this member's case is current.</summary>
    private string Current => $"(({Kind.UnwrappedType}){_oneof.FieldName}!)";

    protected override string IsSet => IsCurrent;

    protected override string Value => Current;

    private bool IsNullable => Kind.IsMessage || Kind.IsWrapper;

    protected override void WriteState(CodeWriter w)
    {
        // The value lives in the oneof's shared field; only a bytes default needs one of its own.
        if (DefaultValues.NeedsStaticField(Field, Kind)) DefaultValues.WriteStaticField(w, Field, PropertyName);
    }

    protected override void WriteProperty(CodeWriter w)
    {
        w.Open($"public {Kind.PropertyType(Message.Types)} {PropertyName}");
        if (IsNullable)
        {
            w.Line($"get => {IsCurrent} ? ({Kind.PropertyType(Message.Types)}){_oneof.FieldName} : null;");
            w.Open("set");
            w.Line($"{_oneof.FieldName} = value;");
            w.Line($"{_oneof.CaseField} = value == null ? {_oneof.CaseEnum}.None : {CaseLabel};");
            w.Close();
        }
        else
        {
            w.Line($"get => {IsCurrent} ? {Current} : {DefaultValues.Expression(Field, Kind, PropertyName)};");
            w.Open("set");
            w.Line($"{_oneof.FieldName} = {NullCheckedSetter(Kind)};");
            w.Line($"{_oneof.CaseField} = {CaseLabel};");
            WriteForgetSize(w);
            w.Close();
        }
        w.Close();
    }

    // The oneof clears its members together.
    public override void WriteClear(CodeWriter w)
    {
    }

    public override void WriteCopy(CodeWriter w)
    {
        // Copied by the oneof.
    }

    public override void WriteParseCases(CodeWriter w)
    {
        if (Kind.IsMessage)
        {
            // Merge into the current value when this member is already set, as protobuf merge semantics require.
            w.Open(WireTags.Case(Number, Kind.WireType));
            w.Line($"var value = {IsCurrent} ? {Current} : new {Kind.ElementType}();");
            w.Line(ReadMessageInto(Kind, "value"));
            w.Line($"{PropertyName} = value;");
            w.Line("break;");
            w.Close();
            return;
        }
        if (Kind.IsClosedEnum) WriteClosedEnumCase(w, value => $"{PropertyName} = {value};");
        else WriteCase(w, Kind.WireType, $"{PropertyName} = {Kind.Read};");
    }

    public override void WriteIsInitialized(CodeWriter w)
    {
        if (ValuesNeedInitializationCheck) w.Line($"if ({IsCurrent} && !{Current}.IsInitialized()) return false;");
    }

    /// <summary>Statements of this member's case in the oneof's merge switch.</summary>
    public override void WriteMerge(CodeWriter w)
    {
        if (Kind.IsMessage)
        {
            w.Line($"if (!({IsCurrent})) {PropertyName} = new {Kind.ElementType}();");
            w.Line($"{Current}.MergeFrom((({Kind.ElementType})other.{_oneof.FieldName}!));");
        }
        else
        {
            w.Line($"{PropertyName} = other.{PropertyName};");
        }
    }

    public override void WriteEquals(CodeWriter w) =>
        w.Line($"if ({Kind.NotEqual(PropertyName, "other." + PropertyName)}) return false;");
}
