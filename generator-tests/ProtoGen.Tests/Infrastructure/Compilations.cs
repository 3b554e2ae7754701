using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ProtoGen.Tests.Infrastructure;

/// <summary>Builds C# compilations against the running framework and ProtoGen.Runtime, the way a user project compiles.</summary>
public static class Compilations
{
    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return paths
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal)
                        || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
            .Append(typeof(ProtoGen.IMessage).Assembly.Location)
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();
    });

    /// <summary>The framework's assemblies and ProtoGen.Runtime: what a user project without gRPC compiles against.</summary>
    public static IReadOnlyList<MetadataReference> FrameworkAndRuntimeReferences => References.Value;

    /// <summary>Grpc.Core.Api, for compilations of a project that references gRPC.</summary>
    private static readonly Lazy<MetadataReference> GrpcReference =
        new(() => MetadataReference.CreateFromFile(typeof(global::Grpc.Core.ClientBase).Assembly.Location));

    /// <param name="references">More references, such as a shared contracts library compiled by an earlier test step.</param>
    /// <param name="languageVersion">The project's C# version (Latest unless a test is about older ones).</param>
    public static CSharpCompilation Create(IEnumerable<string> sources, string assemblyName = "ProtoGen.UserProject", bool withGrpc = false,
        IEnumerable<MetadataReference>? references = null, LanguageVersion languageVersion = LanguageVersion.Latest) =>
        CSharpCompilation.Create(
            assemblyName,
            sources.Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(languageVersion))),
            (withGrpc ? References.Value.Append(GrpcReference.Value) : References.Value).Concat(references ?? []),
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                warningLevel: 9999,
                generalDiagnosticOption: ReportDiagnostic.Default,
                // The SDK silences these two in every build: assembly-version unification notes between a referenced
                // assembly built for an older framework (such as the runtime's net8.0 build) and newer framework references.
                specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic>
                {
                    ["CS1701"] = ReportDiagnostic.Suppress,
                    ["CS1702"] = ReportDiagnostic.Suppress,
                }));

    /// <summary>Every warning and error, formatted for an assertion message; empty when the code is clean.</summary>
    public static IReadOnlyList<string> Problems(Compilation compilation) =>
        compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => d.ToString())
            .ToList();

    /// <summary>Compiles and loads the assembly; fails with the diagnostics when it does not compile cleanly.</summary>
    public static Assembly Load(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        Assert.True(result.Success && problems.Count == 0, string.Join(Environment.NewLine, problems));
        return Assembly.Load(stream.ToArray());
    }

    /// <summary>Compiles to an in-memory assembly that later compilations can reference; fails with the diagnostics
    /// when it does not compile cleanly.</summary>
    public static MetadataReference ToReference(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        var problems = result.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        Assert.True(result.Success && problems.Count == 0, string.Join(Environment.NewLine, problems));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }
}
