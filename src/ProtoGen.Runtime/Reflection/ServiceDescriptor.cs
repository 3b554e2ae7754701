namespace ProtoGen.Reflection;

/// <summary>A service and its methods.</summary>
public sealed class ServiceDescriptor
{
    internal ServiceDescriptor(DescriptorReader reader, Scope parent, int index)
    {
        File = parent.File;
        Index = index;
        var methods = new List<DescriptorReader>();
        while (reader.Next())
        {
            switch (reader.FieldNumber)
            {
                case 1: Name = reader.ReadString(); break;
                case 2: methods.Add(reader.ReadMessage()); break;
                default: reader.Skip(); break;
            }
        }
        FullName = parent.Qualify(Name);
        Methods = methods.Select((m, i) => new MethodDescriptor(m, this, i)).ToArray();
    }

    public string Name { get; } = "";

    /// <summary>The full name (<c>acme.store.v1.Store</c>), as gRPC paths use it.</summary>
    public string FullName { get; }

    public FileDescriptor File { get; }

    public int Index { get; }

    public IReadOnlyList<MethodDescriptor> Methods { get; }

    public MethodDescriptor? FindMethodByName(string name) => Methods.FirstOrDefault(m => m.Name == name);

    public override string ToString() => FullName;
}

/// <summary>An rpc: its input and output types and streaming kinds.</summary>
public sealed class MethodDescriptor
{
    private readonly string _inputTypeName = "";
    private readonly string _outputTypeName = "";

    internal MethodDescriptor(DescriptorReader reader, ServiceDescriptor service, int index)
    {
        Service = service;
        Index = index;
        while (reader.Next())
        {
            switch (reader.FieldNumber)
            {
                case 1: Name = reader.ReadString(); break;
                case 2: _inputTypeName = reader.ReadString(); break;
                case 3: _outputTypeName = reader.ReadString(); break;
                case 5: IsClientStreaming = reader.ReadBool(); break;
                case 6: IsServerStreaming = reader.ReadBool(); break;
                default: reader.Skip(); break;
            }
        }
        FullName = service.FullName + "." + Name;
    }

    public string Name { get; } = "";

    public string FullName { get; }

    public ServiceDescriptor Service { get; }

    public int Index { get; }

    /// <summary>The request type (null only when the file declaring it has no descriptor available).</summary>
    public MessageDescriptor? InputType => Service.File.ResolveType(_inputTypeName) as MessageDescriptor;

    public MessageDescriptor? OutputType => Service.File.ResolveType(_outputTypeName) as MessageDescriptor;

    /// <summary>The request type's full name with a leading dot, available even when its descriptor is not.</summary>
    public string InputTypeName => _inputTypeName;

    public string OutputTypeName => _outputTypeName;

    public bool IsClientStreaming { get; }

    public bool IsServerStreaming { get; }

    public override string ToString() => FullName;
}
