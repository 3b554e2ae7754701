using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.Emit;

/// <summary>Writes the class of one message: properties, straight-line size/write/parse code per field, merge, clone,
/// equality, formatting, the public serialization API (delegating to the runtime's MessageSerializer), then its nested
/// types inside a <c>Types</c> class.</summary>
internal sealed class MessageEmitter
{
    private const string Wire = "global::ProtoGen.Wire";
    private const string WireWriter = Wire + ".WireWriter";
    private const string WireReader = Wire + ".WireReader";
    private const string Serializer = "global::ProtoGen.MessageSerializer";
    private const string RememberedSize = MessageContext.RememberedSizeField;

    private readonly MessageContext _context;
    private readonly string _className;
    private readonly List<FieldEmitter> _fields = new();
    private readonly List<OneofEmitter> _oneofs = new();

    private MessageEmitter(MessageContext context)
    {
        _context = context;
        _className = CSharpNames.Escape(context.Message.Name);
        PlanFields();
        bool plainValues = HoldsOnlyPlainValues();
        int? fieldBytes = EstimatedFieldBytes();
        RememberedSizeType = plainValues ? RememberedSizeTypeFor(fieldBytes!.Value) : null;
        _context.RemembersSize = RememberedSizeType is not null;
    }

    /// <summary>Whether a message type's instances remember their size (the layout decides: see
    /// <see cref="RememberedSizeType"/>), for the messages that hold it.</summary>
    public static bool RemembersSize(ProtoTypeInfo message, TypeIndex types) =>
        new MessageEmitter(new MessageContext(message.Message!, message.CSharpName, message.Scope.File, types)).RememberedSizeType is not null;

    /// <param name="access">The class's accessibility: the file's top-level access, or public when nested.</param>
    public static void Emit(CodeWriter w, MessageModel message, TypeIndex types, FileModel file, string access = "public")
    {
        var info = types.Get(message.FullName);
        new MessageEmitter(new MessageContext(message, info.CSharpName, file, types)).Write(w, access);
    }

    /// <summary>Fields in declaration order, oneof members included (their oneof also lists them).</summary>
    private IEnumerable<FieldEmitter> Fields => _fields;

    /// <summary>Fields in field-number order: the order Google.Protobuf writes them in.</summary>
    private IEnumerable<FieldEmitter> FieldsByNumber => _fields.OrderBy(f => f.Field.Number);

    /// <summary>Fields that copy, merge, compare and hash themselves; oneof members do it through their oneof.</summary>
    private IEnumerable<FieldEmitter> NonOneofFields => _fields.Where(f => f is not OneofMemberEmitter);

    /// <summary>Whether the message declares extension ranges, and so holds extension values.</summary>
    private bool IsExtendable => _context.Message.ExtensionRanges.Count != 0;

    private const string Extensions = ExtensionEmitter.FieldName;

    private void PlanFields()
    {
        var message = _context.Message;
        var oneofs = new Dictionary<int, OneofEmitter>();
        foreach (var field in message.Fields)
        {
            if (field.OneofIndex is int index && !field.Proto3Optional)
            {
                if (!oneofs.TryGetValue(index, out var oneof))
                {
                    oneof = new OneofEmitter(message.Oneofs[index], _context);
                    oneofs.Add(index, oneof);
                    _oneofs.Add(oneof);
                }
                var member = new OneofMemberEmitter(field, oneof);
                oneof.Members.Add(member);
                _fields.Add(member);
            }
            else
            {
                _fields.Add(FieldEmitter.Create(field, _context));
            }
        }
    }

    private void Write(CodeWriter w, string access)
    {
        var message = _context.Message;
        DocComments.WriteDocsAndAttributes(w, message.Comments, message.Options);
        DocComments.WriteGeneratedCode(w);
        w.Line(JsonEmitter.ConverterAttribute(_context.CSharpName));
        w.Open($"{access} sealed partial class {_className} : global::ProtoGen.IMessage<{_className}>, {JsonEmitter.Interface}");
        w.NonUserCode();
        w.Line($"public static global::ProtoGen.MessageParser<{_className}> Parser {{ get; }} = new(static () => new {_className}());");
        w.Line();
        w.Line($"private {_context.Types.MaybeNull("global::ProtoGen.UnknownFieldSet")} _unknownFields;");
        if (RememberedSizeType is not null) WriteRememberedSizeField(w);
        if (IsExtendable) w.Line($"private {_context.Types.MaybeNull("global::ProtoGen.ExtensionSet")} {Extensions};");
        int hasBitFields = (_context.HasBitCount + 31) / 32;
        for (int i = 0; i < hasBitFields; i++) w.Line($"private int _hasBits{i};");
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
        if (HasBoundedFields)
        {
            WriteCalculateWriteBound(w);
            w.Line();
        }
        else if (_context.Types.Options.DownLevel)
        {
            // The runtime's interface has no default body for it (netstandard2.0): the same answer as that body.
            w.NonUserCode();
            w.Line($"int global::ProtoGen.IMessage.CalculateWriteBound({Wire}.SizeTable table) => ((global::ProtoGen.IMessage)this).CalculateSize(table);");
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
        WritePublicSerializationApi(w);
        w.Line();
        JsonEmitter.Write(w, _context, _fields, _oneofs);
        foreach (var reader in _context.WrapperReaders.Values)
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
        w.Line("/// <summary>Creates a deep copy of <paramref name=\"other\"/>.</summary>");
        w.NonUserCode();
        w.Open($"public {_className}({_className} other) : this()");
        for (int i = 0; i < (_context.HasBitCount + 31) / 32; i++) w.Line($"_hasBits{i} = other._hasBits{i};");
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
        if (IsExtendable) w.Line($"if (!global::ProtoGen.ExtensionSet.AreEqual({Extensions}, other.{Extensions})) return false;");
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
        w.Line($"string global::ProtoGen.IMessage.ProtoTypeName => {CSharpNames.StringLiteral(_context.Message.FullName.TrimStart('.'))};");
    }

    // The type parameter and parameter of a size body generic over the size pass.
    private const string PassParameter = "<TPass>(TPass sizes) where TPass : struct, " + Wire + ".ISizePass";

    private void WriteCalculateSize(CodeWriter w)
    {
        const string Hidden = "[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]";
        if (!HoldsMessages)
        {
            // Nothing to record for a write pass: one method sizes, and the size-pass overloads are the same.
            w.Line(_context.RemembersSize
                ? "/// <summary>Computes the encoded size, or returns the one remembered since the message last changed.</summary>"
                : "/// <summary>Computes the encoded size.</summary>");
            w.NonUserCode();
            w.Open("public int CalculateSize()");
            WriteSizeBody(w, writeBound: false);
            w.Close();
            w.Line();
            w.NonUserCode();
            w.Line($"int global::ProtoGen.IMessage.CalculateSize({Wire}.SizeTable sizes) => CalculateSize();");
            w.Line();
            w.Line("/// <summary>The size in a parent's size pass (which takes the slot, if any): the same as CalculateSize().</summary>");
            w.NonUserCode();
            w.Line(Hidden);
            w.Line($"public int CalculateSize{PassParameter} => CalculateSize();");
            return;
        }
        const string CallOnly = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining | global::System.Runtime.CompilerServices.MethodImplOptions.NoOptimization)]";
        // CallOnly: see docs/serialization.md, "Inlined size bodies"; explained there, not in every generated file.
        w.Line("/// <summary>Computes the encoded size.</summary>");
        w.NonUserCode();
        w.Line(CallOnly);
        w.Line($"public int CalculateSize() => CalculateSize(new {Wire}.SizeOnlyPass());");
        w.Line();
        w.NonUserCode();
        w.Line(CallOnly);
        w.Line($"int global::ProtoGen.IMessage.CalculateSize({Wire}.SizeTable sizes) => CalculateSize(new {Wire}.RecordingSizePass(sizes));");
        w.Line();
        w.Line("/// <summary>Computes the encoded size in a size pass, which may record every sub-message's size for a write.</summary>");
        w.NonUserCode();
        w.Line(Hidden);
        if (IsOneOneof)
        {
            w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        }

        w.Open($"public int CalculateSize{PassParameter}");
        WriteSizeBody(w, writeBound: false);
        w.Close();
        if (HasLeafSizePath) WriteLeafSize(w);
    }

    /// <summary>Whether a write's upper bound of the message differs from its size: it has string fields of its own
    /// (singular, optional, repeated or in a oneof; not wrappers, which are length-prefixed messages), whose text the
    /// bound leaves unread, maps whose entries hold strings and no messages (see
    /// MapFieldEmitter.PrefixesEntriesAfterWrite), or sub-messages written within their bound. A message that
    /// remembers its size reads it instead.</summary>
    private bool HasBoundedFields => !_context.RemembersSize
        && _fields.Any(emitter => emitter is MapFieldEmitter map ? map.PrefixesEntriesAfterWrite : emitter.Kind.IsBoundedInWrite);

    /// <summary>Whether a message type is written within its bound when it is a sub-message: it has strings of its own
    /// and holds no messages and no maps, so that its bound takes no slots of the size table and costs no more than
    /// reading its fields' lengths. A bound over 16,383 bytes is thrown away and the message sized exactly (see
    /// WireSize.MessageBound). Types with maps stay out: their entries would be bounded and then, past the bound,
    /// sized again, and letting them in measured slower on map-heavy messages (benchmarks/results/history.md,
    /// "The write bound").</summary>
    public static bool IsWrittenWithinBound(ProtoTypeInfo message, TypeIndex types)
    {
        var emitter = new MessageEmitter(new MessageContext(message.Message!, message.CSharpName, message.Scope.File, types));
        return !emitter.HoldsMessages && !emitter._fields.Any(field => field is MapFieldEmitter) && emitter.HasBoundedFields;
    }

    private void WriteCalculateWriteBound(CodeWriter w)
    {
        w.Line("/// <summary>The size as CalculateSize(sizes) computes it, sub-message sizes recorded in <paramref name=\"table\"/>, but");
        w.Line("/// with this message's own strings counted as 3 bytes per char instead of read, and small sub-messages of strings");
        w.Line("/// sized within their own bound: an upper bound for WriteTo(IBufferWriter&lt;byte&gt;), whose writer encodes each");
        w.Line("/// string, and writes each such sub-message, before filling in its length prefix.</summary>");
        w.NonUserCode();
        w.Open($"int global::ProtoGen.IMessage.CalculateWriteBound({Wire}.SizeTable table)");
        if (HoldsMessages) w.Line($"var sizes = new {Wire}.RecordingSizePass(table);");
        WriteSizeBody(w, writeBound: true);
        w.Close();
    }

    /// <summary>Fields of the message's own type outside oneofs, singular or repeated (a tree's children, a list's
    /// next): the ones a leaf has none of.</summary>
    private List<FieldEmitter> OwnTypeFields => _fields.Where(emitter => emitter is RepeatedFieldEmitter or MessageFieldEmitter && emitter.IsOfOwnType).ToList();

    /// <summary>
    /// Whether the message has a repeated field of its own type (a tree node's children), and so a second size body,
    /// CalculateLeafSize, for the messages of the tree that hold none of their own type (IsSizeLeaf): its parent's
    /// size pass takes that body inlined instead of calling CalculateSize, which the JIT cannot inline into itself
    /// more than one level deep. A leaf's size is its other fields, and its own-type fields take no size-table slots,
    /// so both bodies give the same size and the same slots in the same order. The leaves are at least half of any
    /// tree, so most of a tree's size calls become inlined bodies (docs/serialization.md). A singular field of the message's own
    /// type (a linked list's next) makes no leaf path of its own: only the list's last message would take it. (A
    /// message with a list of messages holds messages and does not remember its size, so its size body is generic.)
    /// </summary>
    private bool HasLeafSizePath => _fields.Any(emitter => emitter is RepeatedFieldEmitter && emitter.IsOfOwnType);

    private void WriteLeafSize(CodeWriter w)
    {
        var ownTypeFields = OwnTypeFields;
        w.Line();
        w.Line("/// <summary>Whether this message holds no message of its own type, so that CalculateLeafSize sizes it.</summary>");
        w.NonUserCode();
        w.Line($"private bool IsSizeLeaf => {string.Join(" && ", ownTypeFields.Select(field => field.EmptyTest))};");
        w.Line();
        w.Line("/// <summary>CalculateSize(sizes) of a message for which IsSizeLeaf holds: its other fields.</summary>");
        w.NonUserCode();
        w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
        w.Open($"private int CalculateLeafSize{PassParameter}");
        WriteSizeBody(w, writeBound: false, leftOut: ownTypeFields);
        w.Close();
    }

    // The size (or with writeBound, the write bound) of every field but those leftOut, which must be empty.
    private void WriteSizeBody(CodeWriter w, bool writeBound, List<FieldEmitter>? leftOut = null)
    {
        if (_context.RemembersSize) w.Line($"if ({RememberedSize} != 0) return {RememberedSize} - 1;");
        w.Line("int size = 0;");
        WriteInFieldOrder(w, (field, w) =>
        {
            if (leftOut?.Contains(field) != true) field.WriteSize(w, writeBound);
        }, (member, w) => member.WriteSizeOfValue(w, writeBound));
        if (IsExtendable) w.Line($"if ({Extensions} != null) size += {Extensions}.CalculateSize(sizes.Table);");
        w.Line("if (_unknownFields != null) size += _unknownFields.CalculateSize();");
        if (_context.RemembersSize)
        {
            string sizePlusOne = RememberedSizeType == "int" ? "size + 1" : $"({RememberedSizeType})(size + 1)";
            w.Line($"if (size < {RememberedSizeType}.MaxValue) {RememberedSize} = {sizePlusOne};");
        }
        w.Line("return size;");
    }

    /// <summary>Whether the message is one oneof and nothing else (an attribute value, google.protobuf.Value). Its size
    /// body is one switch on the case, a few instructions per case, which the JIT leaves as a call for its IL size; its
    /// parents size it once per list element, so it is marked for inlining into them.</summary>
    private bool IsOneOneof => _oneofs.Count == 1 && _fields.All(emitter => emitter is OneofMemberEmitter);

    /// <summary>Whether a message's size pass has sub-messages to record in a size table: a field of message or group
    /// type (map values and oneof members included) other than messages that remember their size, or extensions
    /// (which may hold messages).</summary>
    private bool HoldsMessages => IsExtendable || _fields.Any(emitter => emitter is MapFieldEmitter map ? map.UsesSizeTable : emitter.Kind.UsesSizeTable);

    private void WriteRememberedSizeField(CodeWriter w)
    {
        w.Line("// CalculateSize's result + 1, or 0 when not known. Every member of this class that changes a field or the");
        w.Line("// unknown fields resets it to 0; nothing else can change a message of plain values.");
        if (RememberedSizeType != "int") w.Line("// Sizes from 65,535 up are not remembered.");
        w.Line($"private {RememberedSizeType} {RememberedSize};");
    }

    /// <summary>
    /// The type of the field in which a message of plain values (numbers, strings, bytes, with or without presence, in
    /// oneofs or not; no sub-messages, lists, maps or extensions) remembers its size between CalculateSize calls, or null when it
    /// does not. Only the message's own generated members can change such a message (strings are immutable, a
    /// ByteString's length is fixed, the unknown field set is private), and each of them forgets the size, so a
    /// remembered size is never stale; no parent remembers a size, so a child changed on its own cannot leave a
    /// parent's size stale. The field must not make instances larger: parsing should allocate no more than
    /// Google.Protobuf's classes (they remember no sizes), and objects are padded to 8 bytes. The CLR lays out a
    /// class's fields by size (references, then 8-, 4-, 2- and 1-byte values), so with power-of-two sizes in that order
    /// there are no gaps between them and the padding is what the sum leaves to the next multiple of 8. An int is used
    /// when 4 bytes fit there, else a ushort (sizes below 65,535; larger ones are not remembered) when 2 bytes fit,
    /// else nothing: such a message is sized anew on every call, and twice when written nested (once for its parent's
    /// size, once for its own length prefix).
    /// </summary>
    private string? RememberedSizeType { get; }

    private static string? RememberedSizeTypeFor(int fieldBytes)
    {
        if (FitsInPadding(fieldBytes, 4)) return "int";
        if (FitsInPadding(fieldBytes, 2)) return "ushort";
        return null;
    }

    // Whether <extra> more bytes fit in the padding after <fieldBytes> bytes of fields (objects are padded to 8 bytes).
    private static bool FitsInPadding(int fieldBytes, int extra) => PaddedTo8(fieldBytes + extra) == PaddedTo8(fieldBytes);

    private static int PaddedTo8(int n) => (n + 7) & ~7;

    /// <summary>Whether the message holds only plain values: numbers, enums, strings and bytes, with or without
    /// presence, alone or in oneofs; no sub-messages, lists, maps or extensions.</summary>
    private bool HoldsOnlyPlainValues() =>
        !IsExtendable
        && _fields.All(emitter => emitter is ImplicitPresenceFieldEmitter or ExplicitPresenceFieldEmitter or OneofMemberEmitter && PlainValueBytes(emitter.Kind.Type) is not null);

    /// <summary>The bytes of the message's instance fields, following the runtime's layout: 8 per reference, 8/4/1 per
    /// 64-bit/32-bit/bool value, 4 per has-bit word, 12 per oneof (its value object and case); null for layouts not
    /// estimated (wrapper fields, whose Nullable structs the runtime places apart).</summary>
    private int? EstimatedFieldBytes()
    {
        int bytes = 8 + 4 * ((_context.HasBitCount + 31) / 32); // _unknownFields, _hasBitsN
        if (IsExtendable) bytes += 8;
        bytes += 12 * _oneofs.Count;
        foreach (var emitter in _fields)
        {
            int? size = emitter switch
            {
                OneofMemberEmitter => 0,
                MessageFieldEmitter or MapFieldEmitter => 8,
                RepeatedFieldEmitter repeated => 8 + (repeated.CachesPackedSize ? 4 : 0),
                ImplicitPresenceFieldEmitter or ExplicitPresenceFieldEmitter => PlainValueBytes(emitter.Kind.Type),
                _ => null,
            };
            if (size is null) return null;
            bytes += size.Value;
        }
        return bytes;
    }

    // The bytes a field of a plain value type takes in the object, or null for other types.
    private static int? PlainValueBytes(FieldType type) => type switch
    {
        FieldType.Double or FieldType.Int64 or FieldType.UInt64 or FieldType.Fixed64 or FieldType.SFixed64 or FieldType.SInt64 => 8,
        FieldType.Float or FieldType.Int32 or FieldType.UInt32 or FieldType.Fixed32 or FieldType.SFixed32 or FieldType.SInt32 or FieldType.Enum => 4,
        FieldType.Bool => 1,
        FieldType.String or FieldType.Bytes => 8,
        _ => null,
    };

    /// <summary>The size or write statements of every field in field-number order (the wire order), with the members of
    /// a oneof that follow one another in that order as one switch on its case: at most one of them is set.</summary>
    private void WriteInFieldOrder(CodeWriter w, Action<FieldEmitter, CodeWriter> writeField, Action<OneofMemberEmitter, CodeWriter> writeMember)
    {
        var fields = FieldsByNumber.ToList();
        for (int i = 0; i < fields.Count;)
        {
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
        w.Open($"void global::ProtoGen.IMessage.WriteTo(ref {WireWriter} writer)");
        WriteInFieldOrder(w, (field, w) => field.WriteSerialize(w), (member, w) => member.WriteValue(w));
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
        w.Open($"void global::ProtoGen.IMessage.MergeFrom(ref {WireReader} reader)");
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
            w.Open($"if (!global::ProtoGen.ExtensionSet.TryMergeFieldFrom(ref {Extensions}, ref reader, tag, typeof({_className})))");
            w.Line("_unknownFields = global::ProtoGen.UnknownFieldSet.MergeFieldFrom(_unknownFields, ref reader, tag);");
            w.Close();
        }
        else
        {
            w.Line("_unknownFields = global::ProtoGen.UnknownFieldSet.MergeFieldFrom(_unknownFields, ref reader, tag);");
        }
        w.Line("break;");
        w.Unindent();
        w.Close();
        w.Close();
        w.Close();
    }

    private void WriteMergeFrom(CodeWriter w)
    {
        w.Line("/// <summary>Merges <paramref name=\"other\"/> into this message: set scalars overwrite, messages merge,");
        w.Line("/// repeated fields append, map entries overwrite by key, a set oneof member replaces the current one.</summary>");
        w.NonUserCode();
        w.Open($"public void MergeFrom({_className} other)");
        w.Line("if (other is null) return;");
        if (_context.RemembersSize) w.Line($"{RememberedSize} = 0;");
        foreach (var field in NonOneofFields) field.WriteMerge(w);
        foreach (var oneof in _oneofs) oneof.WriteMerge(w);
        if (IsExtendable) w.Line($"global::ProtoGen.ExtensionSet.MergeFrom(ref {Extensions}, other.{Extensions});");
        w.Line("_unknownFields = global::ProtoGen.UnknownFieldSet.MergeFrom(_unknownFields, other._unknownFields);");
        w.Close();
    }

    // Explicit, so that a field named "clear" keeps protoc's property name Clear.
    private void WriteClear(CodeWriter w)
    {
        w.NonUserCode();
        w.Open("void global::ProtoGen.IMessage.Clear()");
        for (int i = 0; i < (_context.HasBitCount + 31) / 32; i++) w.Line($"_hasBits{i} = 0;");
        if (_context.RemembersSize) w.Line($"{RememberedSize} = 0;");
        foreach (var field in NonOneofFields) field.WriteClear(w);
        foreach (var oneof in _oneofs) oneof.WriteClear(w);
        if (IsExtendable) w.Line($"{Extensions} = null;");
        w.Line("_unknownFields = null;");
        w.Close();
    }

    private void WriteIsInitialized(CodeWriter w)
    {
        w.Line("/// <summary>Whether every required field is set, in this message and in the messages it holds.</summary>");
        if (!_context.Types.NeedsInitializationCheck(_context.Info))
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

    private static void WritePublicSerializationApi(CodeWriter w)
    {
        w.NonUserCode();
        w.Line($"public byte[] ToByteArray() => {Serializer}.ToByteArray(this);");
        w.Line();
        w.NonUserCode();
        w.Line($"public void WriteTo(global::System.Buffers.IBufferWriter<byte> output) => {Serializer}.WriteTo(this, output);");
        w.Line();
        w.NonUserCode();
        w.Line($"public int WriteTo(global::System.Span<byte> destination) => {Serializer}.WriteTo(this, destination);");
        w.Line();
        w.NonUserCode();
        w.Line($"public void WriteTo(global::System.IO.Stream output) => {Serializer}.WriteTo(this, output);");
        w.Line();
        w.NonUserCode();
        w.Line($"public void WriteDelimitedTo(global::System.IO.Stream output) => {Serializer}.WriteDelimitedTo(this, output);");
        w.Line();
        w.NonUserCode();
        w.Line($"public void MergeFrom(global::System.ReadOnlySpan<byte> data) => {Serializer}.MergeFrom(this, data);");
        w.Line();
        w.NonUserCode();
        w.Line($"public void MergeFrom(global::System.Buffers.ReadOnlySequence<byte> data) => {Serializer}.MergeFrom(this, data);");
        w.Line();
        w.NonUserCode();
        w.Line($"public void MergeFrom(global::System.IO.Stream input) => {Serializer}.MergeFrom(this, input);");
    }

    private void WriteNestedTypes(CodeWriter w)
    {
        var message = _context.Message;
        var nestedMessages = message.NestedTypes.Where(m => !m.IsMapEntry).ToList();
        if (nestedMessages.Count == 0 && message.EnumTypes.Count == 0) return;
        w.Line();
        w.Line("/// <summary>Container for nested types declared in the " + _className + " message type.</summary>");
        DocComments.WriteGeneratedCode(w);
        w.Open("public static partial class Types");
        bool first = true;
        foreach (var enumModel in message.EnumTypes)
        {
            if (!first) w.Line();
            first = false;
            EnumEmitter.Emit(w, enumModel);
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
