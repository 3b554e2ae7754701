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

    /// <summary>
    /// Resolves names and validates one file. <paramref name="files"/> holds every parsed file available for imports,
    /// keyed by import path; well-known types (google/protobuf/*.proto) resolve from embedded sources when absent.
    /// </summary>
    public static BindResult Bind(string path, IReadOnlyDictionary<string, ParsedFile> files) => Binding.Binder.Bind(path, files);

    /// <summary>Writes the C# for one bound file. <paramref name="dependencies"/> are the files whose types it may reference.</summary>
    public static GeneratedFile Emit(FileModel file, EquatableArray<FileModel> dependencies, EmitOptions options) =>
        global::ProtoGen.Compiler.Emit.CSharpEmitter.Emit(file, dependencies, options);

    /// <summary>The file that the gRPC stubs of every file share (their message marshallers): add it once to a
    /// compilation in which any file was emitted with services and <see cref="EmitOptions.GrpcServices"/> other than None.</summary>
    public static GeneratedFile EmitGrpcSupport() => global::ProtoGen.Compiler.Emit.GrpcSupportEmitter.Emit();

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
/// <param name="DownLevel">The compilation targets netstandard2.0 or .NET Framework (it references the runtime's
/// netstandard2.0 build): every message implements IMessage.CalculateWriteBound, which that build declares without a
/// default body (.NET Framework runs no default interface methods), and float and double bits come from the runtime's
/// WireFormat, since those frameworks' BitConverter lacks SingleToInt32Bits. Modern targets' output is unchanged.</param>
public sealed record EmitOptions(
    string? NamespaceOverride = null,
    GrpcServices GrpcServices = GrpcServices.None,
    EquatableArray<FileNamespace> ImportedNamespaces = default,
    bool DownLevel = false)
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
