using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace ProtoGen.Benchmarks.Compiler;

/// <summary>
/// The IDE's keystroke cost: Roslyn's generator driver over a large .proto set (benchmarks/googleapis.sh), timing one
/// driver run per edit, as the IDE runs generators after each change. Each generator build (a folder holding
/// ProtoGen.SourceGenerator.dll and ProtoGen.Compiler.dll) loads into a context of its own, so two builds (before and
/// after a change) are timed in one process, their runs alternated.
/// Usage: dotnet run -c Release --project benchmarks/ProtoGen.Benchmarks -- --edits &lt;proto folder&gt; [--edits-per-case N]
///        [--generator [label=]&lt;folder&gt;]... (default: this build's generator)
/// </summary>
internal static class EditTimes
{
    private const string ProjectDir = "/gapis/";

    public static int Run(string[] args)
    {
        string folder = CommandLine.Value(args, "--edits") ?? throw new ArgumentException("--edits <folder of .proto files>");
        int edits = int.Parse(CommandLine.Value(args, "--edits-per-case") ?? "15", System.Globalization.CultureInfo.InvariantCulture);
        var generatorFolders = CommandLine.Values(args, "--generator");
        if (generatorFolders.Count == 0)
        {
            // This build's generator, built beside the benchmarks (its project reference) in the same configuration.
            string configuration = typeof(EditTimes).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
            generatorFolders.Add(Path.Combine(ProtoSources.RepositoryRoot(), "src", "ProtoGen.SourceGenerator", "bin", configuration, "netstandard2.0"));
        }

        var protos = Directory.EnumerateFiles(folder, "*.proto", SearchOption.AllDirectories)
            .Select(path => (Relative: Path.GetRelativePath(folder, path).Replace('\\', '/'), Text: File.ReadAllText(path)))
            .OrderBy(p => p.Relative, StringComparer.Ordinal)
            .ToArray();
        var importers = TransitiveImporters(protos);
        // Three edited files: the most imported one, a file with some importers, and one that nothing imports.
        var byImporters = protos.Select(p => p.Relative).OrderByDescending(p => importers[p].Count).ThenBy(p => p, StringComparer.Ordinal).ToArray();
        string mostImported = byImporters[0];
        string someImported = byImporters.First(p => importers[p].Count is > 0 and <= 10);
        string notImported = byImporters.Where(p => importers[p].Count == 0).First(p => protos.First(x => x.Relative == p).Text.Contains("service "));

        Console.WriteLine($"{protos.Length} .proto files from {folder}; {Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        var sessions = generatorFolders.Select(f => new Session(f, protos)).ToList();
        foreach (var session in sessions)
        {
            var (ms, sources) = session.Initial();
            Console.WriteLine($"[{session.Name}] first run (everything generated): {ms:F0} ms, {sources} sources");
        }

        var cases = new (string Name, Func<Session, int, int> Edit)[]
        {
            (".cs edit", (s, i) => s.EditCSharp(i)),
            ($"{mostImported} ({importers[mostImported].Count} importers)", (s, i) => s.EditProto(mostImported, i)),
            ($"{someImported} ({importers[someImported].Count} importers)", (s, i) => s.EditProto(someImported, i)),
            ($"{notImported} (no importers)", (s, i) => s.EditProto(notImported, i)),
        };
        foreach (var (name, edit) in cases)
        {
            // One untimed edit per session first (the first run of a path JITs it), then the timed ones, alternated.
            foreach (var session in sessions) session.Timed(() => edit(session, 0));
            var times = sessions.ToDictionary(s => s, _ => new List<double>());
            var rebinds = sessions.ToDictionary(s => s, _ => 0);
            for (int i = 1; i <= edits; i++)
            {
                foreach (var session in sessions)
                {
                    int bound = 0;
                    times[session].Add(session.Timed(() => bound = edit(session, i)));
                    rebinds[session] = bound;
                }
            }
            foreach (var session in sessions)
            {
                var sorted = times[session].Order().ToArray();
                Console.WriteLine($"[{session.Name}] {name}: median {sorted[sorted.Length / 2]:F1} ms, min {sorted[0]:F1} ms, max {sorted[^1]:F1} ms " +
                    $"over {sorted.Length} edits; bind steps run per edit: {(rebinds[session] < 0 ? "not tracked" : rebinds[session])}");
            }
            if (sessions.Count == 2)
            {
                double Median(Session s) => times[s].Order().ElementAt(times[s].Count / 2);
                Console.WriteLine($"  ratio {sessions[1].Name} / {sessions[0].Name}: {Median(sessions[1]) / Median(sessions[0]):F2}");
            }
        }
        return 0;
    }

    /// <summary>For each file, the files that import it directly or through others.</summary>
    private static Dictionary<string, HashSet<string>> TransitiveImporters((string Relative, string Text)[] protos)
    {
        var direct = protos.ToDictionary(p => p.Relative, _ => new List<string>());
        foreach (var (relative, text) in protos)
        {
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, "^\\s*import\\s+(?:public\\s+|weak\\s+)?\"([^\"]+)\"", System.Text.RegularExpressions.RegexOptions.Multiline))
            {
                if (direct.TryGetValue(m.Groups[1].Value, out var list)) list.Add(relative);
            }
        }
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var file in direct.Keys)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Stack<string>(direct[file]);
            while (pending.Count != 0)
            {
                var next = pending.Pop();
                if (seen.Add(next)) foreach (var importer in direct[next]) pending.Push(importer);
            }
            result[file] = seen;
        }
        return result;
    }

    /// <summary>One generator build with its driver, its compilation and its additional files, edited in place.</summary>
    private sealed class Session
    {
        private readonly Dictionary<string, MemoryText> _texts = new(StringComparer.Ordinal);
        private GeneratorDriver _driver;
        private CSharpCompilation _compilation;

        public Session(string generatorFolder, (string Relative, string Text)[] protos)
        {
            // "label=folder", or a folder named by itself.
            int equals = generatorFolder.IndexOf('=');
            Name = equals > 0 ? generatorFolder.Substring(0, equals) : generatorFolder;
            generatorFolder = Path.GetFullPath(equals > 0 ? generatorFolder.Substring(equals + 1) : generatorFolder);
            var context = new GeneratorContext(generatorFolder);
            var assembly = context.LoadFromAssemblyPath(Path.Combine(generatorFolder, "ProtoGen.SourceGenerator.dll"));
            var generator = (IIncrementalGenerator)Activator.CreateInstance(assembly.GetType("ProtoGen.SourceGenerator.ProtoGenGenerator", throwOnError: true)!)!;
            foreach (var (relative, text) in protos) _texts[relative] = new MemoryText(ProjectDir + relative, text);
            var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
                .Append(typeof(global::ProtoGen.IMessage).Assembly.Location)
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
            _compilation = CSharpCompilation.Create("Gapis", [CSharpSyntaxTree.ParseText(UserCode(0))], references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var options = new Options(new Dictionary<string, string>
            {
                ["build_property.ProjectDir"] = ProjectDir,
                ["build_property.ProtoGenSettingsImported"] = "true",
            });
            _driver = CSharpGeneratorDriver.Create([generator.AsSourceGenerator()], _texts.Values, optionsProvider: options,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        }

        public string Name { get; }

        public (double Ms, int Sources) Initial()
        {
            double ms = Timed(() => _driver = _driver.RunGenerators(_compilation));
            var result = _driver.GetRunResult().Results.Single();
            if (result.Exception is not null) throw result.Exception;
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
            if (errors.Length != 0)
            {
                // The causes first: a failed import (PG0106) and the names it leaves undefined (PG0101) follow from
                // another file's error.
                var causes = errors.Where(e => e.Id is not "PG0106" and not "PG0101").DefaultIfEmpty(errors[0]).Take(20);
                throw new InvalidOperationException($"[{Name}] {errors.Length} errors, among them:\n" + string.Join("\n", causes));
            }
            return (ms, result.GeneratedSources.Length);
        }

        public double Timed(Action action)
        {
            var stopwatch = Stopwatch.StartNew();
            action();
            return stopwatch.Elapsed.TotalMilliseconds;
        }

        public int EditCSharp(int i)
        {
            _compilation = _compilation.ReplaceSyntaxTree(_compilation.SyntaxTrees.First(), CSharpSyntaxTree.ParseText(UserCode(i)));
            _driver = _driver.RunGenerators(_compilation);
            return BindsRun();
        }

        /// <summary>Types one comment line above the file's first message (a doc comment: its code changes).</summary>
        public int EditProto(string relative, int i)
        {
            var old = _texts[relative];
            int at = old.Original.IndexOf("\nmessage ", StringComparison.Ordinal);
            var edited = new MemoryText(old.Path, old.Original.Insert(at < 0 ? old.Original.Length : at + 1, $"// edit {i}\n"), old.Original);
            _driver = _driver.ReplaceAdditionalText(old, edited);
            _texts[relative] = edited;
            _driver = _driver.RunGenerators(_compilation);
            return BindsRun();
        }

        private int BindsRun()
        {
            var steps = _driver.GetRunResult().Results.Single().TrackedSteps;
            return steps.TryGetValue("ProtoGen.Bind", out var bind)
                ? bind.Count(step => step.Outputs.Any(o => o.Reason is not IncrementalStepRunReason.Cached))
                : -1;
        }

        private static string UserCode(int i) => $"namespace User {{ public static class Edited{i} {{ }} }}";
    }

    private sealed class MemoryText(string path, string text, string? original = null) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);
        public override string Path { get; } = path;
        public string Original { get; } = original ?? text;
        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class Options(Dictionary<string, string> global) : AnalyzerConfigOptionsProvider
    {
        private static readonly Values Empty = new(new Dictionary<string, string>());
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(global);
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty;
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Empty;

        private sealed class Values(Dictionary<string, string> values) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
        }
    }

    /// <summary>Loads a generator build and its compiler from its folder; Roslyn and the BCL come from the host, as
    /// in the compiler, where generators share the compiler's Microsoft.CodeAnalysis.</summary>
    private sealed class GeneratorContext(string folder) : AssemblyLoadContext(isCollectible: false)
    {
        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name is "ProtoGen.SourceGenerator" or "ProtoGen.Compiler")
            {
                return LoadFromAssemblyPath(Path.Combine(folder, name.Name + ".dll"));
            }
            return null;
        }
    }
}
