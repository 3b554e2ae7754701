using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ProtoGen.Compiler;
using ProtoGen.Compiler.Breaking;
using ProtoGen.Compiler.Diagnostics;
using ProtoGen.Compiler.Model;
using ProtoGen.Compiler.Syntax;

namespace ProtoGen.SourceGenerator;

/// <summary>
/// Turns the compilation's <c>.proto</c> AdditionalFiles into C#. The steps follow the incremental-generator cookbook:
/// read (per file) -> parse (per file) -> bind (per file, against all parsed files) -> emit (per file), each producing
/// value-equatable results, so editing a .cs file re-runs nothing and editing one .proto re-emits it and its importers only.
/// With a breaking-change baseline (ProtoBaseline), each bound file is also checked against it (per file).
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
        public const string Baseline = "ProtoGen.Baseline";
        public const string Check = "ProtoGen.Check";
        public const string DeletedFiles = "ProtoGen.DeletedFiles";
    }

    private const string RuntimeAssemblyName = "ProtoGen.Runtime";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Without build/ProtoGen.props the per-file metadata never reaches the generator and nothing else would say so:
        // one warning per compilation, whether or not any .proto file made it in (forgetting the import also loses them).
        var settingsImported = context.AnalyzerConfigOptionsProvider.Select(static (options, _) => ProtoFileReader.SettingsImported(options));
        context.RegisterSourceOutput(settingsImported, static (output, imported) =>
        {
            if (!imported)
            {
                output.ReportDiagnostic(DiagnosticConverter.ToRoslynWithoutLocation(DiagnosticCatalog.SettingsNotImported.Create("", SourceSpan.Empty)));
            }
        });

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
            HasGoogleProtobuf: compilation.GetTypeByMetadataName("Google.Protobuf.Reflection.FileDescriptor") is not null));

        // The bind step keeps the file's syntax tree for the breaking-change check (which reports at source positions);
        // emit gets the result without it, so an edit that moves text but keeps the model re-emits nothing.
        var boundWithSyntax = parsed
            .Combine(parsed.Collect())
            .Select(static (pair, _) => Bind(pair.Left, pair.Right))
            .WithTrackingName(StepNames.Bind);
        var bound = boundWithSyntax.Select(static (file, _) => file with { Syntax = null });

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

        // Breaking changes against the baseline (the ProtoBaseline property): read once, then checked per file, so
        // editing one .proto re-checks that file only.
        var baseline = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) => BaselineFileReader.Read(pair.Left, pair.Right, cancellationToken))
            .Where(static loaded => loaded is not null)
            .Collect()
            .Select(static (all, _) => all.IsEmpty ? null : all[0])
            .WithTrackingName(StepNames.Baseline);
        var checks = boundWithSyntax
            .Combine(baseline)
            .Select(static (pair, _) => CheckBreaking(pair.Left, pair.Right))
            .WithTrackingName(StepNames.Check);
        context.RegisterSourceOutput(checks, static (output, diagnostics) =>
        {
            foreach (var diagnostic in diagnostics) output.ReportDiagnostic(DiagnosticConverter.ToRoslyn(diagnostic));
        });
        var deletedFiles = files
            .Select(static (input, _) => input.ImportPath)
            .Collect()
            .Combine(baseline)
            .Select(static (pair, _) => CheckBaselineFiles(pair.Left, pair.Right))
            .WithTrackingName(StepNames.DeletedFiles);
        context.RegisterSourceOutput(deletedFiles, static (output, diagnostics) =>
        {
            foreach (var diagnostic in diagnostics) output.ReportDiagnostic(DiagnosticConverter.ToRoslyn(diagnostic));
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
                WithImportedNamespaces(file.Input.Options, result, all), result, Crash: null, file.Parsed);
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
        if (!facts.IsRuntime && global::ProtoGen.Compiler.WellKnownTypes.RuntimeWellKnownTypes.Contains(file.ImportPath))
        {
            return new EmitStepResult(HintNameFallback(file.ImportPath), null, diagnostics.ToEquatableArray());
        }

        var options = file.Options with { GoogleProtobufDescriptors = facts.HasGoogleProtobuf && !facts.IsRuntime };
        if (!facts.HasGrpc && options.GrpcServices != GrpcServices.None)
        {
            // Stubs need Grpc.Core.Api: say which package to add, once per file with services.
            if (ProtoCompiler.ReportMissingGrpc(result.File) is { } missingGrpc)
            {
                diagnostics.Add(new LocatedDiagnostic(file.FullPath, missingGrpc));
            }
            options = options with { GrpcServices = GrpcServices.None };
        }

        // A ProtoNamespace (this file's or an import's) that is no C# namespace: one error on the file, no source.
        var optionProblems = ProtoCompiler.CheckEmitOptions(result.File, options);
        if (!optionProblems.IsEmpty)
        {
            foreach (var problem in optionProblems) diagnostics.Add(new LocatedDiagnostic(file.FullPath, problem));
            return new EmitStepResult(HintNameFallback(file.ImportPath), null, diagnostics.ToEquatableArray());
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

    /// <summary>The file's breaking changes against the baseline; nothing without a readable baseline or a model.</summary>
    private static EquatableArray<LocatedDiagnostic> CheckBreaking(BindStepResult file, LoadedBaseline? baseline)
    {
        if (baseline?.Set is null || file.Result?.File is null || file.Result.HasErrors || file.Syntax is null)
        {
            return EquatableArray<LocatedDiagnostic>.Empty;
        }
        try
        {
            return BreakingChecker.CheckFile(file.Result.File, file.Result.Dependencies, file.Syntax, baseline.Set)
                .Select(d => new LocatedDiagnostic(file.FullPath, d))
                .ToEquatableArray();
        }
        catch (Exception exception)
        {
            return new[] { LocatedDiagnostic.Internal(file.FullPath, Describe(exception)) }.ToEquatableArray();
        }
    }

    /// <summary>The baseline's own findings: why it cannot be read, or the files it holds that the project no longer has.</summary>
    private static EquatableArray<LocatedDiagnostic> CheckBaselineFiles(ImmutableArray<string> importPaths, LoadedBaseline? baseline)
    {
        if (baseline is null) return EquatableArray<LocatedDiagnostic>.Empty;
        if (baseline.Error is not null) return new[] { new LocatedDiagnostic(baseline.Path, baseline.Error) }.ToEquatableArray();
        return BreakingChecker.CheckDeletedFiles(baseline.Set!, importPaths, baseline.Path)
            .Select(d => new LocatedDiagnostic(baseline.Path, d))
            .ToEquatableArray();
    }

    private static string HintNameFallback(string importPath) => importPath.Replace('/', '.') + ".g.cs";

    private static string Describe(Exception exception) => $"{exception.GetType().Name}: {exception.Message}";

    private sealed record ParseStepResult(ProtoFileInput Input, ParsedFile? Parsed, string? Crash);

    /// <param name="Syntax">The parsed file, for the breaking-change check; null in what the emit step receives.</param>
    private sealed record BindStepResult(string FullPath, string ImportPath, EmitOptions Options, BindResult? Result, string? Crash, ParsedFile? Syntax = null)
    {
        public static BindStepResult Failed(ProtoFileInput input, string crash) =>
            new(input.FullPath, input.ImportPath, input.Options, null, crash);
    }

    private sealed record EmitStepResult(string HintName, string? Source, EquatableArray<LocatedDiagnostic> Diagnostics);
}
