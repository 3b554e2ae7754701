using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ProtoGen.Compiler;
using ProtoGen.Compiler.Diagnostics;
using ProtoGen.Compiler.Model;
using ProtoGen.Compiler.Syntax;

namespace ProtoGen.SourceGenerator;

/// <summary>
/// Turns the compilation's <c>.proto</c> AdditionalFiles into C#. The steps follow the incremental-generator cookbook:
/// read (per file) -> parse (per file) -> bind (per file, against all parsed files) -> emit (per file), each producing
/// value-equatable results, so editing a .cs file re-runs nothing and editing one .proto re-emits it and its importers only.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ProtoGenGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, for tests that assert what ran.</summary>
    public static class StepNames
    {
        public const string Read = "ProtoGen.Read";
        public const string Parse = "ProtoGen.Parse";
        public const string Bind = "ProtoGen.Bind";
        public const string Emit = "ProtoGen.Emit";
    }

    private const string RuntimeAssemblyName = "ProtoGen.Runtime";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Where(static text => text.Path.EndsWith(".proto", StringComparison.OrdinalIgnoreCase))
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) => ProtoFileReader.Read(pair.Left, pair.Right, cancellationToken))
            .Where(static input => input is not null)
            .Select(static (input, _) => input!)
            .WithTrackingName(StepNames.Read);

        var parsed = files
            .Select(static (input, _) => Parse(input))
            .WithTrackingName(StepNames.Parse);

        var facts = context.CompilationProvider.Select(static (compilation, _) => new CompilationFacts(
            IsRuntime: compilation.AssemblyName == RuntimeAssemblyName,
            HasGrpc: compilation.GetTypeByMetadataName("Grpc.Core.ClientBase") is not null,
            ImplementWriteBound: IsAbstractMember(compilation, "ProtoGen.IMessage", "CalculateWriteBound")));

        var bound = parsed
            .Combine(parsed.Collect())
            .Select(static (pair, _) => Bind(pair.Left, pair.Right))
            .WithTrackingName(StepNames.Bind);

        var emitted = bound
            .Combine(facts)
            .Select(static (pair, _) => Emit(pair.Left, pair.Right))
            .WithTrackingName(StepNames.Emit);

        // The shared marshallers of the gRPC stubs: one file, when any file gets stubs. Reduced to one bool, so it
        // is re-added only when that answer changes.
        var needsGrpcSupport = bound
            .Select(static (file, _) => file.Options.GrpcServices != GrpcServices.None && file.Result?.File is { Services.IsEmpty: false })
            .Collect()
            .Combine(facts)
            .Select(static (pair, _) => pair.Right.HasGrpc && pair.Left.Contains(true));
        context.RegisterSourceOutput(needsGrpcSupport, static (output, needed) =>
        {
            if (!needed) return;
            var support = ProtoCompiler.EmitGrpcSupport();
            output.AddSource(support.HintName, SourceText.From(support.Source, System.Text.Encoding.UTF8));
        });

        context.RegisterSourceOutput(emitted, static (output, result) =>
        {
            foreach (var diagnostic in result.Diagnostics)
            {
                output.ReportDiagnostic(DiagnosticConverter.ToRoslyn(diagnostic));
            }
            if (result.Source is not null)
            {
                output.AddSource(result.HintName, SourceText.From(result.Source, System.Text.Encoding.UTF8));
            }
        });
    }

    private static bool IsAbstractMember(Compilation compilation, string typeName, string memberName) =>
        compilation.GetTypeByMetadataName(typeName) is { } type && type.GetMembers(memberName).Any(member => member.IsAbstract);

    private static ParseStepResult Parse(ProtoFileInput input)
    {
        try
        {
            return new ParseStepResult(input, ProtoCompiler.Parse(input.ImportPath, input.Text), Crash: null);
        }
        catch (Exception exception)
        {
            return new ParseStepResult(input, Parsed: null, Crash: Describe(exception));
        }
    }

    private static BindStepResult Bind(ParseStepResult file, ImmutableArray<ParseStepResult> all)
    {
        if (file.Crash is not null)
        {
            return BindStepResult.Failed(file.Input, file.Crash);
        }
        try
        {
            var available = new Dictionary<string, ParsedFile>(StringComparer.Ordinal);
            foreach (var other in all)
            {
                // Two files with the same import path: the first wins, as the first --proto_path match does for protoc.
                if (other.Parsed is not null && !available.ContainsKey(other.Input.ImportPath))
                {
                    available.Add(other.Input.ImportPath, other.Parsed);
                }
            }
            var result = ProtoCompiler.Bind(file.Input.ImportPath, available);
            return new BindStepResult(file.Input.FullPath, file.Input.ImportPath,
                WithImportedNamespaces(file.Input.Options, result, all), result, Crash: null);
        }
        catch (Exception exception)
        {
            return BindStepResult.Failed(file.Input, Describe(exception));
        }
    }

    /// <summary>Adds the namespace overrides of the files this one imports (transitively), and only those, so that
    /// changing an unrelated file's override does not re-emit this one.</summary>
    private static EmitOptions WithImportedNamespaces(EmitOptions options, BindResult result, ImmutableArray<ParseStepResult> all)
    {
        if (result.Dependencies.IsEmpty) return options;
        var imported = new HashSet<string>(result.Dependencies.Select(d => d.Name), StringComparer.Ordinal);
        var overrides = all
            .Where(f => f.Input.Options.NamespaceOverride is not null && imported.Contains(f.Input.ImportPath))
            .Select(f => new FileNamespace(f.Input.ImportPath, f.Input.Options.NamespaceOverride!))
            .Distinct()
            .OrderBy(f => f.FilePath, StringComparer.Ordinal)
            .ToEquatableArray();
        return overrides.IsEmpty ? options : options with { ImportedNamespaces = overrides };
    }

    private static EmitStepResult Emit(BindStepResult file, CompilationFacts facts)
    {
        var diagnostics = new List<LocatedDiagnostic>();
        if (file.Crash is not null)
        {
            diagnostics.Add(LocatedDiagnostic.Internal(file.FullPath, file.Crash));
            return new EmitStepResult(HintNameFallback(file.ImportPath), null, diagnostics.ToEquatableArray());
        }

        var result = file.Result!;
        foreach (var diagnostic in result.Diagnostics)
        {
            diagnostics.Add(new LocatedDiagnostic(file.FullPath, diagnostic));
        }
        if (result.File is null || result.HasErrors)
        {
            return new EmitStepResult(HintNameFallback(file.ImportPath), null, diagnostics.ToEquatableArray());
        }

        // The well-known types live in ProtoGen.Runtime; a project that also lists their .proto files must not get a
        // second copy (it would clash with the runtime's types).
        if (!facts.IsRuntime && WellKnownTypeNames.IsWellKnownTypeFile(file.ImportPath))
        {
            return new EmitStepResult(HintNameFallback(file.ImportPath), null, diagnostics.ToEquatableArray());
        }

        var options = facts.ImplementWriteBound ? file.Options with { ImplementWriteBound = true } : file.Options;
        if (!facts.HasGrpc && options.GrpcServices != GrpcServices.None)
        {
            // Stubs need Grpc.Core.Api: say which package to add, once per file with services.
            if (ProtoCompiler.ReportMissingGrpc(result.File) is { } missingGrpc)
            {
                diagnostics.Add(new LocatedDiagnostic(file.FullPath, missingGrpc));
            }
            options = options with { GrpcServices = GrpcServices.None };
        }

        try
        {
            var generated = ProtoCompiler.Emit(result.File, result.Dependencies, options);
            return new EmitStepResult(generated.HintName, generated.Source, diagnostics.ToEquatableArray());
        }
        catch (Exception exception)
        {
            diagnostics.Add(LocatedDiagnostic.Internal(file.FullPath, Describe(exception)));
            return new EmitStepResult(HintNameFallback(file.ImportPath), null, diagnostics.ToEquatableArray());
        }
    }

    private static string HintNameFallback(string importPath) => importPath.Replace('/', '.') + ".g.cs";

    private static string Describe(Exception exception) => $"{exception.GetType().Name}: {exception.Message}";

    private sealed record ParseStepResult(ProtoFileInput Input, ParsedFile? Parsed, string? Crash);

    private sealed record BindStepResult(string FullPath, string ImportPath, EmitOptions Options, BindResult? Result, string? Crash)
    {
        public static BindStepResult Failed(ProtoFileInput input, string crash) =>
            new(input.FullPath, input.ImportPath, input.Options, null, crash);
    }

    private sealed record EmitStepResult(string HintName, string? Source, EquatableArray<LocatedDiagnostic> Diagnostics);
}
