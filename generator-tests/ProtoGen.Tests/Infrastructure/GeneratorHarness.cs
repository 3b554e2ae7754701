using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ProtoGen.SourceGenerator;

namespace ProtoGen.Tests.Infrastructure;

/// <summary>
/// Runs <see cref="ProtoGenGenerator"/> the way the compiler does, on .proto files held in memory under a fake project
/// directory, with incremental step tracking on.
/// </summary>
public sealed class GeneratorHarness
{
    public const string ProjectDir = "/project/";

    private readonly Dictionary<string, InMemoryAdditionalText> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _fileOptions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _globalOptions = new(StringComparer.Ordinal) { ["build_property.ProjectDir"] = ProjectDir };
    private GeneratorDriver _driver;
    private CSharpCompilation _compilation;

    private readonly bool _settingsImported;

    /// <param name="withGrpc">Reference Grpc.Core.Api, so services get stubs.</param>
    /// <param name="settingsImported">Give the generator the property build/ProtoGen.props sets, as every project that
    /// imports it (or references the ProtoGen package) does.</param>
    public GeneratorHarness(string userCode = "namespace User { public static class Marker { } }", string assemblyName = "ProtoGen.UserProject",
        bool withGrpc = false, bool settingsImported = true)
    {
        _settingsImported = settingsImported;
        _compilation = Compilations.Create([userCode], assemblyName, withGrpc);
        _driver = CSharpGeneratorDriver.Create(
            [new ProtoGenGenerator().AsSourceGenerator()],
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        ApplyOptions();
    }

    /// <summary>Adds or replaces a .proto at a path relative to the project directory.</summary>
    public GeneratorHarness SetProto(string relativePath, string text, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var full = ProjectDir + relativePath;
        var file = new InMemoryAdditionalText(full, text);
        if (_files.TryGetValue(full, out var old))
        {
            _driver = _driver.ReplaceAdditionalText(old, file);
        }
        else
        {
            _driver = _driver.AddAdditionalTexts([file]);
        }
        _files[full] = file;
        if (metadata is not null)
        {
            _fileOptions[full] = metadata.ToDictionary(kv => "build_metadata.AdditionalFiles." + kv.Key, kv => kv.Value);
            ApplyOptions();
        }
        return this;
    }

    /// <summary>Sets an MSBuild property made visible to the generator (CompilerVisibleProperty), such as ProtoGenNullable.</summary>
    public GeneratorHarness SetProperty(string name, string value)
    {
        _globalOptions["build_property." + name] = value;
        ApplyOptions();
        return this;
    }

    /// <summary>Adds or replaces the breaking-change baseline as build/ProtoGen.props passes it: a base64 copy of the
    /// descriptor set in the intermediate folder, its ProtoBaseline metadata naming the project's file.</summary>
    public GeneratorHarness SetBaseline(byte[] descriptorSet, string baselinePath = ProjectDir + "api.binpb") =>
        SetBaselineText(Convert.ToBase64String(descriptorSet), baselinePath);

    /// <summary>The baseline additional file with this exact text (for malformed copies).</summary>
    public GeneratorHarness SetBaselineText(string text, string baselinePath = ProjectDir + "api.binpb") =>
        SetProto("obj/protogen.baseline.b64", text, new Dictionary<string, string> { ["ProtoBaseline"] = baselinePath });

    /// <summary>Sets per-diagnostic severities as <c>&lt;WarningsAsErrors&gt;</c> and <c>&lt;NoWarn&gt;</c> do.</summary>
    public GeneratorHarness WithDiagnosticOptions(IReadOnlyDictionary<string, ReportDiagnostic> options)
    {
        _compilation = _compilation.WithOptions(_compilation.Options.WithSpecificDiagnosticOptions(options));
        return this;
    }

    /// <summary>Replaces the user's C# code (an edit of a .cs file in the IDE).</summary>
    public GeneratorHarness SetUserCode(string code)
    {
        _compilation = _compilation.ReplaceSyntaxTree(_compilation.SyntaxTrees.First(), CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest)));
        return this;
    }

    public GeneratorRun Run()
    {
        _driver = _driver.RunGeneratorsAndUpdateCompilation(_compilation, out var output, out var reported);
        return new GeneratorRun(_driver.GetRunResult(), output) { Reported = reported };
    }

    private void ApplyOptions()
    {
        var global = new Dictionary<string, string>(_globalOptions);
        if (_settingsImported)
        {
            global["build_property.ProtoGenSettingsImported"] = "true";
        }
        _driver = _driver.WithUpdatedAnalyzerConfigOptions(new TestAnalyzerConfigOptionsProvider(global, _fileOptions));
    }

    /// <summary>Loads every file under sample-protos/ into a harness, by its path relative to that folder; the project
    /// references Grpc.Core.Api unless told otherwise, so the sample services get their stubs.</summary>
    public static GeneratorHarness ForSampleProtos(bool withGrpc = true)
    {
        var harness = new GeneratorHarness(withGrpc: withGrpc);
        foreach (var (relative, text) in SampleProtos.All())
        {
            harness.SetProto(relative, text);
        }
        return harness;
    }
}

public sealed record GeneratorRun(GeneratorDriverRunResult Result, Compilation OutputCompilation)
{
    public GeneratorRunResult Generator => Result.Results.Single();

    public ImmutableArray<Diagnostic> Diagnostics => Generator.Diagnostics;

    /// <summary>The diagnostics as the compiler reports them: after the compilation's per-code severities
    /// (WarningsAsErrors, NoWarn, global analyzer config).</summary>
    public ImmutableArray<Diagnostic> Reported { get; init; }

    public IReadOnlyDictionary<string, string> Sources =>
        Generator.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

    /// <summary>Run reasons of one tracked step, one entry per output of every execution of that step.</summary>
    public IReadOnlyList<IncrementalStepRunReason> Reasons(string stepName) =>
        Generator.TrackedSteps.TryGetValue(stepName, out var steps)
            ? steps.SelectMany(step => step.Outputs.Select(o => o.Reason)).ToList()
            : [];
}

/// <summary>The repository's sample-protos/ folder.</summary>
public static class SampleProtos
{
    public static string Directory => Path.Combine(RepositoryRoot.Path, "sample-protos");

    public static IEnumerable<(string RelativePath, string Text)> All() =>
        System.IO.Directory.GetFiles(Directory, "*.proto", SearchOption.AllDirectories)
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (Path.GetRelativePath(Directory, p).Replace('\\', '/'), File.ReadAllText(p)));
}

public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find([System.Runtime.CompilerServices.CallerFilePath] string thisFile = "")
    {
        var directory = System.IO.Path.GetDirectoryName(thisFile);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory, "ProtoGen.sln")))
        {
            directory = System.IO.Path.GetDirectoryName(directory);
        }
        return directory ?? throw new InvalidOperationException("ProtoGen.sln not found above " + thisFile);
    }
}
