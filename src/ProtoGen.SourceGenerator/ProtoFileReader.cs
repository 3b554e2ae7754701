using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ProtoGen.Compiler;

namespace ProtoGen.SourceGenerator;

/// <summary>Reads one AdditionalFile and its MSBuild metadata into a <see cref="ProtoFileInput"/>.</summary>
internal static class ProtoFileReader
{
    // Item metadata made visible by build/ProtoGen.props (CompilerVisibleItemMetadata).
    private const string ProtoRootKey = "build_metadata.AdditionalFiles.ProtoRoot";
    private const string GrpcServicesKey = "build_metadata.AdditionalFiles.GrpcServices";
    private const string NamespaceKey = "build_metadata.AdditionalFiles.ProtoNamespace";
    private const string GenerateKey = "build_metadata.AdditionalFiles.ProtoGenerate";
    private const string AccessKey = "build_metadata.AdditionalFiles.Access";
    // Project property made visible by build/ProtoGen.props (CompilerVisibleProperty).
    private const string NullableKey = "build_property.ProtoGenNullable";
    // Visible to generators by default in SDK-style projects.
    private const string ProjectDirKey = "build_property.ProjectDir";
    // Set to true by build/ProtoGen.props (CompilerVisibleProperty), so it is present exactly where the metadata above is visible.
    private const string SettingsImportedKey = "build_property.ProtoGenSettingsImported";

    /// <summary>Whether build/ProtoGen.props is imported into the project being compiled.</summary>
    public static bool SettingsImported(AnalyzerConfigOptionsProvider optionsProvider) =>
        optionsProvider.GlobalOptions.TryGetValue(SettingsImportedKey, out var value)
        && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    public static ProtoFileInput? Read(AdditionalText file, AnalyzerConfigOptionsProvider optionsProvider, CancellationToken cancellationToken)
    {
        var text = file.GetText(cancellationToken);
        if (text is null)
        {
            return null;
        }

        var fileOptions = optionsProvider.GetOptions(file);
        optionsProvider.GlobalOptions.TryGetValue(ProjectDirKey, out var projectDir);
        fileOptions.TryGetValue(ProtoRootKey, out var protoRoot);
        fileOptions.TryGetValue(NamespaceKey, out var namespaceOverride);
        fileOptions.TryGetValue(GrpcServicesKey, out var grpcServices);
        fileOptions.TryGetValue(GenerateKey, out var generate);
        fileOptions.TryGetValue(AccessKey, out var access);
        optionsProvider.GlobalOptions.TryGetValue(NullableKey, out var nullable);

        var importPath = ImportPaths.Relative(file.Path, ImportPaths.Root(projectDir, protoRoot));
        var options = new EmitOptions(
            NamespaceOverride: string.IsNullOrWhiteSpace(namespaceOverride) ? null : namespaceOverride!.Trim(),
            GrpcServices: ParseGrpcServices(grpcServices),
            NullableAnnotations: IsNullableEnabled(nullable),
            InternalAccess: string.Equals(access?.Trim(), "internal", StringComparison.OrdinalIgnoreCase));
        return new ProtoFileInput(file.Path, importPath, text.ToString(), options,
            Generate: !string.Equals(generate?.Trim(), "false", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>ProtoGenNullable: <c>enable</c> (or <c>true</c>, <c>annotations</c>) writes the annotated API; anything
    /// else, the default <c>disable</c> included, writes protoc's nullable-oblivious API.</summary>
    internal static bool IsNullableEnabled(string? value) => value?.Trim().ToLowerInvariant() is "enable" or "true" or "annotations";

    private static GrpcServices ParseGrpcServices(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "none" => GrpcServices.None,
        "client" => GrpcServices.Client,
        "server" => GrpcServices.Server,
        _ => GrpcServices.Both,
    };
}

/// <summary>How a .proto file's import path is derived: its path relative to the proto root (ProtoRoot metadata,
/// itself relative to the project directory, or the project directory), with forward slashes, like Grpc.Tools.</summary>
internal static class ImportPaths
{
    public static string? Root(string? projectDir, string? protoRoot)
    {
        if (string.IsNullOrWhiteSpace(protoRoot))
        {
            return string.IsNullOrWhiteSpace(projectDir) ? null : projectDir;
        }
        if (Path.IsPathRooted(protoRoot) || string.IsNullOrWhiteSpace(projectDir))
        {
            return protoRoot;
        }
        return Path.Combine(projectDir, protoRoot);
    }

    public static string Relative(string filePath, string? root)
    {
        var full = Normalize(filePath);
        if (root is null)
        {
            return Path.GetFileName(full);
        }
        var rootFull = Normalize(root).TrimEnd('/') + "/";
        if (full.StartsWith(rootFull, StringComparison.Ordinal))
        {
            return full.Substring(rootFull.Length);
        }
        // Outside the root: fall back to the file name, which still lets same-folder imports resolve.
        return Path.GetFileName(full);
    }

    private static string Normalize(string path)
    {
        var full = path;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (ArgumentException)
        {
            // Keep the path as given; Roslyn hands us absolute paths in practice.
        }
        return full.Replace('\\', '/');
    }
}
