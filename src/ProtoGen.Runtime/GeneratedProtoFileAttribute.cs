namespace ProtoGen;

/// <summary>
/// Marks an assembly as holding the types ProtoGen generated from one .proto file. The source generator reads these
/// marks from a compilation's references (as metadata, never by reflection at run time): a project that imports the
/// file then resolves the import from <see cref="Source"/> and uses the referenced assembly's types instead of
/// generating them again.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public sealed class GeneratedProtoFileAttribute : Attribute
{
    /// <summary>Records one generated file.</summary>
    /// <param name="importPath">The path other files import it by, such as "acme/store/v1/common.proto".</param>
    /// <param name="namespaceOverride">The ProtoNamespace it was generated with, or "" for protoc's namespace rules.</param>
    /// <param name="source">The file's text, which importers parse to resolve names: its tokens as written, without
    /// comments or line breaks (a mark written by an older ProtoGen holds the text as written; both parse the same).</param>
    public GeneratedProtoFileAttribute(string importPath, string namespaceOverride, string source)
    {
        ImportPath = importPath;
        NamespaceOverride = namespaceOverride;
        Source = source;
    }

    /// <summary>The path other files import it by.</summary>
    public string ImportPath { get; }

    /// <summary>The ProtoNamespace it was generated with, or "" for protoc's namespace rules.</summary>
    public string NamespaceOverride { get; }

    /// <summary>The file's text, without comments or line breaks.</summary>
    public string Source { get; }
}
