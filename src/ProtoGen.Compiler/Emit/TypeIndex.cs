using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.Emit;

/// <summary>A message or enum that generated code can name: its model and its C# name.</summary>
internal sealed class ProtoTypeInfo
{
    public ProtoTypeInfo(string fullName, string csharpName, MessageModel? message, EnumModel? enumModel)
    {
        FullName = fullName;
        CSharpName = csharpName;
        Message = message;
        Enum = enumModel;
    }

    /// <summary>Protobuf full name without the leading dot (<c>acme.v1.Item</c>).</summary>
    public string FullName { get; }

    /// <summary><c>global::</c>-qualified C# name; nested types sit in their parent's <c>Types</c> class.</summary>
    public string CSharpName { get; }

    public MessageModel? Message { get; }

    public EnumModel? Enum { get; }
}

/// <summary>Resolves the fully qualified type names fields carry to the types of this file and its dependencies.</summary>
internal sealed class TypeIndex
{
    private readonly Dictionary<string, ProtoTypeInfo> _types = new(StringComparer.Ordinal);

    public TypeIndex(FileModel file, EquatableArray<FileModel> dependencies, EmitOptions options)
    {
        // Dependencies first, so that the file being emitted wins if a model appears twice.
        foreach (var dependency in dependencies) AddFile(dependency, options.NamespaceOf(dependency.Name));
        AddFile(file, options.NamespaceOverride);
    }

    /// <summary>Looks up a type name as fields hold it (leading dot optional).</summary>
    public ProtoTypeInfo Get(string typeName)
    {
        string key = typeName.TrimStart('.');
        if (_types.TryGetValue(key, out var info)) return info;
        throw new InvalidOperationException($"Type '{typeName}' is not defined in the file or its dependencies.");
    }

    private void AddFile(FileModel file, string? namespaceOverride)
    {
        string ns = CSharpNames.GetNamespace(file, namespaceOverride);
        string prefix = "global::" + (ns.Length == 0 ? "" : CSharpNames.EscapeNamespace(ns) + ".");
        foreach (var message in file.MessageTypes) AddMessage(message, prefix);
        foreach (var enumModel in file.EnumTypes) AddEnum(enumModel, prefix);
    }

    private void AddMessage(MessageModel message, string scope)
    {
        string name = scope + CSharpNames.Escape(message.Name);
        _types[message.FullName.TrimStart('.')] = new ProtoTypeInfo(message.FullName.TrimStart('.'), name, message, null);
        foreach (var nested in message.NestedTypes) AddMessage(nested, name + ".Types.");
        foreach (var nested in message.EnumTypes) AddEnum(nested, name + ".Types.");
    }

    private void AddEnum(EnumModel enumModel, string scope)
    {
        string fullName = enumModel.FullName.TrimStart('.');
        _types[fullName] = new ProtoTypeInfo(fullName, scope + CSharpNames.Escape(enumModel.Name), null, enumModel);
    }
}
