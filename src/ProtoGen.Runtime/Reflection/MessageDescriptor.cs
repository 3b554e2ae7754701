namespace ProtoGen.Reflection;

/// <summary>A message type: its fields (declaration order), oneofs, nested types and the extensions it declares.</summary>
public sealed class MessageDescriptor
{
    private readonly Dictionary<int, FieldDescriptor> _byNumber = new();
    private readonly Dictionary<string, FieldDescriptor> _byName = new(StringComparer.Ordinal);

    internal MessageDescriptor(DescriptorReader reader, Scope parent, int index)
    {
        File = parent.File;
        ContainingType = parent.Message;
        Index = index;
        var fields = new List<DescriptorReader>();
        var nested = new List<DescriptorReader>();
        var enums = new List<DescriptorReader>();
        var extensions = new List<DescriptorReader>();
        var oneofNames = new List<string>();
        int? fieldPresence = parent.FieldPresence;
        while (reader.Next())
        {
            switch (reader.FieldNumber)
            {
                case 1: Name = reader.ReadString(); break;
                case 2: fields.Add(reader.ReadMessage()); break;
                case 3: nested.Add(reader.ReadMessage()); break;
                case 4: enums.Add(reader.ReadMessage()); break;
                case 6: extensions.Add(reader.ReadMessage()); break;
                case 7:
                    // A struct: each copy reads the same options bytes from their start.
                    var options = reader.ReadMessage();
                    IsMapEntry = MapEntry(options);
                    fieldPresence = Features.FieldPresence(options, Features.MessageOptionsFeatures) ?? fieldPresence;
                    break;
                case 8: oneofNames.Add(OneofName(reader.ReadMessage())); break;
                default: reader.Skip(); break;
            }
        }
        FullName = parent.Qualify(Name);
        var scope = new Scope(File, FullName, this, parent.Syntax, fieldPresence);
        Oneofs = oneofNames.Select((name, i) => new OneofDescriptor(name, this, i)).ToArray();
        var fieldList = new List<FieldDescriptor>();
        foreach (var field in fields)
        {
            var descriptor = new FieldDescriptor(field, scope, fieldList.Count, isExtension: false);
            fieldList.Add(descriptor);
            _byNumber[descriptor.Number] = descriptor;
            _byName[descriptor.Name] = descriptor;
        }
        Fields = fieldList;
        foreach (var oneof in Oneofs) oneof.Complete(fieldList);
        NestedTypes = nested.Select((n, i) => new MessageDescriptor(n, scope, i)).ToArray();
        EnumTypes = enums.Select((e, i) => new EnumDescriptor(e, scope, i)).ToArray();
        Extensions = extensions.Select((e, i) => new FieldDescriptor(e, scope, i, isExtension: true)).ToArray();
    }

    public string Name { get; } = "";

    /// <summary>The full name without a leading dot (<c>acme.store.v1.Order.Line</c>).</summary>
    public string FullName { get; }

    public FileDescriptor File { get; }

    /// <summary>The message this one is nested in, or null for a top-level message.</summary>
    public MessageDescriptor? ContainingType { get; }

    /// <summary>The position among its file's or containing message's messages.</summary>
    public int Index { get; }

    /// <summary>The fields in declaration order (oneof members included).</summary>
    public IReadOnlyList<FieldDescriptor> Fields { get; }

    /// <summary>Oneofs in declaration order, the synthetic ones of proto3 <c>optional</c> fields last.</summary>
    public IReadOnlyList<OneofDescriptor> Oneofs { get; }

    public IReadOnlyList<MessageDescriptor> NestedTypes { get; }

    public IReadOnlyList<EnumDescriptor> EnumTypes { get; }

    /// <summary>The extensions declared inside this message (of any message).</summary>
    public IReadOnlyList<FieldDescriptor> Extensions { get; }

    /// <summary>True for the synthetic <c>XxxEntry</c> message of a map field.</summary>
    public bool IsMapEntry { get; }

    public FieldDescriptor? FindFieldByNumber(int number) => _byNumber.TryGetValue(number, out var field) ? field : null;

    public FieldDescriptor? FindFieldByName(string name) => _byName.TryGetValue(name, out var field) ? field : null;

    /// <summary>This message's extensions and those of its nested messages.</summary>
    public IEnumerable<FieldDescriptor> AllExtensions()
    {
        foreach (var extension in Extensions) yield return extension;
        foreach (var nested in NestedTypes)
        {
            foreach (var extension in nested.AllExtensions()) yield return extension;
        }
    }

    internal void AddSymbols(Dictionary<string, object> symbols)
    {
        symbols[FullName] = this;
        foreach (var field in Fields) symbols[field.FullName] = field;
        foreach (var extension in Extensions) symbols[extension.FullName] = extension;
        foreach (var nested in NestedTypes) nested.AddSymbols(symbols);
        foreach (var enumType in EnumTypes) enumType.AddSymbols(symbols);
    }

    private static bool MapEntry(DescriptorReader options)
    {
        bool mapEntry = false;
        while (options.Next())
        {
            if (options.FieldNumber == 7 && options.WireType == 0) mapEntry = options.ReadBool();
            else options.Skip();
        }
        return mapEntry;
    }

    private static string OneofName(DescriptorReader oneof)
    {
        string name = "";
        while (oneof.Next())
        {
            if (oneof.FieldNumber == 1) name = oneof.ReadString();
            else oneof.Skip();
        }
        return name;
    }

    public override string ToString() => FullName;
}

/// <summary>A oneof: its member fields. Synthetic oneofs hold one proto3 <c>optional</c> field each.</summary>
public sealed class OneofDescriptor
{
    internal OneofDescriptor(string name, MessageDescriptor containingType, int index)
    {
        Name = name;
        ContainingType = containingType;
        Index = index;
    }

    public string Name { get; }

    public MessageDescriptor ContainingType { get; }

    public int Index { get; }

    public IReadOnlyList<FieldDescriptor> Fields { get; private set; } = Array.Empty<FieldDescriptor>();

    /// <summary>True for the oneof protoc synthesizes for a proto3 <c>optional</c> field.</summary>
    public bool IsSynthetic { get; private set; }

    internal void Complete(IEnumerable<FieldDescriptor> messageFields)
    {
        Fields = messageFields.Where(f => f.OneofIndex == Index).ToArray();
        IsSynthetic = Fields.Count == 1 && Fields[0].IsProto3Optional;
        foreach (var field in Fields) field.ContainingOneof = this;
    }

    public override string ToString() => ContainingType.FullName + "." + Name;
}
