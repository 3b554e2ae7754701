using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
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
/// read (per file) -> parse (per file) -> bind (per file, against its import closure) -> emit (per file), each producing
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
        public const string Imports = "ProtoGen.Imports";
        public const string Bind = "ProtoGen.Bind";
        public const string Emit = "ProtoGen.Emit";
        public const string References = "ProtoGen.References";
        public const string Baseline = "ProtoGen.Baseline";
        public const string Check = "ProtoGen.Check";
        public const string DeletedFiles = "ProtoGen.DeletedFiles";
        public const string MarkText = "ProtoGen.MarkText";
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
            HasGoogleProtobuf: compilation.GetTypeByMetadataName("Google.Protobuf.Reflection.FileDescriptor") is not null,
            DownLevel: IsAbstractMember(compilation, "ProtoGen.IMessage", "CalculateWriteBound")
                || compilation.GetTypeByMetadataName("System.BitConverter") is { } bitConverter && bitConverter.GetMembers("SingleToInt32Bits").IsEmpty,
            CanMark: compilation.GetTypeByMetadataName(ReferencedProtoFiles.AttributeMetadataName) is not null,
            LanguageVersion: compilation is CSharpCompilation csharp ? (int)csharp.LanguageVersion : int.MaxValue));

        // The .proto files that referenced assemblies were generated from (their marks), parsed once per change of
        // the set: their types are reused, and imports of them resolve from the recorded text.
        var references = context.CompilationProvider
            .Select(static (compilation, cancellationToken) => ReferencedProtoFiles.Read(compilation, cancellationToken))
            .WithTrackingName(StepNames.References)
            .Select(static (marks, _) => marks.Select(ParseReference).ToEquatableArray());

        // The bind step keeps the file's syntax tree for the breaking-change check (which reports at source positions);
        // emit gets the result without it, so an edit that moves text but keeps the model re-emits nothing. Import-only
        // files (ProtoGenerate="false") are bound as imports of others only.
        // A file's bind depends on its import closure only: the lookup of every parsed file by import path changes
        // with any .proto edit, but each file's closure (the candidates for every import path it reaches) compares
        // equal unless a file in it changed, so an edit re-binds the edited file and its importers, direct or not.
        var lookup = parsed
            .Collect()
            .Combine(references)
            .Select(static (pair, _) => new ImportLookup(pair.Left, pair.Right));
        var boundWithSyntax = parsed
            .Where(static file => file.Input.Generate)
            .Combine(lookup)
            .Select(static (pair, cancellationToken) => pair.Right.ClosureOf(pair.Left, cancellationToken))
            .WithTrackingName(StepNames.Imports)
            .Select(static (input, _) => Bind(input))
            .WithTrackingName(StepNames.Bind);
        var bound = boundWithSyntax.Select(static (file, _) => file with { Syntax = null });

        var emitted = bound
            .Combine(facts)
            .Select(static (pair, _) => Emit(pair.Left, pair.Right))
            .WithTrackingName(StepNames.Emit);

        // The shared marshallers of the gRPC stubs: one file, when any file gets stubs. Reduced to one bool, so it
        // is re-added only when that answer changes.
        var needsGrpcSupport = emitted
            .Select(static (file, _) => file.HasServiceStubs)
            .Collect()
            .Select(static (stubs, _) => stubs.Contains(true));
        context.RegisterSourceOutput(needsGrpcSupport, static (output, needed) =>
        {
            if (!needed) return;
            var support = ProtoCompiler.EmitGrpcSupport();
            output.AddSource(support.HintName, SourceText.From(support.Source, System.Text.Encoding.UTF8));
        });

        // ProtoGen.Runtime also holds descriptor.proto's descriptor (not its types), which every import of it links to.
        context.RegisterSourceOutput(facts.Select(static (f, _) => f.IsRuntime), static (output, isRuntime) =>
        {
            if (!isRuntime) return;
            var descriptorProto = ProtoCompiler.EmitDescriptorProtoFile();
            output.AddSource(descriptorProto.HintName, SourceText.From(descriptorProto.Source, System.Text.Encoding.UTF8));
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

        // The assembly's marks: one attribute per generated file, for the projects that reference this one. Each
        // records the file's minimal text (its tokens, without comments or line breaks), made by the parse step from
        // its tokens and taken out per file, so an edit of comments or layout leaves it equal and re-writes nothing.
        var markTexts = parsed
            .Where(static file => file.Input.Generate && file.MinimalText is not null)
            .Select(static (file, _) => new MarkText(file.Input.FullPath, file.MinimalText!))
            .WithTrackingName(StepNames.MarkText);
        var marks = emitted
            .Select(static (result, _) => result.Mark)
            .Collect()
            .Combine(markTexts.Collect())
            .Select(static (pair, _) => Marks(pair.Left, pair.Right));
        context.RegisterSourceOutput(marks, static (output, all) =>
        {
            if (all.IsEmpty) return;
            output.AddSource(AssemblyMarks.HintName, SourceText.From(AssemblyMarks.Emit(all), System.Text.Encoding.UTF8));
        });

        // Project-level diagnostics: a C# version the generated code cannot compile in (once, when there is anything
        // to generate), and a file that several references hold.
        var generatesAnything = files.Select(static (input, _) => input.Generate).Collect().Select(static (all, _) => all.Contains(true));
        var tooOld = facts
            .Select(static (facts, _) => facts.LanguageVersion < MinimumLanguageVersion ? facts.LanguageVersion : 0)
            .Combine(generatesAnything)
            .Select(static (pair, _) => pair.Right ? pair.Left : 0);
        context.RegisterSourceOutput(tooOld, static (output, version) =>
        {
            if (version == 0) return;
            output.ReportDiagnostic(DiagnosticConverter.ToRoslynWithoutLocation(DiagnosticCatalog.LanguageVersionTooOld.Create("", SourceSpan.Empty,
                DisplayLanguageVersion(MinimumLanguageVersion), DisplayLanguageVersion(version))));
        });
        context.RegisterSourceOutput(references, static (output, all) =>
        {
            for (int i = 1; i < all.Count; i++)
            {
                if (all[i].File.ImportPath == all[i - 1].File.ImportPath)
                {
                    output.ReportDiagnostic(DiagnosticConverter.ToRoslynWithoutLocation(DiagnosticCatalog.FileInSeveralReferences.Create("", SourceSpan.Empty,
                        all[i].File.ImportPath, all[i - 1].File.AssemblyName, all[i].File.AssemblyName)));
                }
            }
        });
    }

    /// <summary>The oldest C# the generated code compiles in (LanguageVersion.CSharp10: file-scoped namespaces are the
    /// newest feature it uses; target-typed new, static lambdas and relational patterns are C# 9).</summary>
    internal const int MinimumLanguageVersion = 1000;

    private static string DisplayLanguageVersion(int version) =>
        version % 100 == 0 ? (version / 100).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : $"{version / 100}.{version % 100}";

    private static bool IsAbstractMember(Compilation compilation, string typeName, string memberName) =>
        compilation.GetTypeByMetadataName(typeName) is { } type && type.GetMembers(memberName).Any(member => member.IsAbstract);

    private static ParseStepResult Parse(ProtoFileInput input)
    {
        try
        {
            var parsedFile = ProtoCompiler.Parse(input.ImportPath, input.Text, out var minimalText);
            return new ParseStepResult(input, parsedFile, Crash: null, input.Generate ? minimalText : null);
        }
        catch (Exception exception)
        {
            return new ParseStepResult(input, Parsed: null, Crash: Describe(exception), MinimalText: null);
        }
    }

    private static ParsedReference ParseReference(ReferencedProtoFile file)
    {
        try
        {
            return new ParsedReference(file, ProtoCompiler.Parse(file.ImportPath, file.Source));
        }
        catch (Exception)
        {
            // A mark whose text the parser cannot take (written by another version): imports of it stay unresolved.
            return new ParsedReference(file, null);
        }
    }

    private static BindStepResult Bind(BindInput input)
    {
        var file = input.File;
        var all = input.Closure;
        var references = input.References;
        // A file that a referenced assembly was generated from: its types are that assembly's.
        foreach (var reference in references)
        {
            if (reference.Parsed is not null && reference.File.ImportPath == file.Input.ImportPath)
            {
                return new BindStepResult(file.Input.FullPath, file.Input.ImportPath, file.Input.Options, null, Crash: null,
                    new ReuseInfo(reference.File.AssemblyName, !SameText(reference.File.Source, file.Input.Text)));
            }
        }
        if (file.Crash is not null)
        {
            return BindStepResult.Failed(file.Input, file.Crash);
        }
        try
        {
            // Imports resolve from the referenced assemblies' files first (those are the types that exist), then from
            // this project's files: generated ones before import-only ones. For two files with the same import path the
            // first wins, as the first --proto_path match does for protoc.
            var available = new Dictionary<string, ParsedFile>(StringComparer.Ordinal);
            foreach (var reference in references)
            {
                if (reference.Parsed is not null && !available.ContainsKey(reference.File.ImportPath))
                {
                    available.Add(reference.File.ImportPath, reference.Parsed);
                }
            }
            foreach (var other in all.Where(f => f.Input.Generate).Concat(all.Where(f => !f.Input.Generate)))
            {
                if (other.Parsed is not null && !available.ContainsKey(other.Input.ImportPath))
                {
                    available.Add(other.Input.ImportPath, other.Parsed);
                }
            }
            var result = ProtoCompiler.Bind(file.Input.ImportPath, available);
            var options = WithImportedNamespaces(file.Input.Options, result, all, references);
            // Imports generated in this project (not reused from a reference, not import-only): their messages are
            // compiled into this assembly. The runtime's well-known types are taken out in the emit step.
            var generatedHere = new HashSet<string>(all.Where(f => f.Input.Generate).Select(f => f.Input.ImportPath), StringComparer.Ordinal);
            generatedHere.ExceptWith(references.Where(r => r.Parsed is not null).Select(r => r.File.ImportPath));
            var sameCompilation = result.Dependencies.Select(d => d.Name).Where(generatedHere.Contains)
                .OrderBy(n => n, StringComparer.Ordinal).ToEquatableArray();
            if (!sameCompilation.IsEmpty) options = options with { SameCompilationFiles = sameCompilation };
            // Import-only files (ProtoGenerate="false") whose types no referenced assembly holds: no descriptor class
            // exists for them, so the runtime descriptor links them as null, and no Google.Protobuf descriptor can be
            // built for a file that depends on one, even indirectly.
            var importOnly = new HashSet<string>(all.Where(f => !f.Input.Generate).Select(f => f.Input.ImportPath), StringComparer.Ordinal);
            importOnly.ExceptWith(references.Where(r => r.Parsed is not null).Select(r => r.File.ImportPath));
            bool dependsOnImportOnly = false;
            if (importOnly.Count != 0 && !result.Dependencies.IsEmpty)
            {
                dependsOnImportOnly = result.Dependencies.Any(d => importOnly.Contains(d.Name));
                var direct = result.File?.Dependencies.Where(importOnly.Contains).OrderBy(n => n, StringComparer.Ordinal).ToEquatableArray() ?? default;
                if (!direct.IsEmpty) options = options with { ImportOnlyFiles = direct };
            }
            return new BindStepResult(file.Input.FullPath, file.Input.ImportPath, options, result, Crash: null, Reuse: null, file.Parsed,
                dependsOnImportOnly);
        }
        catch (Exception exception)
        {
            return BindStepResult.Failed(file.Input, Describe(exception));
        }
    }

    // The same file, whatever its comments, layout and line endings (a checkout on Windows and a package built on
    // Linux): the same tokens. The mark records the minimal text (a mark written by an older ProtoGen holds the text
    // as written); both sides are reduced to their minimal text before comparing.
    private static bool SameText(string marked, string listed) =>
        string.Equals(MinimalText.Of(marked), MinimalText.Of(listed), StringComparison.Ordinal);

    /// <summary>Adds the namespace overrides of the files this one imports (transitively), and only those, so that
    /// changing an unrelated file's override does not re-emit this one. A file from a referenced assembly brings the
    /// override it was generated with.</summary>
    private static EmitOptions WithImportedNamespaces(EmitOptions options, BindResult result, IReadOnlyList<ParseStepResult> all, EquatableArray<ParsedReference> references)
    {
        if (result.Dependencies.IsEmpty) return options;
        var imported = new HashSet<string>(result.Dependencies.Select(d => d.Name), StringComparer.Ordinal);
        var fromReferences = new HashSet<string>(StringComparer.Ordinal);
        var overrides = new List<FileNamespace>();
        foreach (var reference in references)
        {
            if (reference.Parsed is not null && imported.Contains(reference.File.ImportPath) && fromReferences.Add(reference.File.ImportPath)
                && reference.File.NamespaceOverride is { } referenceNamespace)
            {
                overrides.Add(new FileNamespace(reference.File.ImportPath, referenceNamespace));
            }
        }
        overrides.AddRange(all
            .Where(f => f.Input.Options.NamespaceOverride is not null && imported.Contains(f.Input.ImportPath) && !fromReferences.Contains(f.Input.ImportPath))
            .Select(f => new FileNamespace(f.Input.ImportPath, f.Input.Options.NamespaceOverride!)));
        var sorted = overrides.Distinct().OrderBy(f => f.FilePath, StringComparer.Ordinal).ToEquatableArray();
        return sorted.IsEmpty ? options : options with { ImportedNamespaces = sorted };
    }

    private static EmitStepResult Emit(BindStepResult file, CompilationFacts facts)
    {
        var diagnostics = new List<LocatedDiagnostic>();
        if (file.Reuse is { } reuse)
        {
            var descriptor = reuse.Differs ? DiagnosticCatalog.FileDiffersFromReference : DiagnosticCatalog.FileGeneratedInReference;
            diagnostics.Add(new LocatedDiagnostic(file.FullPath, descriptor.Create(file.ImportPath, SourceSpan.Empty, file.ImportPath, reuse.AssemblyName)));
            return EmitStepResult.Nothing(file.ImportPath, diagnostics);
        }
        if (file.Crash is not null)
        {
            diagnostics.Add(LocatedDiagnostic.Internal(file.FullPath, file.Crash));
            return EmitStepResult.Nothing(file.ImportPath, diagnostics);
        }

        var result = file.Result!;
        foreach (var diagnostic in result.Diagnostics)
        {
            diagnostics.Add(new LocatedDiagnostic(file.FullPath, diagnostic));
        }
        // A C# version the code would not compile in: the project-level PG0801 says so, instead of one compiler
        // error per generated line.
        if (result.File is null || result.HasErrors || facts.LanguageVersion < MinimumLanguageVersion)
        {
            return EmitStepResult.Nothing(file.ImportPath, diagnostics);
        }

        // The well-known types live in ProtoGen.Runtime; a project that also lists their .proto files must not get a
        // second copy (it would clash with the runtime's types).
        if (!facts.IsRuntime && global::ProtoGen.Compiler.WellKnownTypes.RuntimeWellKnownTypes.Contains(file.ImportPath))
        {
            return EmitStepResult.Nothing(file.ImportPath, diagnostics);
        }

        var options = file.Options with { GoogleProtobufDescriptors = facts.HasGoogleProtobuf && !facts.IsRuntime && !file.DependsOnImportOnly };
        if (!facts.IsRuntime && options.SameCompilationFiles.Any(global::ProtoGen.Compiler.WellKnownTypes.RuntimeWellKnownTypes.Contains))
        {
            // Listed here, but emitted nowhere but in ProtoGen.Runtime (above): another assembly's types.
            options = options with
            {
                SameCompilationFiles = options.SameCompilationFiles.Where(f => !global::ProtoGen.Compiler.WellKnownTypes.RuntimeWellKnownTypes.Contains(f)).ToEquatableArray(),
            };
        }
        if (facts.DownLevel) options = options with { DownLevel = true };
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
            return EmitStepResult.Nothing(file.ImportPath, diagnostics);
        }

        try
        {
            var generated = ProtoCompiler.Emit(result.File, result.Dependencies, options);
            // The runtime's own well-known types are found by name (WellKnownTypeNames), not by marks.
            var mark = facts.CanMark && !facts.IsRuntime ? new MarkedFile(file.FullPath, file.ImportPath, options.NamespaceOverride) : null;
            bool stubs = options.GrpcServices != GrpcServices.None && !result.File.Services.IsEmpty;
            return new EmitStepResult(generated.HintName, generated.Source, diagnostics.ToEquatableArray(), mark, stubs);
        }
        catch (Exception exception)
        {
            diagnostics.Add(LocatedDiagnostic.Internal(file.FullPath, Describe(exception)));
            return EmitStepResult.Nothing(file.ImportPath, diagnostics);
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

    private static string Describe(Exception exception) => $"{exception.GetType().Name}: {exception.Message}";

    /// <param name="MinimalText">What the assembly's mark records of a generated file (null for import-only files).</param>
    private sealed record ParseStepResult(ProtoFileInput Input, ParsedFile? Parsed, string? Crash, string? MinimalText);

    /// <summary>What one file's bind reads: the file, the project's files of its import closure (every file whose
    /// import path the closure reaches, in input order) and the referenced assemblies' files. Value-equatable: equal
    /// whenever no file of the closure changed, which is what keeps the bind step cached for the others.</summary>
    private sealed record BindInput(ParseStepResult File, EquatableArray<ParseStepResult> Closure, EquatableArray<ParsedReference> References);

    /// <summary>Every parsed file by import path, with the referenced assemblies' files: the import closure of one file,
    /// resolved as the binder resolves it. Rebuilt on any .proto edit; only its closures are compared.</summary>
    private sealed class ImportLookup
    {
        private readonly ImmutableArray<ParseStepResult> _all;
        private readonly EquatableArray<ParsedReference> _references;
        // Indices into _all of the files with each import path, ascending (input order).
        private readonly Dictionary<string, List<int>> _byPath = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ParsedFile> _fromReferences = new(StringComparer.Ordinal);

        public ImportLookup(ImmutableArray<ParseStepResult> all, EquatableArray<ParsedReference> references)
        {
            _all = all;
            _references = references;
            for (int i = 0; i < all.Length; i++)
            {
                var path = all[i].Input.ImportPath;
                if (!_byPath.TryGetValue(path, out var indices)) _byPath.Add(path, indices = new List<int>());
                indices.Add(i);
            }
            foreach (var reference in references)
            {
                if (reference.Parsed is not null && !_fromReferences.ContainsKey(reference.File.ImportPath))
                {
                    _fromReferences.Add(reference.File.ImportPath, reference.Parsed);
                }
            }
        }

        /// <summary>The file's bind input. The walk starts at the file's own import path and follows the imports of
        /// the file the binder loads for each path (a referenced assembly's, else the first generated one, else the
        /// first import-only one, else an embedded well-known type), so the closure holds every file the bind can
        /// read. All files with a reached path are kept, not only the one loaded: the bind also reads their
        /// namespace overrides and whether the path is import-only. A path nothing provides is walked no further, and
        /// a file that later provides it joins the closure, so its importers re-bind.</summary>
        public BindInput ClosureOf(ParseStepResult file, CancellationToken cancellationToken)
        {
            var visited = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>();
            var members = new List<int>();
            pending.Push(file.Input.ImportPath);
            visited.Add(file.Input.ImportPath);
            while (pending.Count != 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var path = pending.Pop();
                _byPath.TryGetValue(path, out var indices);
                if (indices is not null) members.AddRange(indices);
                var loaded = Load(path, indices);
                if (loaded is null) continue;
                foreach (var member in loaded.Root.Members)
                {
                    if (member is ImportNode import && visited.Add(import.Path)) pending.Push(import.Path);
                }
            }
            members.Sort();
            var closure = new ParseStepResult[members.Count];
            for (int i = 0; i < closure.Length; i++) closure[i] = _all[members[i]];
            return new BindInput(file, new EquatableArray<ParseStepResult>(closure), _references);
        }

        private ParsedFile? Load(string path, List<int>? indices)
        {
            if (_fromReferences.TryGetValue(path, out var referenced)) return referenced;
            if (indices is not null)
            {
                foreach (var generate in new[] { true, false })
                {
                    foreach (var index in indices)
                    {
                        if (_all[index].Input.Generate == generate && _all[index].Parsed is { } parsed) return parsed;
                    }
                }
            }
            return global::ProtoGen.Compiler.WellKnownTypes.WellKnownTypeSources.GetParsed(path);
        }
    }

    /// <summary>A referenced assembly's file, parsed (null when its text does not parse).</summary>
    private sealed record ParsedReference(ReferencedProtoFile File, ParsedFile? Parsed);

    /// <summary>The referenced assembly that holds a listed file's types, and whether its copy of the file differs.</summary>
    private sealed record ReuseInfo(string AssemblyName, bool Differs);

    /// <param name="Syntax">The parsed file, for the breaking-change check; null in what the emit step receives.</param>
    /// <param name="DependsOnImportOnly">An import-only file is among the file's (transitive) imports.</param>
    private sealed record BindStepResult(string FullPath, string ImportPath, EmitOptions Options, BindResult? Result, string? Crash, ReuseInfo? Reuse,
        ParsedFile? Syntax = null, bool DependsOnImportOnly = false)
    {
        public static BindStepResult Failed(ProtoFileInput input, string crash) =>
            new(input.FullPath, input.ImportPath, input.Options, null, crash, Reuse: null);
    }

    /// <summary>A generated file to mark: which file, by which import path, with which namespace override.</summary>
    private sealed record MarkedFile(string FullPath, string ImportPath, string? NamespaceOverride);

    /// <summary>The text a generated file's mark records: its minimal text (<see cref="MinimalText"/>).</summary>
    private sealed record MarkText(string FullPath, string Text);

    private static EquatableArray<GeneratedFileMark> Marks(ImmutableArray<MarkedFile?> marked, ImmutableArray<MarkText> texts)
    {
        var textByPath = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            if (!textByPath.ContainsKey(text.FullPath)) textByPath.Add(text.FullPath, text.Text);
        }
        return marked
            .Where(mark => mark is not null && textByPath.ContainsKey(mark.FullPath))
            .Select(mark => new GeneratedFileMark(mark!.ImportPath, mark.NamespaceOverride, textByPath[mark.FullPath]))
            .OrderBy(mark => mark.ImportPath, StringComparer.Ordinal)
            .ToEquatableArray();
    }

    /// <param name="Mark">What the assembly's mark records of the file; null when nothing was generated.</param>
    /// <param name="HasServiceStubs">The file got gRPC stubs, which need the shared marshallers.</param>
    private sealed record EmitStepResult(string HintName, string? Source, EquatableArray<LocatedDiagnostic> Diagnostics,
        MarkedFile? Mark = null, bool HasServiceStubs = false)
    {
        public static EmitStepResult Nothing(string importPath, List<LocatedDiagnostic> diagnostics) =>
            new(importPath.Replace('/', '.') + ".g.cs", null, diagnostics.ToEquatableArray());
    }
}
