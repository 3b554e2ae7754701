using System.Globalization;
using System.Text;
using ProtoGen.Compiler;
using ProtoGen.Compiler.Diagnostics;
using ProtoGen.Compiler.Model;
using ProtoGen.Compiler.Syntax;
using ProtoGen.Tests.Infrastructure;

namespace ProtoGen.Tests.Fuzzing;

/// <summary>
/// Mutates .proto files and runs each mutant through parse, bind and emit, then compiles the C# of every accepted
/// mutant (with its dependencies' C#) against ProtoGen.Runtime and the gRPC API. A failure is anything but a clean
/// outcome: an exception or PG9999 anywhere, an error diagnostic not located in a .proto file, or a C# warning or
/// error in generated code. Each mutant's random stream is derived from the run's seed and its index, so one failure
/// reproduces from the two numbers the report prints.
/// </summary>
internal sealed class CompilerFuzzer
{
    /// <summary>Files that import each other, by import path; a mutant replaces one of them.</summary>
    public sealed record Corpus(string Name, IReadOnlyDictionary<string, string> Files);

    public sealed record Failure(int Index, string Corpus, string Path, string Mutation, string Mutant, string Problem)
    {
        public override string ToString()
        {
            var text = new StringBuilder();
            text.AppendLine($"mutant #{Index.ToString(CultureInfo.InvariantCulture)} of {Corpus} file {Path} ({Mutation}): {Problem}");
            text.AppendLine("----- mutant -----");
            text.AppendLine(Mutant);
            text.AppendLine("------------------");
            return text.ToString();
        }
    }

    public sealed class Stats
    {
        public int Mutants { get; set; }
        public int Accepted { get; set; }
        public int Rejected { get; set; }
        public int DistinctOutputs { get; set; }
        public int Compiled { get; set; }
        public int NamespaceOverrides { get; set; }
        public Dictionary<string, int> RejectionCodes { get; } = new(StringComparer.Ordinal);
        public System.Diagnostics.Stopwatch FrontEnd { get; } = new();
        public System.Diagnostics.Stopwatch Roslyn { get; } = new();

        public override string ToString() =>
            $"{Mutants} mutants: {Rejected} rejected with diagnostics, {Accepted} accepted ({DistinctOutputs} distinct outputs, " +
            $"{Compiled} compiled with Roslyn); parse/bind/emit {FrontEnd.Elapsed.TotalSeconds:F1} s, Roslyn {Roslyn.Elapsed.TotalSeconds:F1} s; {NamespaceOverrides} with a namespace override; rejection codes: " +
            string.Join(", ", RejectionCodes.OrderByDescending(p => p.Value).Take(25).Select(p => $"{p.Key} {p.Value}"));
    }

    private readonly IReadOnlyList<Corpus> _corpora;
    private readonly int _seed;
    private readonly List<(Corpus Corpus, string Path)> _targets;
    private readonly Dictionary<(string Corpus, string Path), ParsedFile> _parsed = new();
    private readonly Dictionary<(string Corpus, string Path), string?> _emitted = new();
    private readonly HashSet<string> _seenOutputs = new(StringComparer.Ordinal);
    private int _maxCompiledLength = int.MaxValue;

    public CompilerFuzzer(IReadOnlyList<Corpus> corpora, int seed)
    {
        _corpora = corpora;
        _seed = seed;
        _targets = corpora.SelectMany(c => c.Files.Keys.OrderBy(k => k, StringComparer.Ordinal).Select(path => (c, path))).ToList();
        foreach (var (corpus, path) in _targets) _parsed[(corpus.Name, path)] = ProtoCompiler.Parse(path, corpus.Files[path]);
    }

    public Stats Statistics { get; } = new();

    public List<Failure> Failures { get; } = new();

    /// <summary>Runs mutants <paramref name="first"/> to <paramref name="first"/>+<paramref name="count"/>-1,
    /// compiling at most <paramref name="compileBudget"/> distinct accepted outputs.</summary>
    public void Run(int first, int count, int compileBudget, int maxCompiledLength = int.MaxValue)
    {
        _maxCompiledLength = maxCompiledLength;
        for (int index = first; index < first + count; index++)
        {
            var random = new Random(unchecked(_seed * 1_000_003 + index));
            var (corpus, path) = _targets[random.Next(_targets.Count)];
            string mutation;
            string text;
            if (index < _targets.Count)
            {
                // The first mutants are the corpus files themselves: the baseline must be clean too.
                (corpus, path) = _targets[index];
                text = corpus.Files[path];
                mutation = "unmutated";
            }
            else
            {
                text = ProtoMutator.Mutate(corpus.Files[path], random, out mutation);
            }
            // One in eight accepted mutants is also emitted with a namespace override (ProtoNamespace metadata).
            string? namespaceOverride = random.Next(8) == 0 ? ProtoMutator.Pick(ProtoMutator.OddStrings, random) : null;
            RunOne(index, corpus, path, text, mutation, namespaceOverride, ref compileBudget);
        }
    }

    private void RunOne(int index, Corpus corpus, string path, string text, string mutation, string? namespaceOverride, ref int compileBudget)
    {
        Statistics.Mutants++;
        Statistics.FrontEnd.Start();
        try
        {
            RunFrontEnd(index, corpus, path, text, mutation, namespaceOverride, ref compileBudget);
        }
        finally
        {
            Statistics.FrontEnd.Stop();
            Statistics.Roslyn.Stop();
        }
    }

    private void RunFrontEnd(int index, Corpus corpus, string path, string text, string mutation, string? namespaceOverride, ref int compileBudget)
    {
        void Fail(string problem) => Failures.Add(new Failure(index, corpus.Name, path, mutation, text, problem));

        BindResult result;
        try
        {
            var files = corpus.Files.Keys.ToDictionary(p => p, p => _parsed[(corpus.Name, p)], StringComparer.Ordinal);
            files[path] = ProtoCompiler.Parse(path, text);
            result = ProtoCompiler.Bind(path, files);
        }
        catch (Exception exception)
        {
            Fail("exception in parse or bind: " + exception);
            return;
        }

        foreach (var diagnostic in result.Diagnostics)
        {
            if (diagnostic.Code == DiagnosticCatalog.InternalError.Code)
            {
                Fail("internal error: " + diagnostic);
                return;
            }
            if (diagnostic.Severity == DiagnosticSeverity.Error && !IsLocated(diagnostic, corpus, path, text))
            {
                Fail("error not located in a .proto file: " + diagnostic + $" (span {diagnostic.Span})");
                return;
            }
        }

        if (result.HasErrors || result.File is null)
        {
            Statistics.Rejected++;
            foreach (var code in result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Code).Distinct())
            {
                Statistics.RejectionCodes[code] = Statistics.RejectionCodes.TryGetValue(code, out int n) ? n + 1 : 1;
            }
            return;
        }

        var options = new EmitOptions(GrpcServices: GrpcServices.Both);
        if (namespaceOverride is not null)
        {
            Statistics.NamespaceOverrides++;
            var problems = ProtoCompiler.CheckEmitOptions(result.File, options with { NamespaceOverride = namespaceOverride });
            foreach (var problem in problems)
            {
                if (problem.Severity == DiagnosticSeverity.Error && problem.FilePath != path) Fail("override diagnostic for another file: " + problem);
            }
            if (problems.Any(p => p.Severity == DiagnosticSeverity.Error))
            {
                Statistics.Rejected++;
                Statistics.RejectionCodes["override " + problems[0].Code] = Statistics.RejectionCodes.TryGetValue("override " + problems[0].Code, out int n) ? n + 1 : 1;
                return;
            }
            options = options with { NamespaceOverride = namespaceOverride };
        }

        Statistics.Accepted++;
        var sources = new List<string>();
        try
        {
            sources.Add(ProtoCompiler.Emit(result.File, result.Dependencies, options).Source);
        }
        catch (Exception exception)
        {
            Fail("exception in emit: " + exception);
            return;
        }

        if (!_seenOutputs.Add(sources[0])) return;
        Statistics.DistinctOutputs++;
        if (compileBudget <= 0 || sources[0].Length > _maxCompiledLength) return;
        compileBudget--;

        foreach (var dependency in result.Dependencies)
        {
            if (DependencySource(corpus, dependency.Name) is { } source) sources.Add(source);
        }
        bool hasServices = result.File.Services.Count > 0 || result.Dependencies.Any(d => d.Services.Count > 0);
        if (hasServices) sources.Add(ProtoCompiler.EmitGrpcSupport().Source);

        Statistics.Compiled++;
        Statistics.FrontEnd.Stop();
        Statistics.Roslyn.Start();
        // Only the mutant's own tree is checked (declaration and body diagnostics); the dependencies' trees are parsed
        // once per corpus and only bound for their declarations, which keeps a compile well under a second.
        var trees = sources.Select((source, i) => i == 0 ? Parse(source) : CachedTree(source)).ToList();
        var compilation = Compilations.Create(Array.Empty<string>(), "Fuzz" + index.ToString(CultureInfo.InvariantCulture), withGrpc: true).AddSyntaxTrees(trees);
        var errors = compilation.GetSemanticModel(trees[0]).GetDiagnostics()
            .Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning).ToList();
        if (errors.Count > 0)
        {
            Fail("generated C# does not compile cleanly" + (namespaceOverride is null ? "" : $" (namespace override \"{namespaceOverride}\")") + ":\n" +
                 string.Join("\n", errors.Take(8).Select(d => d + "\n    " + LineOf(d))));
        }
    }

    private readonly Dictionary<string, Microsoft.CodeAnalysis.SyntaxTree> _trees = new(StringComparer.Ordinal);

    private Microsoft.CodeAnalysis.SyntaxTree CachedTree(string source)
    {
        if (!_trees.TryGetValue(source, out var tree)) _trees[source] = tree = Parse(source);
        return tree;
    }

    private static Microsoft.CodeAnalysis.SyntaxTree Parse(string source) =>
        Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source, new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.Latest));

    /// <summary>The generated C# of an unmutated corpus file, for a mutant that imports it; null for the well-known
    /// types, which ProtoGen.Runtime holds.</summary>
    private string? DependencySource(Corpus corpus, string path)
    {
        if (_emitted.TryGetValue((corpus.Name, path), out var cached)) return cached;
        string? source = null;
        if (!IsRuntimeWellKnownType(path))
        {
            var files = corpus.Files.Keys.ToDictionary(p => p, p => _parsed[(corpus.Name, p)], StringComparer.Ordinal);
            var result = ProtoCompiler.Bind(path, files);
            if (result.File is not null && !result.HasErrors)
            {
                source = ProtoCompiler.Emit(result.File, result.Dependencies, new EmitOptions(GrpcServices: GrpcServices.Both)).Source;
            }
        }
        _emitted[(corpus.Name, path)] = source;
        return source;
    }

    private static bool IsRuntimeWellKnownType(string path) => Compiler.WellKnownTypes.RuntimeWellKnownTypes.Contains(path);

    private bool IsLocated(ProtoDiagnostic diagnostic, Corpus corpus, string path, string text)
    {
        string? fileText = diagnostic.FilePath == path ? text : corpus.Files.TryGetValue(diagnostic.FilePath, out var other) ? other : null;
        if (fileText is null) return false;
        var span = diagnostic.Span;
        return span.Start >= 0 && span.Length >= 0 && span.Start + span.Length <= fileText.Length
               && (span != SourceSpan.Empty || fileText.Length == 0);
    }

    private static string LineOf(Microsoft.CodeAnalysis.Diagnostic diagnostic)
    {
        if (!diagnostic.Location.IsInSource) return "";
        var tree = diagnostic.Location.SourceTree!;
        int line = diagnostic.Location.GetLineSpan().StartLinePosition.Line;
        return tree.GetText().Lines[line].ToString().Trim();
    }
}
