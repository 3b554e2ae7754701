using System.Collections.Concurrent;
using System.Reflection;
using ProtoGen.Compiler.Syntax;

namespace ProtoGen.Compiler.WellKnownTypes;

/// <summary>
/// The google/protobuf/*.proto files embedded in this assembly (resource names
/// <c>ProtoGen.WellKnownTypes/google/protobuf/&lt;file&gt;.proto</c>), so that their imports always resolve.
/// Each is parsed once per process.
/// </summary>
public static class WellKnownTypeSources
{
    private const string ResourcePrefix = "ProtoGen.WellKnownTypes/";

    // Feature schemas such as google/protobuf/csharp_features.proto: they resolve imports like the files above but are
    // not among Paths, which lists what protoc's include folder holds.
    private const string FeatureSchemaPrefix = "ProtoGen.FeatureSchemas/";

    private static readonly ConcurrentDictionary<string, ParsedFile?> Parsed = new(StringComparer.Ordinal);

    /// <summary>The import paths of every embedded file (google/protobuf/any.proto, ...).</summary>
    public static IReadOnlyList<string> Paths { get; } = typeof(WellKnownTypeSources).Assembly
        .GetManifestResourceNames()
        .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
        .Select(name => name.Substring(ResourcePrefix.Length))
        .OrderBy(name => name, StringComparer.Ordinal)
        .ToArray();

    /// <summary>Whether <paramref name="path"/> is one of ProtoGen's own feature schemas (csharp_features.proto): its
    /// options are read at compile time, and no code, here or in the runtime, holds its types or its descriptor.</summary>
    public static bool IsFeatureSchema(string path) =>
        path.StartsWith("google/protobuf/", StringComparison.Ordinal) &&
        typeof(WellKnownTypeSources).Assembly.GetManifestResourceInfo(FeatureSchemaPrefix + path) is not null;

    /// <summary>The source text of an embedded file, or null when <paramref name="path"/> is not one.</summary>
    public static string? GetText(string path)
    {
        if (!path.StartsWith("google/protobuf/", StringComparison.Ordinal)) return null;
        var assembly = typeof(WellKnownTypeSources).Assembly;
        using var stream = assembly.GetManifestResourceStream(ResourcePrefix + path)
            ?? assembly.GetManifestResourceStream(FeatureSchemaPrefix + path);
        if (stream is null) return null;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The parsed embedded file, or null when <paramref name="path"/> is not one.</summary>
    public static ParsedFile? GetParsed(string path) => Parsed.GetOrAdd(path, p =>
    {
        var text = GetText(p);
        return text is null ? null : Parser.ParseFile(p, text);
    });
}
