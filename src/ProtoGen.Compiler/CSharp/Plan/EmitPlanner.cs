using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.CSharp;

/// <summary>
/// Computes the emit plan of the types a <see cref="TypeIndex"/> knows, each once: a message's
/// <see cref="MessageLayout"/> from its own declaration, then its <see cref="SizeSpec"/>, which reads the layouts (and
/// for write bounds the size specs) of the messages it holds; an enum's <see cref="EnumSpec"/>; a service's
/// <see cref="ServiceSpec"/>; and the <see cref="FileSpec"/> of the file being emitted. All are memoized, so a type's
/// plan is the same wherever it is asked for (its own declaration, a field's default value, the C# name checks).
/// </summary>
/// <remarks>
/// The sizing decisions recurse only where they must terminate: whether a held message remembers its size needs its
/// layout only (no recursion); whether it is written within its bound needs its size spec only when the holder holds no
/// messages, that is when every message it holds remembers its size, and those hold plain values only. So a message of
/// its own type (a tree) never asks for its own unfinished plan.
/// </remarks>
internal sealed class EmitPlanner
{
    private readonly TypeIndex _types;
    private readonly Dictionary<string, MessageLayout> _layouts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _holdsMessages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _writtenWithinBound = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MessageSpec> _specs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EnumSpec> _enums = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServiceSpec> _services = new(StringComparer.Ordinal);
    private FileSpec? _file;

    public EmitPlanner(TypeIndex types) => _types = types;

    /// <summary>The full plan of a message type.</summary>
    public MessageSpec Plan(ProtoTypeInfo message)
    {
        if (_specs.TryGetValue(message.FullName, out var known)) return known;
        var layout = Layout(message);
        bool holdsMessages = HoldsMessages(message);
        bool hasBoundedFields = HasBoundedFields(layout);
        var size = new SizeSpec(
            HoldsMessages: holdsMessages,
            HasBoundedFields: hasBoundedFields,
            IsWrittenWithinBound: IsWrittenWithinBound(message),
            HasLeafSizePath: layout.Fields.Any(f => f.Shape == FieldShape.Repeated && f.IsOfOwnType),
            IsOneOneof: layout.Oneofs.Count == 1 && layout.Fields.All(f => f.Shape == FieldShape.OneofMember));
        var spec = new MessageSpec(layout, size, _types.NeedsInitializationCheck(message));
        _specs[message.FullName] = spec;
        return spec;
    }

    /// <summary>The plan of the file the index was made for: its namespace, reflection and extension classes, enums
    /// and services.</summary>
    public FileSpec File()
    {
        if (_file is not null) return _file;
        var file = _types.File;
        _file = new FileSpec(
            file,
            CSharpNames.GetNamespace(file, _types.Options.NamespaceOverride),
            CSharpNames.GetReflectionClassName(file),
            ExtensionEmitter.HasFileClass(file, _types) ? CSharpNames.GetExtensionClassName(file) : null,
            file.EnumTypes.Select(e => Enum(_types.Get(e.FullName))).ToList(),
            file.Services.Select(Service).ToList(),
            _types.Options.GrpcServices);
        return _file;
    }

    /// <summary>The plan of an enum type: the C# names of the type and its values, and its aliases.</summary>
    public EnumSpec Enum(ProtoTypeInfo info)
    {
        if (_enums.TryGetValue(info.FullName, out var known)) return known;
        var enumModel = info.Enum ?? throw new InvalidOperationException($"'{info.FullName}' is not an enum type.");
        var values = new List<EnumValueSpec>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var numbers = new HashSet<int>();
        foreach (var value in enumModel.Values)
        {
            // Stripping the prefix can map two values to one name (COLOR_RED and RED): the later one gets '_'.
            string name = CSharpNames.GetEnumValueName(enumModel.Name, value.Name);
            while (!names.Add(name)) name += "_";
            values.Add(new EnumValueSpec(value, name, IsAlias: !numbers.Add(value.Number)));
        }
        var spec = new EnumSpec(enumModel, info, CSharpNames.Escape(enumModel.Name), values);
        _enums[info.FullName] = spec;
        return spec;
    }

    /// <summary>The plan of a service's gRPC stubs.</summary>
    public ServiceSpec Service(ServiceModel service)
    {
        if (_services.TryGetValue(service.FullName, out var known)) return known;
        var methods = service.Methods.Select(method => new MethodSpec(
            method,
            CSharpNames.Escape(method.Name),
            method.ClientStreaming || method.ServerStreaming ? null : method.Name + "Async",
            "__Method_" + method.Name,
            _types.Get(method.InputType).CSharpName,
            _types.Get(method.OutputType).CSharpName,
            (method.ClientStreaming, method.ServerStreaming) switch
            {
                (false, false) => MethodStreaming.Unary,
                (false, true) => MethodStreaming.ServerStreaming,
                (true, false) => MethodStreaming.ClientStreaming,
                _ => MethodStreaming.DuplexStreaming,
            })).ToList();
        var spec = new ServiceSpec(service, CSharpNames.Escape(service.Name), service.FullName.TrimStart('.'), methods);
        _services[service.FullName] = spec;
        return spec;
    }

    /// <summary>Whether instances of a message type remember their size between CalculateSize calls.</summary>
    public bool RemembersSize(ProtoTypeInfo message) => Layout(message).RemembersSize;

    /// <summary>Whether a message type is written within its bound when it is a sub-message: it has strings of its own
    /// and holds no messages and no maps, so that its bound takes no slots of the size table and costs no more than
    /// reading its fields' lengths. A bound over 16,383 bytes is thrown away and the message sized exactly (see
    /// WireSize.MessageBound). Types with maps stay out: their entries would be bounded and then, past the bound,
    /// sized again, which is slower on map-heavy messages (benchmarks/results/history.md, "The write bound").</summary>
    public bool IsWrittenWithinBound(ProtoTypeInfo message)
    {
        if (_writtenWithinBound.TryGetValue(message.FullName, out bool known)) return known;
        var layout = Layout(message);
        bool answer = !HoldsMessages(message) && !layout.Fields.Any(f => f.Shape == FieldShape.Map) && HasBoundedFields(layout);
        _writtenWithinBound[message.FullName] = answer;
        return answer;
    }

    /// <summary>Whether a message's size pass has sub-messages to record in a size table (SizeSpec.HoldsMessages).</summary>
    public bool HoldsMessages(ProtoTypeInfo message)
    {
        if (_holdsMessages.TryGetValue(message.FullName, out bool known)) return known;
        var layout = Layout(message);
        bool answer = layout.IsExtendable || layout.Fields.Any(f => f.UsesSizeTable);
        _holdsMessages[message.FullName] = answer;
        return answer;
    }

    /// <summary>Whether a write's upper bound of the message differs from its size: it has string fields of its own
    /// (singular, optional, repeated or in a oneof; not wrappers, which are length-prefixed messages), whose text the
    /// bound leaves unread, maps whose entries hold strings and no messages, or sub-messages written within their
    /// bound. A message that remembers its size reads it instead.</summary>
    private static bool HasBoundedFields(MessageLayout layout) =>
        !layout.RemembersSize && layout.Fields.Any(f => f.IsBoundedInWrite);

    /// <summary>The layout of a message type, from its own declaration.</summary>
    public MessageLayout Layout(ProtoTypeInfo message)
    {
        if (_layouts.TryGetValue(message.FullName, out var known)) return known;
        var layout = NewLayout(message);
        _layouts[message.FullName] = layout;
        return layout;
    }

    private MessageLayout NewLayout(ProtoTypeInfo info)
    {
        var message = info.Message ?? throw new InvalidOperationException($"'{info.FullName}' is not a message type.");
        var scope = info.Scope;
        var fields = new List<FieldSpec>();
        var oneofIndices = new Dictionary<int, int>(); // model oneof index -> index in the plan's oneofs
        var oneofModels = new List<OneofModel>();
        var wrapperReaders = new SortedDictionary<string, ValueKind>(StringComparer.Ordinal);
        int hasBits = 0;
        foreach (var field in message.Fields)
        {
            var kind = ValueKind.For(field, _types, EditionFeatures.IsDelimited(field, scope), EditionFeatures.ValidatesUtf8(field, scope));
            if (kind.IsWrapper) wrapperReaders[kind.WrapperReaderName] = kind;
            string property = CSharpNames.GetPropertyName(field, message.Name);
            string backing = CSharpNames.GetBackingFieldName(field);
            bool ownType = kind.Type == FieldType.Message && kind.TypeInfo?.FullName == message.FullName;
            bool required = EditionFeatures.IsRequired(field, scope);
            var spec = new FieldSpec(field, FieldShape.ImplicitPresence, kind, property, backing, HasBit: null,
                IsRequired: required, IsPacked: false, PackedSizeName: null, IsOfOwnType: ownType, OneofIndex: null,
                CaseName: null, MapKey: null, MapValue: null, PrefixesEntriesAfterWrite: false);

            if (field.OneofIndex is int index && !field.Proto3Optional)
            {
                if (!oneofIndices.TryGetValue(index, out int planIndex))
                {
                    planIndex = oneofModels.Count;
                    oneofIndices.Add(index, planIndex);
                    oneofModels.Add(message.Oneofs[index]);
                }
                spec = spec with { Shape = FieldShape.OneofMember, OneofIndex = planIndex, CaseName = CSharpNames.GetOneofCaseName(property) };
            }
            else if (field.Label == FieldLabel.Repeated && kind.TypeInfo?.Message is { IsMapEntry: true } entry)
            {
                bool validatesUtf8 = EditionFeatures.ValidatesUtf8(field, scope);
                var key = ValueKind.For(entry.Fields.Single(f => f.Number == 1), _types, validatesUtf8: validatesUtf8);
                var value = ValueKind.For(entry.Fields.Single(f => f.Number == 2), _types, validatesUtf8: validatesUtf8);
                if (value.IsWrapper) wrapperReaders[value.WrapperReaderName] = value;
                spec = spec with
                {
                    Shape = FieldShape.Map,
                    MapKey = key,
                    MapValue = value,
                    PrefixesEntriesAfterWrite = !value.IsMessage && !value.IsWrapper && (key.IsString || value.IsString),
                };
            }
            else if (field.Label == FieldLabel.Repeated)
            {
                bool packed = EditionFeatures.IsPacked(field, kind.IsPackable, scope);
                spec = spec with
                {
                    Shape = FieldShape.Repeated,
                    IsPacked = packed,
                    PackedSizeName = packed && kind.FixedSize is null ? "_" + backing.TrimEnd('_') + "PackedSize" : null,
                };
            }
            else if (kind.IsMessage)
            {
                spec = spec with { Shape = FieldShape.Message };
            }
            else if (kind.IsWrapper)
            {
                spec = spec with { Shape = FieldShape.Wrapper };
            }
            else if (EditionFeatures.HasPresence(field, scope))
            {
                // Strings and bytes use null as "unset"; value types a presence bit, in declaration order.
                spec = spec with { Shape = FieldShape.ExplicitPresence, HasBit = kind.IsReferenceType ? null : new HasBit(hasBits++) };
            }
            fields.Add(spec);
        }

        var oneofs = oneofModels.Select((oneof, i) =>
        {
            string property = CSharpNames.GetOneofPropertyName(oneof);
            string field = CSharpNames.GetOneofFieldName(oneof);
            return new OneofSpec(oneof, property, field, property + "OneofCase", field.TrimEnd('_') + "Case_",
                fields.Where(f => f.OneofIndex == i).ToList());
        }).ToList();

        bool extendable = message.ExtensionRanges.Count != 0;
        int? fieldBytes = EstimateFieldBytes(fields, oneofs.Count, hasBits, extendable);
        bool plainValues = !extendable && fields.All(f =>
            f.Shape is FieldShape.ImplicitPresence or FieldShape.ExplicitPresence or FieldShape.OneofMember && PlainValueBytes(f.Kind.Type) is not null);
        return new MessageLayout(
            message,
            info,
            CSharpNames.Escape(message.Name),
            fields,
            oneofs,
            hasBits,
            extendable,
            fieldBytes,
            plainValues ? RememberedSizeType(fieldBytes!.Value) : null,
            wrapperReaders.Values.ToList(),
            message.NestedTypes.Any(m => !m.IsMapEntry) || message.EnumTypes.Count != 0);
    }

    /// <summary>
    /// The type of the field in which a message of plain values (numbers, strings, bytes, with or without presence, in
    /// oneofs or not; no sub-messages, lists, maps or extensions) remembers its size between CalculateSize calls, or
    /// null when it does not. Only the message's own generated members can change such a message (strings are
    /// immutable, a ByteString's length is fixed, the unknown field set is private), and each of them forgets the size,
    /// so a remembered size is never stale; no parent remembers a size, so a child changed on its own cannot leave a
    /// parent's size stale. The field must not make instances larger: parsing should allocate no more than
    /// Google.Protobuf's classes (they remember no sizes), and objects are padded to 8 bytes. The CLR lays out a
    /// class's fields by size (references, then 8-, 4-, 2- and 1-byte values), so with power-of-two sizes in that order
    /// there are no gaps between them and the padding is what the sum leaves to the next multiple of 8. An int is used
    /// when 4 bytes fit there, else a ushort (sizes below 65,535; larger ones are not remembered) when 2 bytes fit,
    /// else nothing: such a message is sized anew on every call, and twice when written nested (once for its parent's
    /// size, once for its own length prefix).
    /// </summary>
    internal static string? RememberedSizeType(int fieldBytes)
    {
        if (FitsInPadding(fieldBytes, 4)) return "int";
        if (FitsInPadding(fieldBytes, 2)) return "ushort";
        return null;
    }

    // Whether <extra> more bytes fit in the padding after <fieldBytes> bytes of fields (objects are padded to 8 bytes).
    private static bool FitsInPadding(int fieldBytes, int extra) => PaddedTo8(fieldBytes + extra) == PaddedTo8(fieldBytes);

    private static int PaddedTo8(int n) => (n + 7) & ~7;

    /// <summary>The bytes of a message's instance fields, following the runtime's layout: 8 per reference, 8/4/1 per
    /// 64-bit/32-bit/bool value, 4 per has-bit word, 12 per oneof (its value object and case); null for layouts not
    /// estimated (wrapper fields, whose Nullable structs the runtime places apart).</summary>
    private static int? EstimateFieldBytes(List<FieldSpec> fields, int oneofCount, int hasBitCount, bool extendable)
    {
        int bytes = 8 + 4 * ((hasBitCount + 31) / 32); // _unknownFields, _hasBitsN
        if (extendable) bytes += 8;
        bytes += 12 * oneofCount;
        foreach (var field in fields)
        {
            int? size = field.Shape switch
            {
                FieldShape.OneofMember => 0,
                FieldShape.Message or FieldShape.Map => 8,
                FieldShape.Repeated => 8 + (field.CachesPackedSize ? 4 : 0),
                FieldShape.ImplicitPresence or FieldShape.ExplicitPresence => PlainValueBytes(field.Kind.Type),
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
}
