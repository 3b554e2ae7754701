using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.CSharp;

/// <summary>
/// The code of one field in each generated member of its message. One subclass per cardinality and presence:
/// implicit presence (proto3 scalars), explicit presence (proto3 <c>optional</c>, proto2 <c>optional</c>, editions
/// <c>EXPLICIT</c>), message,
/// wrapper, oneof member, repeated, map. Each writes statements into the member the message emitter has opened,
/// with locals <c>size</c>, <c>writer</c>, <c>reader</c>, <c>other</c>, <c>hash</c>, <c>formatter</c> in scope.
/// </summary>
internal abstract class FieldEmitter
{
    protected FieldEmitter(FieldSpec spec, MessageContext message)
    {
        Spec = spec;
        Message = message;
    }

    /// <summary>Every decision about the field, taken by the planner.</summary>
    public FieldSpec Spec { get; }

    public FieldModel Field => Spec.Field;

    public ValueKind Kind => Spec.Kind;

    public MessageContext Message { get; }

    public string PropertyName => Spec.PropertyName;

    protected string BackingName => Spec.BackingName;

    /// <summary>The private field behind the property (a list or map: read without creating one).</summary>
    public string Backing => BackingName;

    protected int Number => Field.Number;

    protected int TagSize => WireTags.TagSize(Field.Number);

    /// <summary>Creates the emitter of a field's shape; oneof members belong to their <see cref="OneofEmitter"/>.</summary>
    public static FieldEmitter Create(FieldSpec spec, MessageContext message) => spec.Shape switch
    {
        FieldShape.Map => new MapFieldEmitter(spec, message),
        FieldShape.Repeated => new RepeatedFieldEmitter(spec, message),
        FieldShape.Message => new MessageFieldEmitter(spec, message),
        FieldShape.Wrapper => new WrapperFieldEmitter(spec, message),
        FieldShape.ExplicitPresence => new ExplicitPresenceFieldEmitter(spec, message),
        FieldShape.ImplicitPresence => new ImplicitPresenceFieldEmitter(spec, message),
        _ => throw new InvalidOperationException($"A {spec.Shape} field is emitted by its oneof."),
    };

    /// <summary>The field-number constant, private state and public property (with Has/Clear members when the field has them).</summary>
    public void WriteMembers(CodeWriter w)
    {
        w.Line($"public const int {Spec.FieldNumberName} = {Number};");
        WriteState(w);
        DocComments.WriteDocsAndAttributes(w, Field.Comments, Field.Options);
        w.NonUserCode();
        WriteProperty(w);
    }

    /// <summary>Private fields holding the value (and cached sizes).</summary>
    protected abstract void WriteState(CodeWriter w);

    protected abstract void WriteProperty(CodeWriter w);

    /// <summary>The state of a list or map field: the collection type's shared, unchangeable Empty instance until
    /// the property is first read (then a new collection of the message's own). Reading the field for size, write,
    /// equality or formatting never creates one, so a message whose collections stay empty allocates none.</summary>
    protected void WriteSharedEmptyState(CodeWriter w, string collectionType)
    {
        w.Line($"// The shared empty instance until {PropertyName} is first asked for.");
        w.Line($"private {collectionType} {BackingName} = {collectionType}.Empty;");
    }

    /// <summary>The property of a list or map field: replaces the shared empty instance with a new collection when
    /// first read; parsing and merging add through it too.</summary>
    protected void WriteCreatingProperty(CodeWriter w, string collectionType) =>
        w.Line($"public {collectionType} {PropertyName} => object.ReferenceEquals({BackingName}, {collectionType}.Empty) ? {BackingName} = new() : {BackingName};");

    /// <summary>Statements of the copy constructor (deep copy from <c>other</c>).</summary>
    public abstract void WriteCopy(CodeWriter w);

    /// <summary>Adds the encoded size, tag included, to <c>size</c>; computes sub-message sizes, which they cache. With
    /// <paramref name="bounded"/> (a size body generic over a pass that may bound), strings and sub-messages written
    /// within their bound are sized by the pass (see <see cref="ValueKind.SizeInBoundingPass"/>).</summary>
    public abstract void WriteSize(CodeWriter w, bool bounded);

    /// <summary>Writes tag and value when the field is to be written; uses sizes cached by the size pass.</summary>
    public abstract void WriteSerialize(CodeWriter w);

    /// <summary>The <c>case</c> sections of the parse switch, one per accepted tag.</summary>
    public abstract void WriteParseCases(CodeWriter w);

    /// <summary>Merges <c>other</c>'s value in, with protobuf merge semantics.</summary>
    public abstract void WriteMerge(CodeWriter w);

    /// <summary>Returns false when <c>other</c>'s value differs.</summary>
    public abstract void WriteEquals(CodeWriter w);

    /// <summary>Mixes the value into <c>hash</c>.</summary>
    public abstract void WriteHash(CodeWriter w);

    /// <summary>Statements of <c>IMessage.Clear()</c>: the field reads as unset afterwards; lists and maps keep their
    /// storage, and a list of messages keeps its elements for the next parse to reuse (the has-bits are cleared by the
    /// message).</summary>
    public abstract void WriteClear(CodeWriter w);

    protected string TagSizePlus(string valueSize)
    {
        // Fold constants: "1 + 8" is written as "9".
        if (int.TryParse(valueSize, out int constant)) return (TagSize + constant).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"{TagSize} + {valueSize}";
    }

    /// <summary>A parse case whose statements need no block of their own (one statement: the case on one line).</summary>
    protected void WriteCase(CodeWriter w, WireType wireType, params string[] statements)
    {
        if (statements.Length == 1)
        {
            w.Line($"{WireTags.Case(Number, wireType)} {statements[0]} break;");
            return;
        }
        w.Line(WireTags.Case(Number, wireType));
        w.Indent();
        foreach (string statement in statements) w.Line(statement);
        w.Line("break;");
        w.Unindent();
    }

    /// <summary>A parse case reading one closed-enum value: a declared number is stored with <paramref name="store"/>
    /// (given the typed value), any other is kept in the unknown fields, as protoc's runtimes do.</summary>
    protected void WriteClosedEnumCase(CodeWriter w, Func<string, string> store)
    {
        w.Open(WireTags.Case(Number, WireType.Varint));
        WriteClosedEnumRead(w, store);
        w.Line("break;");
        w.Close();
    }

    protected void WriteClosedEnumRead(CodeWriter w, Func<string, string> store)
    {
        w.Line("int number = reader.ReadEnum();");
        w.Open($"if ({Kind.IsDeclaredEnumNumber("number")})");
        w.Line(store($"({Kind.ElementType})number"));
        w.Close();
        w.Open("else");
        w.Line($"_unknownFields = pg::UnknownFieldSet.AddVarint(_unknownFields, {Number}, number);");
        w.Close();
    }

    /// <summary>Statements of <c>IsInitialized()</c> returning false when this field lacks a required value, here or
    /// in the messages it holds; nothing for fields that cannot.</summary>
    public virtual void WriteIsInitialized(CodeWriter w)
    {
    }

    /// <summary>Whether values of this field are messages that may lack required fields.</summary>
    protected bool ValuesNeedInitializationCheck =>
        Kind.IsMessage && Message.Types.NeedsInitializationCheck(Kind.TypeInfo!);

    /// <summary>Reads a length-delimited message into <paramref name="target"/>. A message of this field's own type is
    /// read with ReadMessage written out: the JIT does not inline ReadMessage into the MergeFrom it would call back,
    /// and the call it leaves goes through the interface.</summary>
    protected string ReadMessageInto(ValueKind kind, string target) =>
        kind.Type == FieldType.Message && kind.TypeInfo?.FullName == Message.Info.FullName
            ? $"{{ int messageLimit = reader.EnterMessage(); ((pg::IMessage){target}).MergeFrom(ref reader); reader.ExitMessage(messageLimit); }}"
            : kind.ReadInto(target);

    protected static string NullCheckedSetter(ValueKind kind) =>
        kind.IsReferenceType ? "value ?? throw new global::System.ArgumentNullException(nameof(value))" : "value";
}
