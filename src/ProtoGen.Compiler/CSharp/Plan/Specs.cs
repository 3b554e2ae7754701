using System.Globalization;
using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.CSharp;

// The emit plan: what the C# of a file will be, decided before any text is written (in the manner of the
// System.Text.Json source generator's *Spec records). EmitPlanner computes these from the model; the emitters read
// them and decide nothing about layout, sizing, presence or names. Specs hold ValueKinds, which are the decisions
// about one value's type (its C# type, encoding, enum openness) and render that value's expressions.

/// <summary>How a field is stored and written: one emitter per shape renders it.</summary>
internal enum FieldShape
{
    /// <summary>A singular scalar, string, bytes or enum without presence (proto3 default): written when not zero.</summary>
    ImplicitPresence,

    /// <summary>A singular scalar, string, bytes or enum with presence: Has/Clear members, written whenever set.</summary>
    ExplicitPresence,

    /// <summary>A singular message or group field (null = not set).</summary>
    Message,

    /// <summary>A singular field of a well-known wrapper type, held as a nullable value.</summary>
    Wrapper,

    /// <summary>A member of a real oneof, held in the oneof's shared field.</summary>
    OneofMember,

    /// <summary>A repeated field that is not a map.</summary>
    Repeated,

    /// <summary>A map field.</summary>
    Map,
}

/// <summary>A presence bit of a message: bit <see cref="Index"/> % 32 of the has-bits word <see cref="Index"/> / 32.</summary>
internal sealed record HasBit(int Index)
{
    /// <summary>The private int field holding the bit.</summary>
    public string Field => "_hasBits" + (Index / 32).ToString(CultureInfo.InvariantCulture);

    /// <summary>The bit as an int literal (bit 31 is negative).</summary>
    public string Mask => (1 << (Index % 32)).ToString(CultureInfo.InvariantCulture);
}

/// <summary>Every decision about one field of a message.</summary>
/// <param name="Kind">The kind of the field's values (for a map: of its entry message), encoding features applied.</param>
/// <param name="PropertyName">The public property (protoc's C# naming, '_' appended on a clash with a fixed member).</param>
/// <param name="BackingName">The private field behind the property.</param>
/// <param name="HasBit">For an explicit-presence value type: its presence bit; null otherwise.</param>
/// <param name="IsRequired">proto2 <c>required</c> or editions LEGACY_REQUIRED: IsInitialized() checks it.</param>
/// <param name="IsPacked">For a repeated scalar or enum: written packed.</param>
/// <param name="PackedSizeName">For a packed field of varints: the private int caching its payload length between
/// the size pass and the write; null for every other field.</param>
/// <param name="IsOfOwnType">Its values are messages of the type that declares it (a tree node's children).</param>
/// <param name="OneofIndex">For a oneof member: its oneof's index in <see cref="MessageLayout.Oneofs"/>.</param>
/// <param name="CaseName">For a oneof member: its member of the oneof's case enum.</param>
/// <param name="MapKey">For a map: the kind of its keys (entry field 1).</param>
/// <param name="MapValue">For a map: the kind of its values (entry field 2).</param>
/// <param name="PrefixesEntriesAfterWrite">For a map whose entries hold strings and no messages: a write leaves room
/// for an entry's length prefix by the entry's bound and fills it in afterwards (WireWriter.ReservePrefix), and a
/// write's upper bound takes the entries' bounds.</param>
internal sealed record FieldSpec(
    FieldModel Field,
    FieldShape Shape,
    ValueKind Kind,
    string PropertyName,
    string BackingName,
    HasBit? HasBit,
    bool IsRequired,
    bool IsPacked,
    string? PackedSizeName,
    bool IsOfOwnType,
    int? OneofIndex,
    string? CaseName,
    ValueKind? MapKey,
    ValueKind? MapValue,
    bool PrefixesEntriesAfterWrite)
{
    /// <summary>The field-number constant.</summary>
    public string FieldNumberName => PropertyName + "FieldNumber";

    /// <summary>Whether the field has HasXxx and ClearXxx members (explicit presence outside a real oneof).</summary>
    public bool HasPresenceMembers => Shape == FieldShape.ExplicitPresence;

    /// <summary>The HasXxx property, for fields with presence members.</summary>
    public string HasName => "Has" + PropertyName;

    /// <summary>The ClearXxx method, for fields with presence members.</summary>
    public string ClearName => "Clear" + PropertyName;

    /// <summary>The members of the message class this field declares (what C# names must not collide).</summary>
    public IEnumerable<string> MemberNames => HasPresenceMembers
        ? new[] { PropertyName, FieldNumberName, HasName, ClearName }
        : new[] { PropertyName, FieldNumberName };

    /// <summary>The test that a list or a singular message field holds nothing; null for other shapes (only those
    /// can be a tree's own-type fields, which a size leaf must have empty).</summary>
    public string? EmptyTest => Shape switch
    {
        FieldShape.Repeated => $"{BackingName}.Count == 0",
        FieldShape.Message => $"{BackingName} == null",
        _ => null,
    };

    /// <summary>Whether the size pass caches the packed payload length (a packed field of varints).</summary>
    public bool CachesPackedSize => PackedSizeName is not null;

    /// <summary>Whether the field's size pass records sub-message sizes in the size table.</summary>
    public bool UsesSizeTable => Shape == FieldShape.Map ? MapValue!.UsesSizeTable : Kind.UsesSizeTable;

    /// <summary>Whether a write's upper bound of the field differs from its size (see SizeSpec.HasBoundedFields).</summary>
    public bool IsBoundedInWrite => Shape == FieldShape.Map ? PrefixesEntriesAfterWrite : Kind.IsBoundedInWrite;
}

/// <summary>A real oneof (not the synthetic one of a proto3 <c>optional</c> field) and the names of its members.</summary>
/// <param name="Members">Its member fields, in declaration order.</param>
internal sealed record OneofSpec(
    OneofModel Oneof,
    string PropertyName,
    string FieldName,
    string CaseEnum,
    string CaseField,
    IReadOnlyList<FieldSpec> Members)
{
    /// <summary>The property returning the current case.</summary>
    public string CaseProperty => PropertyName + "Case";

    /// <summary>The method clearing the oneof.</summary>
    public string ClearName => "Clear" + PropertyName;

    /// <summary>The members of the message class this oneof declares. As in protoc's C# output, the oneof has no
    /// member of its own name (only FooCase, FooOneofCase and ClearFoo), so a oneof named like its message
    /// (<c>message Source { oneof source {...} }</c>) or like a member every message has is no conflict.</summary>
    public IEnumerable<string> MemberNames => new[] { CaseProperty, CaseEnum, ClearName };

    /// <summary>A member's label in the case enum (<c>KindOneofCase.Text</c>).</summary>
    public string CaseLabel(FieldSpec member) => $"{CaseEnum}.{member.CaseName}";
}

/// <summary>What a message is made of, decided from its own declaration alone (no other message's plan): fields,
/// oneofs, presence bits, and the object layout that decides whether it remembers its size.</summary>
/// <param name="Fields">Fields in declaration order, oneof members included (their oneof also lists them).</param>
/// <param name="HasBitCount">Presence bits taken; the class declares (HasBitCount + 31) / 32 int fields for them.</param>
/// <param name="IsExtendable">It declares extension ranges, and so holds extension values.</param>
/// <param name="EstimatedFieldBytes">The bytes of its instance fields following the runtime's layout (see
/// EmitPlanner.EstimateFieldBytes); null for layouts not estimated.</param>
/// <param name="RememberedSizeType">The type of the field in which instances remember their size ("int", "ushort"),
/// or null when they do not (see EmitPlanner.RememberedSizeType for the rule and why it is safe).</param>
/// <param name="WrapperReaders">Wrapper kinds whose reader helper the class declares, ordered by helper name.</param>
/// <param name="HasTypesClass">It declares nested messages (other than map entries) or enums, in a <c>Types</c> class.</param>
internal sealed record MessageLayout(
    MessageModel Message,
    ProtoTypeInfo Info,
    string ClassName,
    IReadOnlyList<FieldSpec> Fields,
    IReadOnlyList<OneofSpec> Oneofs,
    int HasBitCount,
    bool IsExtendable,
    int? EstimatedFieldBytes,
    string? RememberedSizeType,
    IReadOnlyList<ValueKind> WrapperReaders,
    bool HasTypesClass)
{
    /// <summary>Members every generated message declares (or inherits from object). Field properties that would take
    /// one of protoc's reserved names get a '_' appended (CSharpNames.GetPropertyName), but the names derived from a
    /// property (FooFieldNumber, HasFoo, ClearFoo), oneof members and ToJson are not renamed, so CSharpChecks checks
    /// them against these. EmitPlanTests compiles a message and fails if it declares a public member no plan names.</summary>
    public static readonly IReadOnlyList<string> FixedMemberNames = new[]
    {
        "Parser", "Clone", "Equals", "GetHashCode", "ToString", "CalculateSize", "WriteTo", "MergeFrom", "IsInitialized",
        "ToByteArray", "WriteDelimitedTo", "ToJson", "GetType", "MemberwiseClone", "ReferenceEquals", "Finalize",
    };

    /// <summary>The static property holding a message's descriptor.</summary>
    public const string DescriptorPropertyName = "Descriptor";

    /// <summary>Whether a message's class declares the <see cref="DescriptorPropertyName"/> property: a member cannot
    /// take its class's name (CS0542), so a message named Descriptor has it on the file's reflection class only.</summary>
    public static bool DeclaresDescriptorProperty(MessageModel message) => message.Name != DescriptorPropertyName;

    /// <summary>The members this message declares whatever its fields: <see cref="FixedMemberNames"/> and, unless it is
    /// named Descriptor, <see cref="DescriptorPropertyName"/>.</summary>
    public IEnumerable<string> CommonMemberNames => DeclaresDescriptorProperty(Message)
        ? FixedMemberNames.Append(DescriptorPropertyName)
        : FixedMemberNames;

    /// <summary>Members a message with extension ranges declares besides <see cref="FixedMemberNames"/>.</summary>
    public static readonly IReadOnlyList<string> ExtendableMemberNames = new[] { "GetExtension", "SetExtension", "HasExtension", "ClearExtension" };

    /// <summary>The class holding nested types.</summary>
    public const string TypesClassName = "Types";

    /// <summary><c>global::</c>-qualified name of the generated class.</summary>
    public string CSharpName => Info.CSharpName;

    /// <summary>Whether instances remember their size between CalculateSize calls, so that every member changing a
    /// field must forget it.</summary>
    public bool RemembersSize => RememberedSizeType is not null;

    /// <summary>The has-bits int fields the class declares.</summary>
    public int HasBitWords => (HasBitCount + 31) / 32;
}

/// <summary>How a message's size is computed and its sub-messages sized for a write (docs/serialization.md, "Sizing").</summary>
/// <param name="HoldsMessages">Its size pass has sub-messages to record in a size table: a field of message or group
/// type (map values and oneof members included) other than messages that remember their size, or extensions. Without
/// them, and without bounded fields, one non-generic CalculateSize serves every pass.</param>
/// <param name="HasBoundedFields">A write's upper bound differs from its size (it has strings of its own, string maps,
/// or sub-messages written within their bound), so its size body is generic over the pass, whose BoundSizePass it
/// declares CalculateWriteBound with. False when it remembers its size.</param>
/// <param name="IsWrittenWithinBound">As a sub-message, a parent's write bound sizes it within its own bound and the
/// writer fills in its prefix after writing it: it has bounded fields and holds no messages and no maps.</param>
/// <param name="HasLeafSizePath">It has a repeated field of its own type, and so a second size body for the messages
/// of a tree that hold none of their own type (CalculateLeafSize), which parents take inlined.</param>
/// <param name="IsOneOneof">It is one oneof and nothing else: its size body is one switch, marked for inlining.</param>
internal sealed record SizeSpec(
    bool HoldsMessages,
    bool HasBoundedFields,
    bool IsWrittenWithinBound,
    bool HasLeafSizePath,
    bool IsOneOneof);

/// <summary>Every decision about one message: its layout (own declaration) and its sizing (which reads the plans of
/// the messages it holds).</summary>
/// <param name="NeedsInitializationCheck">It, or a message type it reaches, can lack a required field (or holds
/// extensions): otherwise IsInitialized() is the constant true.</param>
internal sealed record MessageSpec(MessageLayout Layout, SizeSpec Size, bool NeedsInitializationCheck)
{
    public MessageModel Message => Layout.Message;

    public IReadOnlyList<FieldSpec> Fields => Layout.Fields;

    public IReadOnlyList<OneofSpec> Oneofs => Layout.Oneofs;

    /// <summary>Fields of the message's own type outside oneofs, singular or repeated (a tree's children, a list's
    /// next): the ones a size leaf has none of.</summary>
    public IEnumerable<FieldSpec> OwnTypeFields =>
        Fields.Where(f => f.Shape is FieldShape.Repeated or FieldShape.Message && f.IsOfOwnType);
}
