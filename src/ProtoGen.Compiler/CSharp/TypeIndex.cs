using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.CSharp;

/// <summary>A message or enum that generated code can name: its model and its C# name.</summary>
internal sealed class ProtoTypeInfo
{
    public ProtoTypeInfo(string fullName, string csharpName, MessageModel? message, EnumModel? enumModel,
        FileModel file, IReadOnlyList<OptionsModel> featureScopes, bool isInCompilation = true)
    {
        IsInCompilation = isInCompilation;
        FullName = fullName;
        CSharpName = csharpName;
        Message = message;
        Enum = enumModel;
        Scope = new FeatureScope(file, featureScopes);
    }

    /// <summary>Protobuf full name without the leading dot (<c>acme.v1.Item</c>).</summary>
    public string FullName { get; }

    /// <summary><c>global::</c>-qualified C# name; nested types sit in their parent's <c>Types</c> class.</summary>
    public string CSharpName { get; }

    public MessageModel? Message { get; }

    public EnumModel? Enum { get; }

    /// <summary>Whether the type's C# is compiled into the same assembly as the file being emitted (that file, or an
    /// import listed in <see cref="EmitOptions.SameCompilationFiles"/>), so that its internal members can be called.</summary>
    public bool IsInCompilation { get; }

    /// <summary>The declaring file and where the type's features are looked up.</summary>
    public FeatureScope Scope { get; }
}

/// <summary>Resolves the fully qualified type names fields carry to the types of this file and its dependencies.</summary>
internal sealed class TypeIndex
{
    private readonly Dictionary<string, ProtoTypeInfo> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _needsInitializationCheck = new(StringComparer.Ordinal);
    private readonly string _namespace;

    public TypeIndex(FileModel file, EquatableArray<FileModel> dependencies, EmitOptions options)
    {
        File = file;
        Options = options;
        _namespace = CSharpNames.GetNamespace(file, options.NamespaceOverride);
        // Dependencies first, so that the file being emitted wins if a model appears twice.
        foreach (var dependency in dependencies)
        {
            AddFile(dependency, options.NamespaceOf(dependency.Name), options.SameCompilationFiles.Contains(dependency.Name));
        }
        AddFile(file, options.NamespaceOverride, inCompilation: true);
        NullableAnnotations = NullableAnnotationsOf(file, options);
        TopLevelAccess = options.InternalAccess ? "internal" : "public";
        Planner = new EmitPlanner(this);
    }

    /// <summary>The file being emitted (or checked).</summary>
    public FileModel File { get; }

    /// <summary>The emit plan of the file and the types this index knows, each planned once when first asked for.</summary>
    public EmitPlanner Planner { get; }

    /// <summary>The settings the file is emitted with.</summary>
    public EmitOptions Options { get; }

    /// <summary>Whether the file is written with nullable annotations (<c>#nullable enable</c>) or nullable-oblivious
    /// (<c>#nullable disable</c>, as protoc writes it): see <see cref="EmitOptions.NullableAnnotations"/>.</summary>
    public bool NullableAnnotations { get; }

    /// <summary>The accessibility of the file's top-level types; nested types stay <c>public</c> inside them.</summary>
    public string TopLevelAccess { get; }

    /// <summary>The C# feature a file sets to choose nullable annotations, as protoc's C# generator reads it.</summary>
    public const string NullableReferenceTypes = "features.(pb.csharp).nullable_reference_types";

    /// <summary>Whether a file is written with nullable annotations: its own <c>(pb.csharp).nullable_reference_types</c>
    /// when set (it is a file-level feature, as in protoc), else the project's choice.</summary>
    private static bool NullableAnnotationsOf(FileModel file, EmitOptions options) => file.Options.Get(NullableReferenceTypes) switch
    {
        "true" => true,
        "false" => false,
        _ => options.NullableAnnotations,
    };

    /// <summary>A reference type that may hold null: <c>T?</c> in annotated output, <c>T</c> in oblivious output, where
    /// a <c>?</c> would be warning CS8669. Every reference type written with a <c>?</c> goes through here.</summary>
    public string MaybeNull(string referenceType) => NullableAnnotations ? referenceType + "?" : referenceType;

    /// <summary>Looks up a type name as fields hold it (leading dot optional).</summary>
    public ProtoTypeInfo Get(string typeName)
    {
        string key = typeName.TrimStart('.');
        if (_types.TryGetValue(key, out var info)) return info;
        throw new InvalidOperationException($"Type '{typeName}' is not defined in the file or its dependencies.");
    }

    /// <summary>Whether a message of this type can lack a required field: it or a message type it reaches through
    /// its fields declares one. Messages for which this is false answer <c>IsInitialized()</c> with a constant.</summary>
    public bool NeedsInitializationCheck(ProtoTypeInfo message)
    {
        if (_needsInitializationCheck.TryGetValue(message.FullName, out bool known)) return known;
        // A walk over every reachable message type (not a memoized recursion, which cycles would make wrong).
        var seen = new HashSet<string>(StringComparer.Ordinal) { message.FullName };
        var pending = new Stack<ProtoTypeInfo>();
        pending.Push(message);
        bool result = false;
        while (!result && pending.Count != 0)
        {
            var current = pending.Pop();
            if (current.Message!.ExtensionRanges.Count != 0) { result = true; break; } // extension values may need it
            foreach (var field in current.Message!.Fields)
            {
                if (EditionFeatures.IsRequired(field, current.Scope)) { result = true; break; }
                if (field.Type is FieldType.Message or FieldType.Group && Get(field.TypeName!) is var type && seen.Add(type.FullName))
                {
                    pending.Push(type);
                }
            }
        }
        _needsInitializationCheck[message.FullName] = result;
        return result;
    }

    /// <summary>Whether a message type has strings of its own and holds no sub-messages and no maps, so that a write can
    /// bound its size without reading them (see EmitPlanner.IsWrittenWithinBound).</summary>
    public bool IsWrittenWithinBound(ProtoTypeInfo message) => Planner.IsWrittenWithinBound(message);

    /// <summary>Whether instances of this message type remember their size between CalculateSize calls (see
    /// EmitPlanner.RememberedSizeType).</summary>
    public bool RemembersSize(ProtoTypeInfo message) => Planner.RemembersSize(message);

    /// <summary>Whether this message type's size pass records sub-message sizes (SizeSpec.HoldsMessages), so that its
    /// class has a size body generic over the pass.</summary>
    public bool HoldsMessages(ProtoTypeInfo message) => Planner.HoldsMessages(message);

    /// <summary>What a type name of namespace <paramref name="ns"/> is written after: the alias of the file's own
    /// namespace (<see cref="CSharpNames.OwnNamespaceAlias"/>) for the file's namespace, <c>pgt::</c> (one of
    /// <see cref="CSharpEmitter.Aliases"/>) for the well-known types, else <c>global::</c> and the namespace. Either way a user type cannot capture the name.</summary>
    public string QualifiedPrefix(string ns) =>
        ns.Length == 0 ? "global::"
        : ns == _namespace ? CSharpNames.OwnNamespaceAlias + "::"
        : ns == CSharpNames.WellKnownTypesNamespace ? "pgt::"
        : "global::" + CSharpNames.EscapeNamespace(ns) + ".";

    /// <summary>A type name as <see cref="QualifiedPrefix"/> writes it, with the namespace spelt out and no alias, as a
    /// doc comment's <c>cref</c> shows it.</summary>
    public string DisplayName(string qualifiedName) =>
        qualifiedName.StartsWith("global::", StringComparison.Ordinal) ? qualifiedName.Substring("global::".Length)
        : qualifiedName.StartsWith(CSharpNames.OwnNamespaceAlias + "::", StringComparison.Ordinal)
            ? CSharpNames.EscapeNamespace(_namespace) + "." + qualifiedName.Substring(CSharpNames.OwnNamespaceAlias.Length + 2)
        : qualifiedName.StartsWith("pgt::", StringComparison.Ordinal)
            ? CSharpNames.WellKnownTypesNamespace + "." + qualifiedName.Substring("pgt::".Length)
        : qualifiedName;

    private void AddFile(FileModel file, string? namespaceOverride, bool inCompilation)
    {
        string prefix = QualifiedPrefix(CSharpNames.GetNamespace(file, namespaceOverride));
        var scopes = new[] { file.Options };
        foreach (var message in file.MessageTypes) AddMessage(message, prefix, file, scopes, inCompilation);
        foreach (var enumModel in file.EnumTypes) AddEnum(enumModel, prefix, file, scopes);
    }

    private void AddMessage(MessageModel message, string scope, FileModel file, IReadOnlyList<OptionsModel> outerScopes, bool inCompilation)
    {
        string name = scope + CSharpNames.Escape(message.Name);
        var scopes = new[] { message.Options }.Concat(outerScopes).ToArray();
        _types[message.FullName.TrimStart('.')] = new ProtoTypeInfo(message.FullName.TrimStart('.'), name, message, null, file, scopes, inCompilation);
        foreach (var nested in message.NestedTypes) AddMessage(nested, name + ".Types.", file, scopes, inCompilation);
        foreach (var nested in message.EnumTypes) AddEnum(nested, name + ".Types.", file, scopes);
    }

    private void AddEnum(EnumModel enumModel, string scope, FileModel file, IReadOnlyList<OptionsModel> outerScopes)
    {
        string fullName = enumModel.FullName.TrimStart('.');
        var scopes = new[] { enumModel.Options }.Concat(outerScopes).ToArray();
        _types[fullName] = new ProtoTypeInfo(fullName, scope + CSharpNames.Escape(enumModel.Name), null, enumModel, file, scopes);
    }
}
