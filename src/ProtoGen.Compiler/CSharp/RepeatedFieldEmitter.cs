using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.CSharp;

/// <summary>A repeated field (not a map): a get-only <c>RepeatedField&lt;T&gt;</c>. Scalars and enums are packed unless
/// <c>[packed = false]</c> (proto3) and both encodings are accepted when parsing; strings, bytes, messages and
/// wrappers are one tagged value per element.</summary>
internal sealed class RepeatedFieldEmitter : FieldEmitter
{
    public RepeatedFieldEmitter(FieldSpec spec, MessageContext message) : base(spec, message)
    {
    }

    private bool IsPacked => Spec.IsPacked;

    /// <summary>The payload length of a packed field of varints, cached by the size pass for the write pass.</summary>
    private string? PackedSizeName => Spec.PackedSizeName;

    private bool CachesPackedSize => Spec.CachesPackedSize;

    /// <summary>Whether the elements are of the message's own type, which then has a leaf size body (see
    /// SizeSpec.HasLeafSizePath): each element that is a leaf is sized by it, inlined, instead of a call.</summary>
    private bool SizesLeavesInline => Spec.IsOfOwnType;

    private string CollectionType => $"pgc::RepeatedField<{Kind.ElementType}>";

    private string Element => Kind.Unwrap("item");

    protected override void WriteState(CodeWriter w)
    {
        WriteSharedEmptyState(w, CollectionType);
        if (CachesPackedSize) w.Line($"private int {PackedSizeName};");
    }

    protected override void WriteProperty(CodeWriter w) => WriteCreatingProperty(w, CollectionType);

    public override void WriteCopy(CodeWriter w) => WriteAppend(w, "other." + BackingName);

    public override void WriteMerge(CodeWriter w) => WriteAppend(w, "other." + BackingName);

    private void WriteAppend(CodeWriter w, string source)
    {
        if (Kind.IsMessage)
        {
            w.Open($"foreach (var item in {source}.AsSpan())");
            w.Line($"{PropertyName}.Add(item.Clone());");
            w.Close();
        }
        else
        {
            // Only a non-empty source creates this message's list.
            w.Open($"if ({source}.Count != 0)");
            w.Line($"{PropertyName}.AddRange({source}.AsSpan());");
            w.Close();
        }
    }

    public override void WriteSize(CodeWriter w, bool bounded)
    {
        string tagSize = TagSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (IsPacked && Kind.FixedSize is int fixedSize)
        {
            w.Open($"if ({BackingName}.Count != 0)");
            w.Line($"size += {tagSize} + {ValueKind.WireSize}.LengthDelimited({BackingName}.Count * {fixedSize});");
            w.Close();
        }
        else if (IsPacked)
        {
            // The runtime sizes the whole list (32-bit kinds a vector block at a time).
            w.Open($"if ({BackingName}.Count != 0)");
            w.Line($"{PackedSizeName} = {ValueKind.WireSize}.Packed{Kind.WriterSuffix}({BackingName}.AsSpan());");
            w.Line($"size += {tagSize} + {ValueKind.WireSize}.LengthDelimited({PackedSizeName});");
            w.Close();
        }
        else if (Kind.FixedSize is int fixedElementSize)
        {
            w.Line($"size += {BackingName}.Count * {TagSize + fixedElementSize};");
        }
        else
        {
            // Elements of the message's own type (which holds messages, so is never sized within a bound) that are
            // leaves are sized by their leaf body, inlined.
            string elementSize = SizesLeavesInline
                ? ValueKind.SizeInPass($"{Element}.IsSizeLeaf ? {Element}.CalculateLeafSize{ValueKind.NestedPass} : {Element}.CalculateSize{ValueKind.NestedPass}")
                : bounded ? Kind.SizeInBoundingPass(Element) : Kind.Size(Element);
            w.Open($"foreach (var item in {BackingName}.AsSpan())");
            w.Line($"size += {TagSizePlus(elementSize)};");
            w.Close();
        }
    }

    public override void WriteSerialize(CodeWriter w)
    {
        if (IsPacked)
        {
            w.Open($"if ({BackingName}.Count != 0)");
            w.Line(WireTags.WriteRawTag(Number, WireType.LengthDelimited));
            w.Line(Kind.FixedSize is int fixedSize
                ? $"writer.WriteLength({BackingName}.Count * {fixedSize});"
                : $"writer.WriteLength({PackedSizeName});");
            w.Line($"writer.WritePacked{Kind.WriterSuffix}({BackingName}.AsSpan());");
            w.Close();
            return;
        }
        w.Open($"foreach (var item in {BackingName}.AsSpan())");
        w.Line(WireTags.WriteRawTag(Number, Kind.WireType));
        Kind.Write(w, Element);
        w.Close();
    }

    public override void WriteParseCases(CodeWriter w)
    {
        if (Kind.IsMessage)
        {
            w.Open(WireTags.Case(Number, Kind.WireType));
            if (Kind.WireType == WireType.LengthDelimited) w.Line(SizeFromRun);
            w.Line($"var item = pgw::MessageReuse.TakeKeptElement({BackingName}) ?? new {Kind.ElementType}();");
            w.Line(ReadMessageInto(Kind, "item"));
            // A length-delimited element has just sized (and so made) the list; a group element has not.
            w.Line(Kind.WireType == WireType.LengthDelimited ? $"{BackingName}.Add(item);" : $"{PropertyName}.Add(item);");
            w.Line("break;");
            w.Close();
            return;
        }
        if (Kind.IsClosedEnum)
        {
            WriteClosedEnumParseCases(w);
            return;
        }
        if (Kind.WireType == WireType.LengthDelimited)
        {
            WriteCase(w, Kind.WireType, SizeFromRun, $"{BackingName}.Add({Kind.Read});");
            return;
        }
        WriteCase(w, Kind.WireType, $"{PropertyName}.Add({Kind.Read});");
        if (Kind.IsPackable)
        {
            // Parsers accept both encodings whatever the declaration says.
            WriteCase(w, WireType.LengthDelimited, $"reader.ReadPacked{Kind.WriterSuffix}({PropertyName});");
        }
    }

    // The first element read into an empty list sizes it for the run of elements that follow it on the wire
    // (writers put them together), instead of growing it 4, 8, 16... Either way the backing field is a list of its own
    // afterwards (never the shared empty one), so the element is added to it without the property's test.
    private string SizeFromRun =>
        $"if ({BackingName}.Count == 0) {PropertyName}.EnsureCapacity(reader.CountLengthDelimitedRun({WireTags.MakeTag(Number, WireType.LengthDelimited)}));";

    // Both encodings, each value checked: numbers the enum does not declare go to the unknown fields one by one.
    private void WriteClosedEnumParseCases(CodeWriter w)
    {
        WriteClosedEnumCase(w, value => $"{PropertyName}.Add({value});");
        w.Open(WireTags.Case(Number, WireType.LengthDelimited));
        w.Line("int oldLimit = reader.PushLimit(reader.ReadLength());");
        w.Open("while (!reader.IsAtEnd)");
        WriteClosedEnumRead(w, value => $"{PropertyName}.Add({value});");
        w.Close();
        w.Line("reader.PopLimit(oldLimit);");
        w.Line("break;");
        w.Close();
    }

    public override void WriteIsInitialized(CodeWriter w)
    {
        if (!ValuesNeedInitializationCheck) return;
        w.Open($"foreach (var item in {BackingName}.AsSpan())");
        w.Line("if (!item.IsInitialized()) return false;");
        w.Close();
    }

    public override void WriteEquals(CodeWriter w) => w.Line($"if (!{BackingName}.Equals(other.{BackingName})) return false;");

    public override void WriteHash(CodeWriter w) => w.Line($"hash ^= {BackingName}.GetHashCode();");

    // The shared Empty list has no elements and no room: clearing it changes nothing.
    public override void WriteClear(CodeWriter w) => w.Line(Kind.IsMessage
        ? $"pgw::MessageReuse.ClearKeepingElements({BackingName});"
        : $"{BackingName}.Clear();");
}
