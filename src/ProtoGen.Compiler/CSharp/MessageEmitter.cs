using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.CSharp;

/// <summary>Writes the class of one message: properties, straight-line size/write/parse code per field, merge, clone,
/// equality, formatting, the public serialization API (delegating to the runtime's MessageSerializer), then its nested
/// types inside a <c>Types</c> class.</summary>
internal sealed class MessageEmitter
{
    private const string WireWriter = "pgw::WireWriter";
    private const string WireReader = "pgw::WireReader";
    private const string Serializer = "pg::MessageSerializer";
    private const string RememberedSize = MessageContext.RememberedSizeField;

    private readonly MessageContext _context;
    private readonly string _className;
    private readonly List<FieldEmitter> _fields = new();
    private readonly List<OneofEmitter> _oneofs = new();

    private MessageEmitter(MessageContext context)
    {
        _context = context;
        _className = context.Spec.Layout.ClassName;
        var oneofs = context.Spec.Oneofs.Select(oneof => new OneofEmitter(oneof, context)).ToList();
        _oneofs.AddRange(oneofs);
        foreach (var field in context.Spec.Fields)
        {
            if (field.OneofIndex is int index)
            {
                var member = new OneofMemberEmitter(field, oneofs[index]);
                oneofs[index].Members.Add(member);
                _fields.Add(member);
            }
            else
            {
                _fields.Add(FieldEmitter.Create(field, context));
            }
        }
    }

    /// <param name="access">The class's accessibility: the file's top-level access, or public when nested.</param>
    public static void Emit(CodeWriter w, MessageModel message, TypeIndex types, FileModel file, string access = "public")
    {
        var spec = types.Planner.Plan(types.Get(message.FullName));
        new MessageEmitter(new MessageContext(spec, file, types)).Write(w, access);
    }

    /// <summary>The message's sizing decisions.</summary>
    private SizeSpec Sizing => _context.Spec.Size;

    /// <summary>Fields in declaration order, oneof members included (their oneof also lists them).</summary>
    private IEnumerable<FieldEmitter> Fields => _fields;

    /// <summary>Fields in field-number order: the order Google.Protobuf writes them in.</summary>
    private IEnumerable<FieldEmitter> FieldsByNumber => _fields.OrderBy(f => f.Field.Number);

    /// <summary>Fields that copy, merge, compare and hash themselves; oneof members do it through their oneof.</summary>
    private IEnumerable<FieldEmitter> NonOneofFields => _fields.Where(f => f.Spec.Shape != FieldShape.OneofMember);

    /// <summary>Whether the message declares extension ranges, and so holds extension values.</summary>
    private bool IsExtendable => _context.Spec.Layout.IsExtendable;

    private const string Extensions = ExtensionEmitter.FieldName;

    private void Write(CodeWriter w, string access)
    {
        var message = _context.Message;
        DocComments.WriteDocsAndAttributes(w, message.Comments, message.Options);
        DocComments.WriteGeneratedCode(w);
        w.Line(JsonEmitter.ConverterAttribute(_context.CSharpName));
        w.Open($"{access} sealed partial class {_className} : pg::IMessage<{_className}>, {JsonEmitter.BaseInterface(_context)}");
        w.NonUserCode();
        w.Line($"public static pg::MessageParser<{_className}> Parser {{ get; }} = new(static () => new {_className}());");
        w.Line();
        w.Line($"private {_context.Types.MaybeNull("pg::UnknownFieldSet")} _unknownFields;");
        if (RememberedSizeType is not null) WriteRememberedSizeField(w);
        if (IsExtendable) w.Line($"private {_context.Types.MaybeNull("pg::ExtensionSet")} {Extensions};");
        for (int i = 0; i < _context.Spec.Layout.HasBitWords; i++) w.Line($"private int _hasBits{i};");
        w.Line();
        WriteConstructors(w);
        foreach (var field in Fields)
        {
            w.Line();
            field.WriteMembers(w);
        }
        foreach (var oneof in _oneofs)
        {
            w.Line();
            oneof.WriteMembers(w);
        }
        if (IsExtendable)
        {
            w.Line();
            ExtensionEmitter.WriteAccessors(w, _className);
        }
        w.Line();
        WriteEquality(w);
        w.Line();
        WriteFormatting(w);
        w.Line();
        WriteCalculateSize(w);
        w.Line();
        if (!Sizing.HasBoundedFields && _context.Types.Options.DownLevel)
        {
            // The runtime's interface has no default body for it (netstandard2.0): the same answer as that body.
            w.NonUserCode();
            w.Line($"int pg::IMessage.CalculateWriteBound(pgw::SizeTable table) => ((pg::IMessage)this).CalculateSize(table);");
            w.Line();
        }
        // Without sub-messages, maps or extensions, nothing is recorded in or read from a size table, and the serializer
        // writes the message without renting one; the interface's default (true) stands for the others, except down-level
        // where it has no default body.
        bool usesSizeTable = Sizing.HoldsMessages || _context.Spec.Layout.Fields.Any(f => f.Shape == FieldShape.Map);
        if (!usesSizeTable || _context.Types.Options.DownLevel)
        {
            w.NonUserCode();
            w.Line($"bool pg::IMessage.UsesSizeTable => {(usesSizeTable ? "true" : "false")};");
            // The serializer's one call into the message's type when writing to an IBufferWriter: without a size table
            // the runtime's write path is inlined here, on the sealed class, so that Dynamic PGO's guesses in the
            // serializer's shared code do not decide it (docs/serialization.md, "One call into the message's type"); the
            // others keep the interface's default, except down-level where it has no default body.
            w.NonUserCode();
            w.Line($"void pg::IMessage.WriteToOutput(global::System.Buffers.IBufferWriter<byte> o) => pg::MessageSerializer.{(usesSizeTable ? "WriteThroughInterface" : "WriteWithoutSizeTable")}(this, o);");
            w.Line();
        }
        WriteWriteTo(w);
        w.Line();
        WriteParse(w);
        w.Line();
        WriteMergeFrom(w);
        w.Line();
        WriteClear(w);
        w.Line();
        WriteIsInitialized(w);
        w.Line();
        JsonEmitter.Write(w, _context, _fields);
        foreach (var reader in _context.Spec.Layout.WrapperReaders)
        {
            w.Line();
            reader.WriteWrapperReader(w);
        }
        ExtensionEmitter.WriteMessageClass(w, _context);
        WriteNestedTypes(w);
        w.Close();
    }

    private void WriteConstructors(CodeWriter w)
    {
        w.NonUserCode();
        w.Open($"public {_className}()");
        w.Close();
        w.Line();
        w.NonUserCode();
        w.Open($"public {_className}({_className} other) : this()");
        for (int i = 0; i < _context.Spec.Layout.HasBitWords; i++) w.Line($"_hasBits{i} = other._hasBits{i};");
        if (_context.RemembersSize) w.Line($"{RememberedSize} = other.{RememberedSize};");
        foreach (var field in NonOneofFields) field.WriteCopy(w);
        foreach (var oneof in _oneofs) oneof.WriteCopy(w);
        if (IsExtendable) w.Line($"{Extensions} = other.{Extensions}?.Clone();");
        w.Line("_unknownFields = other._unknownFields?.Clone();");
        w.Close();
        w.Line();
        w.NonUserCode();
        w.Line($"public {_className} Clone() => new {_className}(this);");
    }

    private void WriteEquality(CodeWriter w)
    {
        w.NonUserCode();
        w.Line($"public override bool Equals({_context.Types.MaybeNull("object")} other) => Equals(other as {_className});");
        w.Line();
        w.NonUserCode();
        w.Open($"public bool Equals({_context.Types.MaybeNull(_className)} other)");
        w.Line("if (other is null) return false;");
        w.Line("if (object.ReferenceEquals(other, this)) return true;");
        foreach (var field in NonOneofFields) field.WriteEquals(w);
        foreach (var oneof in _oneofs) oneof.WriteEquals(w);
        if (IsExtendable) w.Line($"if (!pg::ExtensionSet.AreEqual({Extensions}, other.{Extensions})) return false;");
        w.Line("return object.Equals(_unknownFields, other._unknownFields);");
        w.Close();
        w.Line();
        w.NonUserCode();
        w.Open("public override int GetHashCode()");
        w.Line("int hash = 1;");
        foreach (var field in NonOneofFields) field.WriteHash(w);
        foreach (var oneof in _oneofs) oneof.WriteHash(w);
        if (IsExtendable) w.Line($"if ({Extensions} != null) hash ^= {Extensions}.GetHashCode();");
        w.Line("if (_unknownFields != null) hash ^= _unknownFields.GetHashCode();");
        w.Line("return hash;");
        w.Close();
    }

    private void WriteFormatting(CodeWriter w)
    {
        w.NonUserCode();
        w.Line($"public override string ToString() => {JsonEmitter.DiagnosticString};");
        w.Line();
        w.NonUserCode();
        w.Line($"string pg::IMessage.ProtoTypeName => {CSharpNames.StringLiteral(_context.Message.FullName.TrimStart('.'))};");
    }

    // The type parameters and parameter of a size body generic over the size pass: with TNested, the pass its
    // sub-messages are sized in, for a message that holds messages.
    private const string PassParameter = "<TPass>(TPass sizes) where TPass : struct, pgw::ISizePass";
    private const string PassParameters = "<TPass, TNested>(TPass sizes) where TPass : struct, pgw::ISizePass<TNested> where TNested : struct, pgw::ISizePass<TNested>";

    private const string AggressiveInlining = "[src::MethodImpl(pgw::JitHints.Inline)]";

    // See docs/serialization.md, "Inlined size bodies"; explained there, not in every generated file.
    private const string CallOnly = "[src::MethodImpl(pgw::JitHints.CallOnly)]";

    /// <summary>
    /// One size body per message. A message that holds no messages and has no strings of its own has nothing to
    /// record and nothing to bound: its one non-generic CalculateSize() serves every pass. Any other message's body is
    /// generic over the pass (pgw::ISizePass): SizeOnlyPass for CalculateSize(), RecordingSizePass for a write's size
    /// pass, BoundSizePass for a write bound (IMessage.CalculateWriteBound, declared only when the bound differs from
    /// the size, SizeSpec.HasBoundedFields). The JIT compiles the body once per pass, so each pass runs only its own
    /// code. A message that holds messages also takes the pass of its sub-messages (TNested), the recording pass
    /// under a bound, so that they run the code of any write. A message that holds no messages sizes in the
    /// SizeOnlyPass for a write too (there is nothing to record), and its parents call its CalculateSize(), a call of
    /// the body small enough for the JIT to inline without being told.
    /// </summary>
    private void WriteCalculateSize(CodeWriter w)
    {
        bool bounded = Sizing.HasBoundedFields;
        if (!Sizing.HoldsMessages && !bounded)
        {
            w.NonUserCode();
            w.Open("public int CalculateSize()");
            WriteSizeBody(w, bounded: false);
            w.Close();
            w.Line();
            w.NonUserCode();
            w.Line($"int pg::IMessage.CalculateSize(pgw::SizeTable sizes) => CalculateSize();");
            return;
        }
        w.NonUserCode();
        if (Sizing.HoldsMessages) w.Line(CallOnly);
        w.Line(Sizing.HoldsMessages
            ? "public int CalculateSize() => CalculateSize<pgw::SizeOnlyPass, pgw::SizeOnlyPass>(default);"
            : "public int CalculateSize() => CalculateSize(new pgw::SizeOnlyPass());");
        w.Line();
        w.NonUserCode();
        if (Sizing.HoldsMessages)
        {
            w.Line(CallOnly);
            w.Line($"int pg::IMessage.CalculateSize(pgw::SizeTable sizes) => CalculateSize<pgw::RecordingSizePass, pgw::RecordingSizePass>(new pgw::RecordingSizePass(sizes));");
        }
        else
        {
            w.Line($"int pg::IMessage.CalculateSize(pgw::SizeTable sizes) => CalculateSize();");
        }
        w.Line();
        if (bounded)
        {
            w.NonUserCode();
            if (Sizing.HoldsMessages) w.Line(CallOnly);
            w.Line(Sizing.HoldsMessages
                ? "int pg::IMessage.CalculateWriteBound(pgw::SizeTable sizes) => CalculateSize<pgw::BoundSizePass, pgw::RecordingSizePass>(new pgw::BoundSizePass(sizes));"
                : "int pg::IMessage.CalculateWriteBound(pgw::SizeTable sizes) => CalculateSize(new pgw::BoundSizePass(sizes));");
            w.Line();
        }
        // Internal: parents in this assembly call it with their own pass; parents elsewhere use IMessage.
        w.NonUserCode();
        if (Sizing.IsOneOneof && Sizing.HoldsMessages) w.Line(AggressiveInlining);
        w.Open($"internal int CalculateSize{(Sizing.HoldsMessages ? PassParameters : PassParameter)}");
        WriteSizeBody(w, bounded);
        w.Close();
        if (Sizing.HasLeafSizePath) WriteLeafSize(w);
    }

    /// <summary>
    /// A message with a repeated field of its own type (a tree node's children; SizeSpec.HasLeafSizePath) has a second
    /// size body, CalculateLeafSize, for the messages of the tree that hold none of their own type (IsSizeLeaf): its
    /// parent's size pass takes that body inlined instead of calling CalculateSize, which the JIT cannot inline into
    /// itself more than one level deep. A leaf's size is its other fields, and its own-type fields take no size-table
    /// slots, so both bodies give the same size and the same slots in the same order. The leaves are at least half of
    /// any tree, so most of a tree's size calls become inlined bodies (docs/serialization.md). A singular field of the
    /// message's own type (a linked list's next) makes no leaf path of its own: only the list's last message would
    /// take it. (A message with a list of messages holds messages and does not remember its size, so its size body is
    /// generic.)
    /// </summary>
    private void WriteLeafSize(CodeWriter w)
    {
        var ownTypeFields = _context.Spec.OwnTypeFields.ToList();
        w.Line();
        w.NonUserCode();
        w.Line($"private bool IsSizeLeaf => {string.Join(" && ", ownTypeFields.Select(field => field.EmptyTest))};");
        w.Line();
        w.NonUserCode();
        w.Line(AggressiveInlining);
        w.Open($"private int CalculateLeafSize{PassParameters}");
        WriteSizeBody(w, Sizing.HasBoundedFields, leftOut: ownTypeFields);
        w.Close();
    }

    // The size of every field but those leftOut, which must be empty; with bounded (a body generic over the pass), the
    // pass sizes strings and sub-messages written within their bound, so that a write bound bounds them.
    private void WriteSizeBody(CodeWriter w, bool bounded, List<FieldSpec>? leftOut = null)
    {
        if (_context.RemembersSize) w.Line($"if ({RememberedSize} != 0) return {RememberedSize} - 1;");
        w.Line("int size = 0;");
        WriteInFieldOrder(w, (field, w) =>
        {
            if (leftOut?.Contains(field.Spec) != true) field.WriteSize(w, bounded);
        }, (member, w) => member.WriteSizeOfValue(w, bounded));
        if (IsExtendable) w.Line($"if ({Extensions} != null) size += {Extensions}.CalculateSize(sizes.Table);");
        w.Line("if (_unknownFields != null) size += _unknownFields.CalculateSize();");
        if (_context.RemembersSize)
        {
            string sizePlusOne = RememberedSizeType == "int" ? "size + 1" : $"({RememberedSizeType})(size + 1)";
            w.Line($"if (size < {RememberedSizeType}.MaxValue) {RememberedSize} = {sizePlusOne};");
        }
        w.Line("return size;");
    }

    private void WriteRememberedSizeField(CodeWriter w)
    {
        w.Line("// CalculateSize() + 1, or 0: every member that changes a field or the unknown fields resets it.");
        w.Line($"private {RememberedSizeType} {RememberedSize};");
    }

    /// <summary>The type of the field in which the message remembers its size, or null (see
    /// EmitPlanner.RememberedSizeType).</summary>
    private string? RememberedSizeType => _context.Spec.Layout.RememberedSizeType;

    /// <summary>The size or write statements of every field in field-number order (the wire order), with the members of
    /// a oneof that follow one another in that order as one switch on its case: at most one of them is set.</summary>
    /// <remarks>With <paramref name="runs"/>, two or more fields in a row that a <c>WireRun</c> can write (see
    /// <see cref="SingularFieldEmitter.RunBound"/>) are written through one, begun with the sum of their longest
    /// encodings.</remarks>
    private void WriteInFieldOrder(CodeWriter w, Action<FieldEmitter, CodeWriter> writeField, Action<OneofMemberEmitter, CodeWriter> writeMember, bool runs = false)
    {
        var fields = FieldsByNumber.ToList();
        for (int i = 0; i < fields.Count;)
        {
            if (runs)
            {
                int count = 0;
                int bound = 0;
                while (i + count < fields.Count && fields[i + count] is SingularFieldEmitter { RunBound: int fieldBound })
                {
                    bound += fieldBound;
                    count++;
                }
                if (count >= 2)
                {
                    w.Open();
                    w.Line($"var run = writer.BeginRun({bound.ToString(System.Globalization.CultureInfo.InvariantCulture)});");
                    for (int j = i; j < i + count; j++) ((SingularFieldEmitter)fields[j]).WriteSerializeInRun(w);
                    w.Line("writer.EndRun(run);");
                    w.Close();
                    i += count;
                    continue;
                }
            }
            if (fields[i] is OneofMemberEmitter first)
            {
                var run = new List<OneofMemberEmitter> { first };
                while (i + run.Count < fields.Count && fields[i + run.Count] is OneofMemberEmitter next && next.Oneof == first.Oneof)
                {
                    run.Add(next);
                }
                if (run.Count > 1)
                {
                    first.Oneof.WriteSwitch(w, run, writeMember);
                    i += run.Count;
                    continue;
                }
            }
            writeField(fields[i], w);
            i++;
        }
    }

    private void WriteWriteTo(CodeWriter w)
    {
        w.NonUserCode();
        w.Open($"void pg::IMessage.WriteTo(ref {WireWriter} writer)");
        WriteInFieldOrder(w, (field, w) => field.WriteSerialize(w), (member, w) => member.WriteValue(w), runs: true);
        if (IsExtendable)
        {
            w.Open($"if ({Extensions} != null)");
            w.Line($"{Extensions}.WriteTo(ref writer);");
            w.Close();
        }
        w.Open("if (_unknownFields != null)");
        w.Line("_unknownFields.WriteTo(ref writer);");
        w.Close();
        w.Close();
    }

    private void WriteParse(CodeWriter w)
    {
        w.NonUserCode();
        w.Open($"void pg::IMessage.MergeFrom(ref {WireReader} reader)");
        // Forgotten first, so that a parse failing midway leaves no stale size either.
        if (_context.RemembersSize) w.Line($"{RememberedSize} = 0;");
        w.Line("uint tag;");
        w.Open("while ((tag = reader.ReadTag()) != 0)");
        w.Open("switch (tag)");
        foreach (var field in FieldsByNumber) field.WriteParseCases(w);
        w.Line("default:");
        w.Indent();
        if (IsExtendable)
        {
            // Registered extensions are read as typed values; anything else is kept as it came.
            w.Open($"if (!pg::ExtensionSet.TryMergeFieldFrom(ref {Extensions}, ref reader, tag, typeof({_className})))");
            w.Line("_unknownFields = pg::UnknownFieldSet.MergeFieldFrom(_unknownFields, ref reader, tag);");
            w.Close();
        }
        else
        {
            w.Line("_unknownFields = pg::UnknownFieldSet.MergeFieldFrom(_unknownFields, ref reader, tag);");
        }
        w.Line("break;");
        w.Unindent();
        w.Close();
        w.Close();
        w.Close();
    }

    private void WriteMergeFrom(CodeWriter w)
    {
        w.NonUserCode();
        w.Open($"public void MergeFrom({_className} other)");
        w.Line("if (other is null) return;");
        if (_context.RemembersSize) w.Line($"{RememberedSize} = 0;");
        foreach (var field in NonOneofFields) field.WriteMerge(w);
        foreach (var oneof in _oneofs) oneof.WriteMerge(w);
        if (IsExtendable) w.Line($"pg::ExtensionSet.MergeFrom(ref {Extensions}, other.{Extensions});");
        w.Line("_unknownFields = pg::UnknownFieldSet.MergeFrom(_unknownFields, other._unknownFields);");
        w.Close();
    }

    // Explicit, so that a field named "clear" keeps protoc's property name Clear.
    private void WriteClear(CodeWriter w)
    {
        w.NonUserCode();
        w.Open("void pg::IMessage.Clear()");
        for (int i = 0; i < _context.Spec.Layout.HasBitWords; i++) w.Line($"_hasBits{i} = 0;");
        if (_context.RemembersSize) w.Line($"{RememberedSize} = 0;");
        foreach (var field in NonOneofFields) field.WriteClear(w);
        foreach (var oneof in _oneofs) oneof.WriteClear(w);
        if (IsExtendable) w.Line($"{Extensions} = null;");
        w.Line("_unknownFields = null;");
        w.Close();
    }

    private void WriteIsInitialized(CodeWriter w)
    {
        if (!_context.Spec.NeedsInitializationCheck)
        {
            w.NonUserCode();
            w.Line("public bool IsInitialized() => true;");
            return;
        }
        w.NonUserCode();
        w.Open("public bool IsInitialized()");
        foreach (var field in FieldsByNumber) field.WriteIsInitialized(w);
        if (IsExtendable) w.Line($"if ({Extensions} != null && !{Extensions}.IsInitialized()) return false;");
        w.Line("return true;");
        w.Close();
    }

    private void WriteNestedTypes(CodeWriter w)
    {
        var message = _context.Message;
        var nestedMessages = message.NestedTypes.Where(m => !m.IsMapEntry).ToList();
        if (!_context.Spec.Layout.HasTypesClass) return;
        w.Line();
        w.Line("/// <summary>Container for nested types declared in the " + _className + " message type.</summary>");
        DocComments.WriteGeneratedCode(w);
        w.Open($"public static partial class {MessageLayout.TypesClassName}");
        bool first = true;
        foreach (var enumModel in message.EnumTypes)
        {
            if (!first) w.Line();
            first = false;
            EnumEmitter.Emit(w, _context.Types.Planner.Enum(_context.Types.Get(enumModel.FullName)));
        }
        foreach (var nested in nestedMessages)
        {
            if (!first) w.Line();
            first = false;
            Emit(w, nested, _context.Types, _context.File);
        }
        w.Close();
    }
}
