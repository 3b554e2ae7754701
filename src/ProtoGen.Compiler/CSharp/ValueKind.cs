using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.CSharp;

/// <summary>
/// Everything generated code does with ONE value of a field's type, whatever the field's cardinality: its C# type,
/// default, default test, size, write, read, equality, hash and formatting. Field emitters combine these per
/// cardinality and presence (singular, optional, oneof member, repeated, map).
/// </summary>
internal sealed class ValueKind
{
    public const string WireSize = "pgw::WireSize";
    private const string BitConverter = "global::System.BitConverter";
    // The same members for down-level targets (EmitOptions.DownLevel), whose BitConverter lacks SingleToInt32Bits.
    private const string RuntimeBitConverter = "pgw::WireFormat";
    private const string ByteStringType = "pg::ByteString";

    // The well-known wrapper messages and the scalar type of their field 1.
    private static readonly Dictionary<string, FieldType> WrapperTypes = new(StringComparer.Ordinal)
    {
        ["google.protobuf.DoubleValue"] = FieldType.Double,
        ["google.protobuf.FloatValue"] = FieldType.Float,
        ["google.protobuf.Int64Value"] = FieldType.Int64,
        ["google.protobuf.UInt64Value"] = FieldType.UInt64,
        ["google.protobuf.Int32Value"] = FieldType.Int32,
        ["google.protobuf.UInt32Value"] = FieldType.UInt32,
        ["google.protobuf.BoolValue"] = FieldType.Bool,
        ["google.protobuf.StringValue"] = FieldType.String,
        ["google.protobuf.BytesValue"] = FieldType.Bytes,
    };

    private readonly TypeIndex? _types;
    private readonly string _bitConverter;

    private ValueKind(FieldType type, ProtoTypeInfo? typeInfo, ValueKind? wrapped, int fieldNumber = 0, bool validatesUtf8 = true, TypeIndex? types = null, bool downLevel = false)
    {
        _types = types;
        _bitConverter = downLevel ? RuntimeBitConverter : BitConverter;
        Type = type;
        TypeInfo = typeInfo;
        Wrapped = wrapped;
        FieldNumber = fieldNumber;
        ValidatesUtf8 = validatesUtf8;
        IsClosedEnum = type == FieldType.Enum && EditionFeatures.IsClosedEnum(OptionsModel.None, typeInfo!.Scope);
    }

    /// <summary>For strings: whether parsing rejects invalid UTF-8 (see <see cref="EditionFeatures.ValidatesUtf8"/>).</summary>
    private bool ValidatesUtf8 { get; }

    /// <summary>A closed enum: numbers it does not declare are kept as unknown fields instead of being stored.</summary>
    public bool IsClosedEnum { get; }

    /// <summary>The field number, which a group's encoding repeats in its END_GROUP tag.</summary>
    private int FieldNumber { get; }

    public FieldType Type { get; }

    /// <summary>The message or enum type, for message, group and enum values.</summary>
    public ProtoTypeInfo? TypeInfo { get; }

    /// <summary>For the well-known wrapper messages: the kind of the wrapped value (field 1).</summary>
    public ValueKind? Wrapped { get; }

    public bool IsWrapper => Wrapped is not null;

    public bool IsMessage => (Type == FieldType.Message || Type == FieldType.Group) && Wrapped is null;

    /// <summary>Whether a size pass records this value's size (or those of messages inside it, for a group) in the
    /// size table.</summary>
    public bool UsesSizeTable => IsMessage && !RemembersSize;

    /// <summary>A (length-delimited) message type whose instances remember their size between CalculateSize calls
    /// (see EmitPlanner.RememberedSizeType): a parent asks it for its size again when writing its length prefix,
    /// which costs less than a slot in the size table.</summary>
    private bool RemembersSize => Type == FieldType.Message && Wrapped is null && _types!.RemembersSize(TypeInfo!);

    /// <summary>A message type that has strings of its own and holds no sub-messages and no maps (see
    /// EmitPlanner.IsWrittenWithinBound): a write's upper bound sizes it within its own bound, and the writer fills
    /// in its prefix after writing it (WireSize.MessageBound, WireWriter.WriteMessageWithinBound).</summary>
    private bool IsWrittenWithinBound => Type == FieldType.Message && Wrapped is null && _types!.IsWrittenWithinBound(TypeInfo!);

    /// <summary>Whether a write's upper bound (<see cref="SizeInBoundingPass"/>) leaves this value unread or unsized: a
    /// string, or a message written within its bound.</summary>
    public bool IsBoundedInWrite => (Type == FieldType.String && Wrapped is null) || IsWrittenWithinBound;

    public bool IsEnum => Type == FieldType.Enum;

    public bool IsString => Type == FieldType.String;

    public bool IsBytes => Type == FieldType.Bytes;

    /// <summary>Scalars and enums: what packed encoding applies to.</summary>
    public bool IsPackable => WireType != WireType.LengthDelimited && Type != FieldType.Group;

    public bool IsReferenceType => IsMessage || IsString || IsBytes || (Wrapped?.IsReferenceType ?? false);

    /// <summary>The kind of a field's values; <paramref name="delimited"/> gives a message field the group encoding
    /// (editions <c>message_encoding = DELIMITED</c>); <paramref name="validatesUtf8"/> applies to strings.</summary>
    public static ValueKind For(FieldModel field, TypeIndex types, bool delimited = false, bool validatesUtf8 = true)
    {
        if (field.Type is FieldType.Message or FieldType.Group or FieldType.Enum)
        {
            var info = types.Get(field.TypeName ?? throw new InvalidOperationException($"Field '{field.Name}' has no type name."));
            if (delimited) return new ValueKind(FieldType.Group, info, null, field.Number, types: types);
            if (field.Type == FieldType.Message && WrapperTypes.TryGetValue(info.FullName, out var wrappedType))
            {
                return new ValueKind(field.Type, info, Scalar(wrappedType, types.Options.DownLevel));
            }
            return new ValueKind(field.Type, info, null, field.Number, types: types);
        }
        return new ValueKind(field.Type, null, null, validatesUtf8: validatesUtf8, downLevel: types.Options.DownLevel);
    }

    public static ValueKind Scalar(FieldType type, bool downLevel = false) => new(type, null, null, downLevel: downLevel);

    public WireType WireType => Type switch
    {
        FieldType.Double or FieldType.Fixed64 or FieldType.SFixed64 => WireType.Fixed64,
        FieldType.Float or FieldType.Fixed32 or FieldType.SFixed32 => WireType.Fixed32,
        FieldType.String or FieldType.Bytes or FieldType.Message => WireType.LengthDelimited,
        FieldType.Group => WireType.StartGroup,
        _ => WireType.Varint,
    };

    /// <summary>The C# type of a present value: element type of repeated fields and map values.</summary>
    public string ElementType => Wrapped is { } wrapped
        ? (wrapped.IsReferenceType ? wrapped.ElementType : wrapped.ElementType + "?")
        : Type switch
        {
            FieldType.Double => "double",
            FieldType.Float => "float",
            FieldType.Int64 or FieldType.SFixed64 or FieldType.SInt64 => "long",
            FieldType.UInt64 or FieldType.Fixed64 => "ulong",
            FieldType.Int32 or FieldType.SFixed32 or FieldType.SInt32 => "int",
            FieldType.UInt32 or FieldType.Fixed32 => "uint",
            FieldType.Bool => "bool",
            FieldType.String => "string",
            FieldType.Bytes => ByteStringType,
            _ => TypeInfo!.CSharpName,
        };

    /// <summary>The C# type of a singular property: messages and wrappers are nullable (null = not set), annotated so
    /// where the file has nullable annotations (<see cref="TypeIndex.MaybeNull"/>).</summary>
    public string PropertyType(TypeIndex types) =>
        IsMessage || (Wrapped?.IsReferenceType ?? false) ? types.MaybeNull(ElementType) : ElementType;

    /// <summary>The C# type a wrapper's value has once known to be present (<c>int</c> for <c>int?</c>).</summary>
    public string UnwrappedType => Wrapped?.ElementType ?? ElementType;

    /// <summary>The type's default value (declared <c>[default = ...]</c> values: <see cref="DefaultValues"/>).</summary>
    public string DefaultValue => Type switch
    {
        _ when Wrapped is not null || IsMessage => "null",
        FieldType.Double => "0D",
        FieldType.Float => "0F",
        FieldType.Int64 or FieldType.SFixed64 or FieldType.SInt64 => "0L",
        FieldType.UInt64 or FieldType.Fixed64 => "0UL",
        FieldType.UInt32 or FieldType.Fixed32 => "0U",
        FieldType.Bool => "false",
        FieldType.String => "\"\"",
        FieldType.Bytes => ByteStringType + ".Empty",
        FieldType.Enum => Enum.DefaultValue,
        _ => "0",
    };

    /// <summary>An expression true when <paramref name="value"/> differs from the default, as Google.Protobuf's field
    /// codecs test it (map entries, wrapper payloads): floating point compared by bits, so -0.0 is written.</summary>
    public string IsNotDefault(string value) => Type switch
    {
        FieldType.Double => $"{_bitConverter}.DoubleToInt64Bits({value}) != 0L",
        FieldType.Float => $"{_bitConverter}.SingleToInt32Bits({value}) != 0",
        FieldType.Bool => value,
        FieldType.String or FieldType.Bytes => $"{value}.Length != 0",
        _ => $"{value} != 0",
    };

    /// <summary>The test Google.Protobuf's generated code uses for a proto3 field without presence: floating point compared
    /// by value (<c>x != 0D</c>), so -0.0 is not written there (NaN is); other types as <see cref="IsNotDefault"/>.</summary>
    public string IsNotZero(string value) => Type switch
    {
        FieldType.Double => $"{value} != 0D",
        FieldType.Float => $"{value} != 0F",
        _ => IsNotDefault(value),
    };

    /// <summary>Encoded size of a present value, without its tag. Wrappers take the unwrapped value.</summary>
    public string Size(string value) => Wrapped is { } wrapped
        ? $"{WireSize}.LengthDelimited({WrapperPayloadSize(wrapped, value)})"
        : Type switch
        {
            FieldType.Double or FieldType.Fixed64 or FieldType.SFixed64 => "8",
            FieldType.Float or FieldType.Fixed32 or FieldType.SFixed32 => "4",
            FieldType.Bool => "1",
            FieldType.Int32 => $"{WireSize}.Int32({value})",
            FieldType.Int64 => $"{WireSize}.Int64({value})",
            FieldType.UInt32 => $"{WireSize}.UInt32({value})",
            FieldType.UInt64 => $"{WireSize}.UInt64({value})",
            FieldType.SInt32 => $"{WireSize}.SInt32({value})",
            FieldType.SInt64 => $"{WireSize}.SInt64({value})",
            FieldType.Enum => $"{WireSize}.Enum((int){value})",
            FieldType.String => $"{WireSize}.String({value})",
            FieldType.Bytes => $"{WireSize}.Bytes({value})",
            // In a size pass (`sizes`), a sub-message takes a slot for its size before the messages inside it take
            // theirs; a group has no length prefix, so only the messages inside it do; one that remembers its size
            // takes none (the write pass asks it again).
            // A message of another assembly is reached through its public IMessage members (WireSize.Message and
            // WireSize.Group take the pass's table), which record the same slots in the same order.
            FieldType.Group when !TypeInfo!.IsInCompilation => $"{WireSize}.Group({value}, sizes.Table) + {WireTags.TagSize(FieldNumber)}",
            FieldType.Group => $"{FieldsSizeInPass(value)} + {WireTags.TagSize(FieldNumber)}",
            _ when RemembersSize => $"{WireSize}.LengthDelimited({value}.CalculateSize())",
            _ when !TypeInfo!.IsInCompilation => $"{WireSize}.Message({value}, sizes.Table)",
            _ => SizeInPass(FieldsSizeInPass(value)),
        };

    /// <summary>The size of the fields of a message compiled into this assembly, in a size pass (<c>sizes</c>): its
    /// internal size body generic over the pass when it holds messages, in the pass sub-messages are sized in (exact,
    /// since the size becomes a length prefix), else its CalculateSize(), which gives the same size and has nothing to
    /// record.</summary>
    private string FieldsSizeInPass(string value) =>
        _types!.HoldsMessages(TypeInfo!) ? $"{value}.CalculateSize{NestedPass}" : $"{value}.CalculateSize()";

    /// <summary>The type arguments and argument of a call of a sub-message's generic size body, in the pass
    /// sub-messages are sized in.</summary>
    public const string NestedPass = "<TNested, TNested>(sizes.Nested)";

    /// <summary>A sub-message's encoded size in a size pass (<c>sizes</c>), prefix included, from the expression that
    /// sizes its fields in that pass: the message takes its slot before the messages inside it take theirs.</summary>
    public static string SizeInPass(string fieldsSize) => $"{WireSize}.LengthDelimited(sizes.Record(sizes.Reserve(), {fieldsSize}))";

    /// <summary>Like <see cref="Size"/>, in a size body generic over the pass (<c>sizes</c>) of a message whose write
    /// bound differs from its size: the pass sizes a string (not a wrapper's, which is inside a length-prefixed
    /// message) and a message written within its bound, so that a write bound (BoundSizePass) counts the string as 3
    /// bytes per char instead of reading it and sizes the message within its own bound, and every other pass sizes
    /// both exactly.</summary>
    public string SizeInBoundingPass(string value) => Type switch
    {
        FieldType.String when Wrapped is null => $"sizes.String({value})",
        _ when IsWrittenWithinBound => $"sizes.MessageWithinBound({value})",
        _ => Size(value),
    };

    /// <summary>An upper bound of <see cref="Size"/> without reading a string (a string counts 3 bytes per char), for
    /// the write pass's prefixes reserved before a value is written (map entries of strings).</summary>
    public string SizeBound(string value) => Type == FieldType.String && Wrapped is null
        ? $"{WireSize}.StringBound({value})"
        : Size(value);

    /// <summary>Like <see cref="Size"/>, where <c>sizes</c> is a size table or null rather than a size pass (extension
    /// codecs), for the same write.</summary>
    public string SizeWithTable(string value) => Type switch
    {
        FieldType.Group => $"{WireSize}.Group({value}, sizes) + {WireTags.TagSize(FieldNumber)}",
        FieldType.Message when UsesSizeTable => $"{WireSize}.Message({value}, sizes)",
        _ => Size(value),
    };

    /// <summary>Like <see cref="Size"/>, in the write pass (map entries, whose length covers their value): a message's
    /// size is the one its size pass recorded, read by the writer without moving past it.</summary>
    public string SizeForWrite(string value) => UsesSizeTable && Type != FieldType.Group
        ? $"{WireSize}.LengthDelimited(writer.PeekMessageSize({value}))"
        : Size(value);

    /// <summary>Merges one encoded message (or group, whose START_GROUP tag was just read) into <paramref name="target"/>.</summary>
    public string ReadInto(string target) => Type == FieldType.Group
        ? $"reader.ReadGroup({FieldNumber}, {target});"
        : $"reader.ReadMessage({target});";

    /// <summary>The size of a value whose encoding has a fixed length, else null.</summary>
    public int? FixedSize => Type switch
    {
        FieldType.Double or FieldType.Fixed64 or FieldType.SFixed64 => 8,
        FieldType.Float or FieldType.Fixed32 or FieldType.SFixed32 => 4,
        FieldType.Bool => 1,
        _ => null,
    };

    /// <summary>The longest encoding of a value that a <c>WireRun</c> writes (a scalar, enum or bool that is not a
    /// wrapper), else null: a varint of up to 64 bits (and an int32 or enum, negative ones sign-extended) takes 10 bytes,
    /// uint32 and sint32 5, the fixed widths theirs.</summary>
    public int? MaxRunBytes => Wrapped is not null ? null : Type switch
    {
        FieldType.Int32 or FieldType.Int64 or FieldType.UInt64 or FieldType.SInt64 or FieldType.Enum => 10,
        FieldType.UInt32 or FieldType.SInt32 => 5,
        _ => FixedSize,
    };

    /// <summary>Writes a present value (no tag) of a kind that has <see cref="MaxRunBytes"/>, through the run
    /// <c>run</c>.</summary>
    public void WriteInRun(CodeWriter w, string value) => w.Line(ScalarWrite("run", value));

    // A scalar's or enum's write call on `receiver` (the writer, or a run: their scalar writers share names).
    private string ScalarWrite(string receiver, string value) => Type == FieldType.Enum
        ? $"{receiver}.WriteEnum((int){value});"
        : $"{receiver}.Write{WriterSuffix}({value});";

    /// <summary>Writes a present value (no tag). A message's length prefix is the size its size pass recorded, or, for
    /// one that remembers its size, the size it remembers.</summary>
    public void Write(CodeWriter w, string value)
    {
        if (Wrapped is { } wrapped)
        {
            w.Line($"writer.WriteLength({WrapperPayloadSize(wrapped, value)});");
            w.Open($"if ({wrapped.IsNotDefault(value)})");
            w.Line(WireTags.WriteRawTag(1, wrapped.WireType));
            wrapped.Write(w, value);
            w.Close();
            return;
        }
        w.Line(Type switch
        {
            FieldType.Message when RemembersSize => $"writer.WriteMessage({value}, {value}.CalculateSize());",
            FieldType.Message when IsWrittenWithinBound => $"writer.WriteMessageWithinBound({value});",
            FieldType.Message => $"writer.WriteMessage({value});",
            FieldType.Group => $"writer.WriteGroup({FieldNumber}, {value});",
            _ => ScalarWrite("writer", value),
        });
    }

    /// <summary>The method suffix of WireWriter/WireReader for scalars (<c>Int32</c>, <c>SFixed64</c>...).</summary>
    public string WriterSuffix => Type switch
    {
        FieldType.Double => "Double",
        FieldType.Float => "Float",
        FieldType.Int64 => "Int64",
        FieldType.UInt64 => "UInt64",
        FieldType.Int32 => "Int32",
        FieldType.Fixed64 => "Fixed64",
        FieldType.Fixed32 => "Fixed32",
        FieldType.Bool => "Bool",
        FieldType.String => "String",
        FieldType.Bytes => "Bytes",
        FieldType.UInt32 => "UInt32",
        FieldType.Enum => "Enum",
        FieldType.SFixed32 => "SFixed32",
        FieldType.SFixed64 => "SFixed64",
        FieldType.SInt32 => "SInt32",
        FieldType.SInt64 => "SInt64",
        _ => throw new InvalidOperationException($"{Type} has no scalar reader."),
    };

    /// <summary>An expression reading one value (scalars, enums, wrappers; messages merge into an instance instead).</summary>
    public string Read => Wrapped is not null
        ? WrapperReaderName + "(ref reader)"
        : Type switch
        {
            FieldType.Enum => $"({ElementType})reader.ReadEnum()",
            FieldType.String when !ValidatesUtf8 => "reader.ReadStringWithoutValidation()",
            _ => $"reader.Read{WriterSuffix}()",
        };

    /// <summary>For closed enums: a pattern test true when <paramref name="value"/> (an int) is a declared number;
    /// runs of consecutive numbers become ranges.</summary>
    public string IsDeclaredEnumNumber(string value)
    {
        var numbers = TypeInfo!.Enum!.Values.Select(v => (long)v.Number).Distinct().OrderBy(n => n).ToList();
        var parts = new List<string>();
        for (int i = 0; i < numbers.Count;)
        {
            int j = i;
            while (j + 1 < numbers.Count && numbers[j + 1] == numbers[j] + 1) j++;
            string first = numbers[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
            string last = numbers[j].ToString(System.Globalization.CultureInfo.InvariantCulture);
            parts.Add(i == j ? first : j == i + 1 ? $"{first} or {last}" : $">= {first} and <= {last}");
            i = j + 1;
        }
        if (parts.Count > 1) parts = parts.Select(p => p.Contains(" and ") ? $"({p})" : p).ToList();
        return $"{value} is {string.Join(" or ", parts)}";
    }

    /// <summary>Name of the private static helper a message declares to read this wrapper type.</summary>
    public string WrapperReaderName => "_Read" + TypeInfo!.FullName.Substring("google.protobuf.".Length);

    /// <summary>Declares the helper that reads a wrapper message and returns its value (default when field 1 is absent;
    /// other fields skipped, as Google.Protobuf's wrapper codecs do).</summary>
    public void WriteWrapperReader(CodeWriter w)
    {
        var wrapped = Wrapped!;
        w.NonUserCode();
        w.Line($"private static {wrapped.ElementType} {WrapperReaderName}(ref pgw::WireReader reader)");
        w.Open();
        w.Line($"{wrapped.ElementType} value = {wrapped.DefaultValue};");
        w.Line("int oldLimit = reader.EnterMessage();");
        w.Line("uint tag;");
        w.Open("while ((tag = reader.ReadTag()) != 0)");
        w.Open($"if (tag == {WireTags.MakeTag(1, wrapped.WireType)})");
        w.Line($"value = {wrapped.Read};");
        w.Close();
        w.Open("else");
        w.Line("reader.SkipField(tag);");
        w.Close();
        w.Close();
        w.Line("reader.ExitMessage(oldLimit);");
        w.Line("return value;");
        w.Close();
    }

    /// <summary>An expression true when two values differ (bitwise for floating point, by value for messages).</summary>
    public string NotEqual(string left, string right)
    {
        if (Wrapped is { Type: FieldType.Double or FieldType.Float } wrapped)
        {
            // double? and float?: presence first, then bits.
            return $"{left}.HasValue != {right}.HasValue || {wrapped.NotEqual($"{left}.GetValueOrDefault()", $"{right}.GetValueOrDefault()")}";
        }
        return Type switch
        {
            _ when Wrapped is not null => $"{left} != {right}",
            FieldType.Double => $"{_bitConverter}.DoubleToInt64Bits({left}) != {_bitConverter}.DoubleToInt64Bits({right})",
            FieldType.Float => $"{_bitConverter}.SingleToInt32Bits({left}) != {_bitConverter}.SingleToInt32Bits({right})",
            FieldType.Message or FieldType.Group => $"!object.Equals({left}, {right})",
            _ => $"{left} != {right}",
        };
    }

    /// <summary>Hash of a present value (unwrapped for wrappers), consistent with <see cref="NotEqual"/>.</summary>
    public string Hash(string value) => Wrapped is { } wrapped
        ? wrapped.Hash(value)
        : Type switch
        {
            FieldType.Double => $"{_bitConverter}.DoubleToInt64Bits({value}).GetHashCode()",
            FieldType.Float => $"{_bitConverter}.SingleToInt32Bits({value})",
            _ => $"{value}.GetHashCode()",
        };

    /// <summary>Expression turning a present nullable property value into the unwrapped value.</summary>
    public string Unwrap(string value) => Wrapped is { IsReferenceType: false } ? value + ".GetValueOrDefault()" : value;

    /// <summary>A deep copy of a present value (messages are cloned; everything else is immutable).</summary>
    public string Clone(string value) => IsMessage ? value + ".Clone()" : value;

    // The payload of a wrapper message: field 1 (one-byte tag) when not default, else nothing.
    private static string WrapperPayloadSize(ValueKind wrapped, string value) =>
        $"{wrapped.IsNotDefault(value)} ? 1 + {wrapped.Size(value)} : 0";

    /// <summary>For an enum kind, the enum's plan (its C# value names).</summary>
    public EnumSpec Enum => Type == FieldType.Enum && _types is not null
        ? _types.Planner.Enum(TypeInfo!)
        : throw new InvalidOperationException($"A {Type} value has no enum plan.");
}
