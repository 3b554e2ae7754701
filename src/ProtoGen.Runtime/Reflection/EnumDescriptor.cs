namespace ProtoGen.Reflection;

/// <summary>An enum type and its values (aliases included, in declaration order).</summary>
public sealed class EnumDescriptor
{
    internal EnumDescriptor(DescriptorReader reader, Scope parent, int index)
    {
        File = parent.File;
        ContainingType = parent.Message;
        Index = index;
        var values = new List<(string Name, int Number)>();
        while (reader.Next())
        {
            switch (reader.FieldNumber)
            {
                case 1: Name = reader.ReadString(); break;
                case 2: values.Add(Value(reader.ReadMessage())); break;
                default: reader.Skip(); break;
            }
        }
        FullName = parent.Qualify(Name);
        Values = values.Select((v, i) => new EnumValueDescriptor(v.Name, v.Number, this, i)).ToArray();
    }

    public string Name { get; } = "";

    public string FullName { get; }

    public FileDescriptor File { get; }

    /// <summary>The message the enum is nested in, or null.</summary>
    public MessageDescriptor? ContainingType { get; }

    public int Index { get; }

    public IReadOnlyList<EnumValueDescriptor> Values { get; }

    /// <summary>The first value with this number (aliases share numbers), or null.</summary>
    public EnumValueDescriptor? FindValueByNumber(int number) => Values.FirstOrDefault(v => v.Number == number);

    public EnumValueDescriptor? FindValueByName(string name) => Values.FirstOrDefault(v => v.Name == name);

    internal void AddSymbols(Dictionary<string, object> symbols)
    {
        symbols[FullName] = this;
        // Enum values are siblings of their enum in protobuf's scoping, not its children.
        string prefix = FullName.Substring(0, FullName.Length - Name.Length);
        foreach (var value in Values) symbols[prefix + value.Name] = value;
    }

    private static (string, int) Value(DescriptorReader reader)
    {
        string name = "";
        int number = 0;
        while (reader.Next())
        {
            switch (reader.FieldNumber)
            {
                case 1: name = reader.ReadString(); break;
                case 2: number = reader.ReadInt32(); break;
                default: reader.Skip(); break;
            }
        }
        return (name, number);
    }

    public override string ToString() => FullName;
}

/// <summary>One value of an enum.</summary>
public sealed class EnumValueDescriptor
{
    internal EnumValueDescriptor(string name, int number, EnumDescriptor enumType, int index)
    {
        Name = name;
        Number = number;
        EnumType = enumType;
        Index = index;
    }

    public string Name { get; }

    public int Number { get; }

    public EnumDescriptor EnumType { get; }

    public int Index { get; }

    public override string ToString() => Name;
}
