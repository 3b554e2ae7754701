namespace ProtoGen.Reflection;

/// <summary>A field of a message, or an extension.</summary>
public sealed class FieldDescriptor
{
    private const int LabelRepeated = 3, LabelRequired = 2;

    private readonly Scope _scope;
    private readonly int _label;
    private readonly int? _fieldPresence;
    private object? _type;

    internal FieldDescriptor(DescriptorReader reader, Scope scope, int index, bool isExtension)
    {
        _scope = scope;
        Index = index;
        IsExtension = isExtension;
        int? fieldPresence = null;
        while (reader.Next())
        {
            switch (reader.FieldNumber)
            {
                case 1: Name = reader.ReadString(); break;
                case 2: ExtendeeTypeName = reader.ReadString(); break;
                case 3: Number = reader.ReadInt32(); break;
                case 4: _label = reader.ReadInt32(); break;
                case 5: FieldType = (FieldType)reader.ReadInt32(); break;
                case 6: TypeName = reader.ReadString(); break;
                case 7: DefaultValue = reader.ReadString(); break;
                case 8: fieldPresence = Features.FieldPresence(reader.ReadMessage(), Features.FieldOptionsFeatures); break;
                case 9: OneofIndex = reader.ReadInt32(); break;
                case 10: JsonName = reader.ReadString(); break;
                case 17: IsProto3Optional = reader.ReadBool(); break;
                default: reader.Skip(); break;
            }
        }
        _fieldPresence = fieldPresence ?? scope.FieldPresence;
        FullName = scope.Qualify(Name);
        if (JsonName.Length == 0) JsonName = ToJsonName(Name);
    }

    public string Name { get; } = "";

    /// <summary>The full name: the containing message's (or, for an extension, its scope's) followed by the name.</summary>
    public string FullName { get; }

    public int Number { get; }

    /// <summary>The JSON name: the <c>json_name</c> option, else the lowerCamelCase name (as protoc computes it).</summary>
    public string JsonName { get; } = "";

    public FieldType FieldType { get; }

    /// <summary>The position among the message's fields (or its scope's extensions).</summary>
    public int Index { get; }

    /// <summary>The message type or enum type name, fully qualified with a leading dot; null for scalars.</summary>
    public string? TypeName { get; }

    /// <summary>The explicit default (proto2 and editions) as descriptor.proto spells it, or null.</summary>
    public string? DefaultValue { get; }

    public bool IsRepeated => _label == LabelRepeated;

    /// <summary>A proto2 <c>required</c> field or an editions <c>LEGACY_REQUIRED</c> one.</summary>
    public bool IsRequired => _label == LabelRequired || _fieldPresence == Features.LegacyRequired;

    public bool IsMap => IsRepeated && MessageType is { IsMapEntry: true };

    /// <summary>True when the field tracks whether it is set (proto2 singular fields, message fields, oneof members,
    /// proto3 <c>optional</c>, editions <c>EXPLICIT</c> presence); false for repeated fields and proto3 implicit ones.</summary>
    public bool HasPresence
    {
        get
        {
            if (IsRepeated) return false;
            if (FieldType is FieldType.Message or FieldType.Group || ContainingOneof is not null || IsExtension) return true;
            return _scope.Syntax switch
            {
                "proto3" => IsProto3Optional,
                "editions" => _fieldPresence != Features.Implicit,
                _ => true,
            };
        }
    }

    public bool IsProto3Optional { get; }

    public bool IsExtension { get; }

    /// <summary>For an extension, the extended message's name with a leading dot; otherwise null.</summary>
    public string? ExtendeeTypeName { get; }

    /// <summary>The message the field belongs to: its declaring message, or for an extension the message it extends
    /// (null when that message's descriptor is not available).</summary>
    public MessageDescriptor? ContainingType =>
        IsExtension ? (ExtendeeTypeName is null ? null : _scope.File.ResolveType(ExtendeeTypeName) as MessageDescriptor) : _scope.Message;

    /// <summary>For an extension declared inside a message, that message; otherwise null.</summary>
    public MessageDescriptor? ExtensionScope => IsExtension ? _scope.Message : null;

    public FileDescriptor File => _scope.File;

    /// <summary>The oneof the field belongs to (synthetic ones included), or null.</summary>
    public OneofDescriptor? ContainingOneof { get; internal set; }

    /// <summary>The oneof the field belongs to, unless it is the synthetic one of a proto3 <c>optional</c> field.</summary>
    public OneofDescriptor? RealContainingOneof => ContainingOneof is { IsSynthetic: false } oneof ? oneof : null;

    internal int? OneofIndex { get; }

    /// <summary>The field's message type (message, group and map fields), or null.</summary>
    public MessageDescriptor? MessageType => ResolvedType as MessageDescriptor;

    /// <summary>The field's enum type, or null.</summary>
    public EnumDescriptor? EnumType => ResolvedType as EnumDescriptor;

    private object? ResolvedType
    {
        get
        {
            if (TypeName is null) return null;
            return _type ??= _scope.File.ResolveType(TypeName);
        }
    }

    /// <summary>protoc's ToJsonName: underscores removed, the letter after each one capitalized.</summary>
    private static string ToJsonName(string name)
    {
        var result = new System.Text.StringBuilder(name.Length);
        bool capitalizeNext = false;
        foreach (char c in name)
        {
            if (c == '_')
            {
                capitalizeNext = true;
            }
            else if (capitalizeNext)
            {
                result.Append(c is >= 'a' and <= 'z' ? (char)(c - 'a' + 'A') : c);
                capitalizeNext = false;
            }
            else
            {
                result.Append(c);
            }
        }
        return result.ToString();
    }

    public override string ToString() => FullName;
}
