using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.CSharp;

/// <summary>
/// A field holding at most one value. Subclasses say when it is set and how to read the set value; the size, write,
/// hash and format code is the same for all: guarded by <see cref="IsSet"/>, acting on <see cref="Value"/>.
/// </summary>
internal abstract class SingularFieldEmitter : FieldEmitter
{
    protected SingularFieldEmitter(FieldSpec spec, MessageContext message) : base(spec, message)
    {
    }

    /// <summary>True when the field is to be written: set, or for fields without presence, not the default.</summary>
    protected abstract string IsSet { get; }

    /// <summary>The value (unwrapped for wrappers, typed for oneof members); read only where <see cref="IsSet"/> holds.</summary>
    protected abstract string Value { get; }

    /// <summary>For the JSON emitter: <see cref="IsSet"/>.</summary>
    public string PresenceTest => IsSet;

    /// <summary>For the JSON emitter: <see cref="Value"/>.</summary>
    public string PresentValue => Value;

    public override void WriteSize(CodeWriter w, bool bounded)
    {
        w.Open($"if ({IsSet})");
        WriteSizeOfValue(w, bounded);
        w.Close();
    }

    /// <summary>Adds the size of the set value, tag included (the statements WriteSize guards with IsSet).</summary>
    public void WriteSizeOfValue(CodeWriter w, bool bounded) =>
        w.Line($"size += {TagSizePlus(bounded ? Kind.SizeInBoundingPass(Value) : Kind.Size(Value))};");

    public override void WriteSerialize(CodeWriter w)
    {
        w.Open($"if ({IsSet})");
        WriteValue(w);
        w.Close();
    }

    /// <summary>Writes tag and set value (the statements WriteSerialize guards with IsSet).</summary>
    public void WriteValue(CodeWriter w)
    {
        w.Line(WireTags.WriteRawTag(Number, Kind.WireType));
        Kind.Write(w, Value);
    }

    /// <summary>The longest encoding of the field, tag included, when its write can be part of a run of writes
    /// without space checks (<c>WireRun</c>: a scalar, enum or bool outside a oneof), else null.</summary>
    public int? RunBound => this is not OneofMemberEmitter && Kind.MaxRunBytes is int bytes ? TagSize + bytes : null;

    /// <summary>As <see cref="WriteSerialize"/>, through the run <c>run</c> (only where <see cref="RunBound"/> is not null).</summary>
    public void WriteSerializeInRun(CodeWriter w)
    {
        w.Open($"if ({IsSet})");
        w.Line(WireTags.WriteRawTag(Number, Kind.WireType, "run"));
        Kind.WriteInRun(w, Value);
        w.Close();
    }

    public override void WriteEquals(CodeWriter w) =>
        w.Line($"if ({Kind.NotEqual(BackingName, "other." + BackingName)}) return false;");

    public override void WriteHash(CodeWriter w) => w.Line($"if ({IsSet}) hash ^= {Kind.Hash(Value)};");

    /// <summary>A get/set property over the backing field.</summary>
    protected void WritePlainProperty(CodeWriter w, string type, string setter)
    {
        w.Open($"public {type} {PropertyName}");
        w.Line($"get => {BackingName};");
        WriteSetter(w, $"{BackingName} = {setter};");
        w.Close();
    }

    /// <summary>A setter made of one assignment, which forgets the message's size if it remembers one.</summary>
    protected void WriteSetter(CodeWriter w, string assignment)
    {
        if (!Message.RemembersSize)
        {
            w.Line($"set => {assignment}");
            return;
        }
        w.Open("set");
        w.Line(assignment);
        WriteForgetSize(w);
        w.Close();
    }

    /// <summary>In a message that remembers its size, the statement forgetting it: every member that changes the field
    /// writes it.</summary>
    protected void WriteForgetSize(CodeWriter w)
    {
        if (Message.RemembersSize) w.Line($"{MessageContext.RememberedSizeField} = 0;");
    }
}
