using ProtoGen.Compiler.CSharp;
using ProtoGen.Compiler.Diagnostics;
using ProtoGen.Compiler.Model;
using ProtoGen.Compiler.Syntax;

namespace ProtoGen.Compiler;

/// <summary>
/// The compiler's three steps, each pure and each with an equatable result so that the source generator can cache it:
/// parse one file, bind one file against the parsed files it imports, emit C# for one bound file.
/// </summary>
public static class ProtoCompiler
{
    /// <summary>Lexes and parses one file. <paramref name="path"/> is the path other files import it by.</summary>
    public static ParsedFile Parse(string path, string text) => Syntax.Parser.ParseFile(path, text);

    /// <summary>Lexes and parses one file, and makes its minimal text (<see cref="Syntax.MinimalText"/>, what the
    /// assembly marks record) from the same tokens, so the file is lexed in full once.</summary>
    public static ParsedFile Parse(string path, string text, out string minimalText)
    {
        text ??= string.Empty;
        var lexed = Syntax.Lexer.Lex(path, text);
        minimalText = Syntax.MinimalText.From(lexed, text);
        return Syntax.Parser.ParseFile(path, lexed);
    }

    /// <summary>
    /// Resolves names and validates one file. <paramref name="files"/> holds every parsed file available for imports,
    /// keyed by import path; well-known types (google/protobuf/*.proto) resolve from embedded sources when absent.
    /// With <paramref name="checkCSharp"/> (the default) every file is also checked for what C# needs (a csharp_namespace
    /// that is a namespace, C# member names that do not collide), so a file without errors emits compilable C#; without
    /// it the result is exactly protoc's verdict.
    /// </summary>
    public static BindResult Bind(string path, IReadOnlyDictionary<string, ParsedFile> files, bool checkCSharp = true) =>
        Binding.Binder.Bind(path, files, checkCSharp);

    /// <summary>Writes the C# for one bound file. <paramref name="dependencies"/> are the files whose types it may reference.</summary>
    public static GeneratedFile Emit(FileModel file, EquatableArray<FileModel> dependencies, EmitOptions options) =>
        CSharpEmitter.Emit(file, dependencies, options);

    /// <summary>Problems of <paramref name="options"/> for <paramref name="file"/> that would make its C# invalid: a
    /// namespace override (ProtoNamespace metadata, the plugin's namespace parameters) that is no C# namespace. Emit
    /// nothing for a file with an error here. The diagnostics name the file, not a span: the override is not in it.</summary>
    public static EquatableArray<ProtoDiagnostic> CheckEmitOptions(FileModel file, EmitOptions options)
    {
        var problems = new List<ProtoDiagnostic>();
        if (options.NamespaceOverride is { Length: > 0 } ns && OverrideProblem(file.Name, ns) is { } reason)
        {
            problems.Add(DiagnosticCatalog.InvalidNamespaceOverride.Create(file.Name, SourceSpan.Empty, ns, file.Name, reason));
        }
        foreach (var imported in options.ImportedNamespaces)
        {
            if (imported.Namespace.Length > 0 && OverrideProblem(imported.FilePath, imported.Namespace) is { } importedReason)
            {
                problems.Add(DiagnosticCatalog.InvalidNamespaceOverride.Create(file.Name, SourceSpan.Empty, imported.Namespace, imported.FilePath, importedReason));
            }
        }
        return problems.ToEquatableArray();
    }

    // The runtime's well-known types are compiled once, into ProtoGen.WellKnownTypes: an override would make references
    // to them name a namespace that holds nothing.
    private static string? OverrideProblem(string path, string ns) =>
        global::ProtoGen.Compiler.WellKnownTypes.RuntimeWellKnownTypes.Contains(path)
            ? "the well-known types are ProtoGen.Runtime's, in namespace " + CSharpNames.WellKnownTypesNamespace
            : CSharpChecks.NamespaceProblem(ns);

    /// <summary>Why <paramref name="ns"/> is not a C# namespace (dotted identifiers; keywords are escaped), or null
    /// when it is one; empty is the global namespace.</summary>
    public static string? CheckNamespace(string ns) => CSharpChecks.NamespaceProblem(ns);

    /// <summary>The C# checks the binder runs on every file (a csharp_namespace that is no namespace, names that collide
    /// once turned into C# members), for models that did not come from the binder (the protoc plugin's descriptors).
    /// Without source, each message names the element it is about.</summary>
    public static EquatableArray<ProtoDiagnostic> CheckCSharp(FileModel file, EquatableArray<FileModel> dependencies) =>
        CSharpChecks.Check(file, dependencies).Select(p => p.ToDiagnostic(file.Name, SourceSpan.Empty)).ToEquatableArray();

    /// <summary>PG0507 for every field and extension of <paramref name="file"/> whose type is declared in
    /// google/protobuf/descriptor.proto: for a front door whose output neither generates that file nor maps it to a
    /// namespace (the protoc plugin), where the field's C# would name types nothing declares. The source generator
    /// reports the same from its binder, at the field.</summary>
    public static EquatableArray<ProtoDiagnostic> CheckDescriptorTypes(FileModel file, EquatableArray<FileModel> dependencies)
    {
        var descriptor = dependencies.FirstOrDefault(d => d.Name == "google/protobuf/descriptor.proto");
        if (descriptor is null) return EquatableArray<ProtoDiagnostic>.Empty;
        var types = new HashSet<string>(StringComparer.Ordinal);
        AddTypeNames(descriptor, types);

        var problems = new List<ProtoDiagnostic>();
        void Check(FieldModel field)
        {
            if (field.TypeName is { } typeName && types.Contains(typeName))
            {
                problems.Add(DiagnosticCatalog.DescriptorTypeNotGenerated.Create(file.Name, SourceSpan.Empty, field.Name, typeName.Substring(1)));
            }
        }
        void CheckMessages(IEnumerable<MessageModel> messages)
        {
            foreach (var message in messages.Where(m => !m.IsMapEntry))
            {
                foreach (var field in message.Fields.Concat(message.Extensions)) Check(field);
                CheckMessages(message.NestedTypes);
            }
        }
        CheckMessages(file.MessageTypes);
        foreach (var extension in file.Extensions) Check(extension);
        return problems.ToEquatableArray();
    }

    /// <summary>Adds the fully qualified names, with a leading dot as field type names have them, of every message and
    /// enum <paramref name="file"/> declares, nested ones included.</summary>
    public static void AddTypeNames(FileModel file, ISet<string> names)
    {
        void Add(IEnumerable<MessageModel> messages, IEnumerable<EnumModel> enums)
        {
            foreach (var enumModel in enums) names.Add("." + enumModel.FullName);
            foreach (var message in messages)
            {
                names.Add("." + message.FullName);
                Add(message.NestedTypes, message.EnumTypes);
            }
        }
        Add(file.MessageTypes, file.EnumTypes);
    }

    /// <summary>The file that the gRPC stubs of every file share (their message marshallers): add it once to a
    /// compilation in which any file was emitted with services and <see cref="EmitOptions.GrpcServices"/> other than None.</summary>
    public static GeneratedFile EmitGrpcSupport() => GrpcSupportEmitter.Emit();

    /// <summary>The runtime descriptor of google/protobuf/descriptor.proto (<c>ProtoGen.Reflection.DescriptorReflection</c>),
    /// which generated files importing it link to: added to ProtoGen.Runtime only, next to its well-known types.</summary>
    public static GeneratedFile EmitDescriptorProtoFile() => DescriptorProtoEmitter.Emit();

    /// <summary>The informational diagnostic for a file whose services get no stubs because the compilation does not
    /// reference Grpc.Core.Api; null when the file declares no service.</summary>
    public static ProtoDiagnostic? ReportMissingGrpc(FileModel file) =>
        file.Services.IsEmpty ? null : DiagnosticCatalog.GrpcNotReferenced.Create(file.Name, SourceSpan.Empty, file.Name);
}

/// <summary>The result of binding one file: its model (null when errors prevent one), every file reachable through its
/// imports (transitively, for type lookup), and all diagnostics of this file (syntax ones included).</summary>
public sealed record BindResult(FileModel? File, EquatableArray<FileModel> Dependencies, EquatableArray<ProtoDiagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}

/// <summary>Which gRPC stubs to emit for a file's services, as Grpc.Tools' GrpcServices metadata.</summary>
public enum GrpcServices
{
    None,
    Client,
    Server,
    Both,
}

/// <summary>Per-file emit settings (from MSBuild item metadata or protoc plugin parameters).</summary>
/// <param name="NamespaceOverride">When set, replaces the namespace protoc's rules would choose.</param>
/// <param name="GrpcServices">Which gRPC stubs to write for the file's services (Grpc.Tools' GrpcServices): the source
/// generator passes the item metadata (Both by default) when Grpc.Core.Api is referenced, None otherwise.</param>
/// <param name="ImportedNamespaces">Namespace overrides of imported files, so references to their types use the namespace
/// those files were generated into.</param>
/// <param name="NullableAnnotations">Whether the generated API carries nullable reference type annotations
/// (<c>#nullable enable</c>, message properties typed <c>Foo?</c>) or is nullable-oblivious like protoc's C#
/// (<c>#nullable disable</c>, no <c>?</c> on reference types), which compiles wherever protoc's output did. A file that
/// sets <c>features.(pb.csharp).nullable_reference_types</c> overrides it. MSBuild property <c>ProtoGenNullable</c>.</param>
/// <param name="InternalAccess">Whether the file's top-level types (messages, enums, extension and service classes) are
/// <c>internal</c> instead of <c>public</c> (Grpc.Tools' <c>Access="Internal"</c> item metadata).</param>
/// <param name="GoogleProtobufDescriptors">Also expose Google.Protobuf descriptors built from the embedded bytes: the
/// file class's <c>GoogleDescriptor</c> and the service classes' <c>Descriptor</c>, which grpc-dotnet's reflection
/// service reads. Only for compilations that reference Google.Protobuf.</param>
/// <param name="DownLevel">The compilation targets netstandard2.0 or .NET Framework (it references the runtime's
/// netstandard2.0 build): every message implements IMessage.CalculateWriteBound, which that build declares without a
/// default body (.NET Framework runs no default interface methods), and float and double bits come from the runtime's
/// WireFormat, since those frameworks' BitConverter lacks SingleToInt32Bits. Modern targets' output is unchanged.</param>
/// <param name="ImportOnlyFiles">Direct imports that only resolve names here (ProtoGenerate="false", import directories):
/// no code of them exists in this compilation, so the descriptor links to them as to descriptor.proto, with null.</param>
/// <param name="SameCompilationFiles">Imported files (direct or not) whose C# is compiled into the same assembly as this
/// file's: a message of this file calls their messages' internal size body directly. A message of any other import (the
/// runtime's well-known types, a shared contracts library, files a protoc run did not generate) is sized through the
/// public <c>IMessage</c> members instead, which any assembly can call. Leaving a file out costs speed, never
/// correctness; listing one that is compiled elsewhere does not compile (CS0122).</param>
public sealed record EmitOptions(
    string? NamespaceOverride = null,
    GrpcServices GrpcServices = GrpcServices.None,
    EquatableArray<FileNamespace> ImportedNamespaces = default,
    bool NullableAnnotations = false,
    bool InternalAccess = false,
    bool GoogleProtobufDescriptors = false,
    bool DownLevel = false,
    EquatableArray<string> ImportOnlyFiles = default,
    EquatableArray<string> SameCompilationFiles = default)
{
    public static readonly EmitOptions Default = new();

    /// <summary>The override for an imported file, or null when it uses protoc's rules.</summary>
    public string? NamespaceOf(string importPath)
    {
        foreach (var entry in ImportedNamespaces)
        {
            if (entry.FilePath == importPath) return entry.Namespace;
        }
        return null;
    }
}

/// <summary>The C# namespace chosen for one .proto file by an override.</summary>
public readonly record struct FileNamespace(string FilePath, string Namespace);

/// <summary>One generated C# file. <see cref="HintName"/> is derived from the .proto path and is the same for the source
/// generator and the protoc plugin.</summary>
public sealed record GeneratedFile(string HintName, string Source);
