using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.CSharp;

/// <summary>A map field: a get-only <c>MapField&lt;TKey, TValue&gt;</c>, written as one entry message per pair with key
/// (field 1) and value (field 2), each omitted when default as Google.Protobuf does; on parse an absent key or value
/// takes its default, the last entry for a key wins.</summary>
internal sealed class MapFieldEmitter : FieldEmitter
{
    private readonly ValueKind _key;
    private readonly ValueKind _value;

    public MapFieldEmitter(FieldSpec spec, MessageContext message) : base(spec, message)
    {
        _key = spec.MapKey!;
        _value = spec.MapValue!;
    }

    /// <summary>The kind of the keys (entry field 1).</summary>
    public ValueKind KeyKind => _key;

    /// <summary>The kind of the values (entry field 2).</summary>
    public ValueKind ValueKind => _value;

    private string CollectionType => $"pgc::MapField<{_key.ElementType}, {_value.ElementType}>";

    private string EntryValue => _value.Unwrap("entry.Value");

    protected override void WriteState(CodeWriter w) => WriteSharedEmptyState(w, CollectionType);

    protected override void WriteProperty(CodeWriter w) => WriteCreatingProperty(w, CollectionType);

    public override void WriteCopy(CodeWriter w)
    {
        if (_value.IsMessage)
        {
            w.Open($"foreach (var entry in other.{BackingName})");
            w.Line($"{PropertyName}.Add(entry.Key, entry.Value.Clone());");
            w.Close();
        }
        else
        {
            // Only a non-empty source creates this message's map.
            w.Open($"if (other.{BackingName}.Count != 0)");
            w.Line($"{PropertyName}.Add(other.{BackingName});");
            w.Close();
        }
    }

    public override void WriteMerge(CodeWriter w)
    {
        if (!_value.IsMessage)
        {
            w.Line($"if (other.{BackingName}.Count != 0) {PropertyName}.MergeFrom(other.{BackingName});");
            return;
        }
        w.Open($"foreach (var entry in other.{BackingName})");
        w.Line($"{PropertyName}[entry.Key] = {_value.Clone("entry.Value")};");
        w.Close();
    }

    // Like Google.Protobuf, an entry omits a key or value that holds its type's default (message and wrapper values
    // are never default: they are present objects).
    private static bool AlwaysWritten(ValueKind kind) => kind.IsMessage || kind.IsWrapper;

    private static string PartSize(ValueKind kind, string value, string size) =>
        AlwaysWritten(kind) ? $"1 + {size}" : $"({kind.IsNotDefault(value)} ? 1 + {size} : 0)";

    private void WriteEntrySize(CodeWriter w, Func<ValueKind, string, string> size) =>
        w.Line($"int entrySize = {EntrySize(size)};");

    private string EntrySize(Func<ValueKind, string, string> size) =>
        $"{PartSize(_key, "entry.Key", size(_key, "entry.Key"))} + {PartSize(_value, EntryValue, size(_value, EntryValue))}";

    /// <summary>Whether entries hold strings and no messages: a write leaves room for an entry's length prefix by the
    /// entry's bound (its strings at 3 bytes per char) and fills it in afterwards, instead of counting the strings
    /// once more for it (WireWriter.ReservePrefix), and a write's upper bound takes the entries' bounds.</summary>
    private bool PrefixesEntriesAfterWrite => Spec.PrefixesEntriesAfterWrite;

    private static void WritePart(CodeWriter w, ValueKind kind, int number, string value)
    {
        if (!AlwaysWritten(kind)) w.Open($"if ({kind.IsNotDefault(value)})");
        w.Line(WireTags.WriteRawTag(number, kind.WireType));
        kind.Write(w, value);
        if (!AlwaysWritten(kind)) w.Close();
    }

    // In a write's upper bound, an entry of strings counts as its own bound with the prefix for that: the writer
    // leaves that prefix (or, above 16,383 bytes, writes the exact one, which is no longer).
    public override void WriteSize(CodeWriter w, bool bounded)
    {
        w.Open($"foreach (var entry in {BackingName}.AsSpan())");
        WriteEntrySize(w, (kind, value) => bounded && PrefixesEntriesAfterWrite ? kind.SizeInBoundingPass(value) : kind.Size(value));
        w.Line($"size += {TagSize} + {ValueKind.WireSize}.LengthDelimited(entrySize);");
        w.Close();
    }

    public override void WriteSerialize(CodeWriter w)
    {
        w.Open($"foreach (var entry in {BackingName}.AsSpan())");
        if (PrefixesEntriesAfterWrite)
        {
            w.Line(WireTags.WriteRawTag(Number, WireType.LengthDelimited));
            w.Line($"var entryPrefix = writer.ReservePrefix({EntrySize((kind, value) => kind.SizeBound(value))});");
            w.Open("if (!entryPrefix.IsReserved)");
            w.Line($"writer.WriteLength({EntrySize((kind, value) => kind.Size(value))});");
            w.Close();
            WritePart(w, _key, 1, "entry.Key");
            WritePart(w, _value, 2, EntryValue);
            w.Line("writer.FillInPrefix(entryPrefix);");
            w.Close();
            return;
        }
        WriteEntrySize(w, (kind, value) => kind.SizeForWrite(value));
        w.Line(WireTags.WriteRawTag(Number, WireType.LengthDelimited));
        w.Line("writer.WriteLength(entrySize);");
        WritePart(w, _key, 1, "entry.Key");
        WritePart(w, _value, 2, EntryValue);
        w.Close();
    }

    public override void WriteParseCases(CodeWriter w)
    {
        w.Open(WireTags.Case(Number, WireType.LengthDelimited));
        // Room for the entries that follow this one, counted once per run: the map's index and entry array are
        // allocated at their final size instead of doubling on the way.
        w.Line($"if ({BackingName}.Count == 0) {PropertyName}.EnsureCapacity(reader.CountLengthDelimitedRun({WireTags.MakeTag(Number, WireType.LengthDelimited)}));");
        if (_value.IsClosedEnum) w.Line("int entryStart = reader.LastTagStart;");
        w.Line($"{_key.ElementType} key = {_key.DefaultValue};");
        if (_value.IsMessage) w.Line($"{Message.Types.MaybeNull(_value.ElementType)} value = null;");
        else w.Line($"{_value.UnwrappedType} value = {(_value.Wrapped ?? _value).DefaultValue};");
        w.Line("int oldLimit = reader.EnterMessage();");
        w.Line("uint entryTag;");
        w.Open("while ((entryTag = reader.ReadTag()) != 0)");
        w.Open("switch (entryTag)");
        w.Line(WireTags.Case(1, _key.WireType));
        w.Indent();
        w.Line($"key = {_key.Read};");
        w.Line("break;");
        w.Unindent();
        w.Line(WireTags.Case(2, _value.WireType));
        w.Indent();
        if (_value.IsMessage)
        {
            w.Line($"value ??= new {_value.ElementType}();");
            w.Line(ReadMessageInto(_value, "value"));
        }
        else
        {
            w.Line($"value = {_value.Read};");
        }
        w.Line("break;");
        w.Unindent();
        w.Line("default:");
        w.Indent();
        w.Line("reader.SkipField(entryTag);");
        w.Line("break;");
        w.Unindent();
        w.Close();
        w.Close();
        w.Line("reader.ExitMessage(oldLimit);");
        if (_value.IsClosedEnum)
        {
            // A closed enum's undeclared number keeps the whole entry as an unknown field.
            w.Open($"if (!({_value.IsDeclaredEnumNumber("(int)value")}))");
            w.Line("_unknownFields = pg::UnknownFieldSet.AddFieldReadSince(_unknownFields, ref reader, entryStart);");
            w.Line("break;");
            w.Close();
        }
        w.Line(_value.IsMessage ? $"{PropertyName}[key] = value ?? new {_value.ElementType}();" : $"{PropertyName}[key] = value;");
        w.Line("break;");
        w.Close();
    }

    public override void WriteIsInitialized(CodeWriter w)
    {
        if (!_value.IsMessage || !Message.Types.NeedsInitializationCheck(_value.TypeInfo!)) return;
        w.Open($"foreach (var entry in {BackingName}.AsSpan())");
        w.Line("if (!entry.Value.IsInitialized()) return false;");
        w.Close();
    }

    public override void WriteEquals(CodeWriter w) => w.Line($"if (!{BackingName}.Equals(other.{BackingName})) return false;");

    public override void WriteHash(CodeWriter w) => w.Line($"hash ^= {BackingName}.GetHashCode();");

    public override void WriteClear(CodeWriter w) => w.Line($"{BackingName}.Clear();");
}
