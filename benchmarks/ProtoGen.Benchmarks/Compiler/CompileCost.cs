using System.Diagnostics;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ProtoGen.Benchmarks.Compiler;

/// <summary>
/// What the C# compiler spends on a folder of generated C#: Roslyn in process, parse, declaration and bind+emit times
/// (median of the passes after one warm-up), then the emitted assembly's methods and IL bytes grouped by member name.
/// Run on ProtoGen's output and on protoc's for the same .proto files (benchmarks/build-time.sh leaves both), it shows
/// which members a clean build pays for. <c>--empty-bodies A,B</c> compiles with those methods' bodies replaced by
/// <c>throw null;</c> (names as in the IL: <c>WriteTo</c>, or <c>IJsonMessage.MergeJson</c> for an explicit
/// implementation), the what-if of generating less.
/// References: the shared framework, ProtoGen.Runtime, Google.Protobuf and Grpc.Core.Api, as this process loads them.
/// Usage: dotnet run -c Release --project benchmarks/ProtoGen.Benchmarks -- --compile-cost &lt;folder&gt; [--passes N]
///        [--empty-bodies Name,Name]
/// </summary>
internal static class CompileCost
{
    public static int Run(string[] args)
    {
        string folder = CommandLine.Value(args, "--compile-cost") ?? throw new ArgumentException("--compile-cost <folder of .cs files>");
        int passes = int.Parse(CommandLine.Value(args, "--passes") ?? "3", System.Globalization.CultureInfo.InvariantCulture);
        var emptied = new HashSet<string>((CommandLine.Value(args, "--empty-bodies") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);

        var sources = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.EndsWith("AssemblyInfo.cs", StringComparison.Ordinal) && !path.EndsWith("AssemblyAttributes.cs", StringComparison.Ordinal)
                && !path.EndsWith("GlobalUsings.g.cs", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(path => (Path: path, Text: File.ReadAllText(path)))
            .ToArray();
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var compilationOptions = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release,
            concurrentBuild: true, nullableContextOptions: NullableContextOptions.Disable, deterministic: true);
        var references = References();
        var rewriter = new EmptyBodies(emptied);

        var parse = new List<double>();
        var declare = new List<double>();
        var emit = new List<double>();
        byte[] image = [];
        for (int pass = 0; pass <= passes; pass++)
        {
            var clock = Stopwatch.StartNew();
            var trees = sources.AsParallel().AsOrdered().Select(s => CSharpSyntaxTree.ParseText(s.Text, options, s.Path)).ToArray();
            if (emptied.Count > 0)
            {
                trees = trees.AsParallel().AsOrdered().Select(t => t.WithRootAndOptions(rewriter.Visit(t.GetRoot()), options)).ToArray();
            }
            double parsed = clock.Elapsed.TotalSeconds;
            var compilation = CSharpCompilation.Create("Generated", trees, references, compilationOptions);
            clock.Restart();
            var declarationErrors = compilation.GetDeclarationDiagnostics().Count(d => d.Severity == DiagnosticSeverity.Error);
            double declared = clock.Elapsed.TotalSeconds;
            clock.Restart();
            using var output = new MemoryStream();
            var result = compilation.Emit(output);
            double emitted = clock.Elapsed.TotalSeconds;
            if (!result.Success)
            {
                foreach (var error in result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10))
                {
                    Console.Error.WriteLine(error);
                }
                return 1;
            }
            Console.Error.WriteLine($"pass {pass}{(pass == 0 ? " (warm-up)" : "")}: parse {parsed:F2} s, declare {declared:F2} s, bind+emit {emitted:F2} s");
            if (pass == 0)
            {
                image = output.ToArray();
                continue;
            }
            parse.Add(parsed);
            declare.Add(declared);
            emit.Add(emitted);
        }

        Console.WriteLine($"{sources.Length} files, {sources.Sum(s => (long)s.Text.Length):N0} characters{(emptied.Count > 0 ? $", bodies emptied: {string.Join(", ", emptied)}" : "")}");
        Console.WriteLine($"median of {passes}: parse {Median(parse):F2} s, declare {Median(declare):F2} s, bind+emit {Median(emit):F2} s, total {Median(parse) + Median(declare) + Median(emit):F2} s");
        PrintMembers(image);
        return 0;
    }

    private static void PrintMembers(byte[] image)
    {
        using var pe = new PEReader(new MemoryStream(image));
        var metadata = pe.GetMetadataReader();
        var groups = new Dictionary<string, (int Count, long Bytes)>(StringComparer.Ordinal);
        long total = 0;
        foreach (var handle in metadata.MethodDefinitions)
        {
            var method = metadata.GetMethodDefinition(handle);
            string name = metadata.GetString(method.Name);
            string key = name.StartsWith("get_", StringComparison.Ordinal) ? "get_*"
                : name.StartsWith("set_", StringComparison.Ordinal) ? "set_*"
                : name.StartsWith('<') ? "<lambdas and local functions>"
                : name.Contains('.', StringComparison.Ordinal) && !name.StartsWith('.') ? name[(name.LastIndexOf('.', name.LastIndexOf('.') - 1) + 1)..]
                : name;
            int bytes = method.RelativeVirtualAddress == 0 ? 0 : pe.GetMethodBody(method.RelativeVirtualAddress).Size;
            total += bytes;
            groups.TryGetValue(key, out var group);
            groups[key] = (group.Count + 1, group.Bytes + bytes);
        }
        Console.WriteLine($"{metadata.TypeDefinitions.Count:N0} types, {metadata.MethodDefinitions.Count:N0} methods, {total / 1024:N0} KB of IL, {image.Length / 1024:N0} KB assembly");
        Console.WriteLine("members by IL (name, methods, KB):");
        foreach (var (name, (count, bytes)) in groups.OrderByDescending(g => g.Value.Bytes).Take(20))
        {
            Console.WriteLine($"  {name,-40} {count,8:N0} {bytes / 1024,7:N0}");
        }
    }

    private static List<MetadataReference> References()
    {
        string framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var references = Directory.EnumerateFiles(framework, "*.dll")
            .Where(IsManaged)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToList();
        foreach (var type in new[] { typeof(global::ProtoGen.IMessage), typeof(global::Google.Protobuf.IMessage), typeof(global::Grpc.Core.Metadata) })
        {
            references.Add(MetadataReference.CreateFromFile(type.Assembly.Location));
        }
        return references;
    }

    private static bool IsManaged(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        return pe.HasMetadata;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Replaces the named methods' bodies with <c>throw null;</c>, which compiles for any signature.</summary>
    private sealed class EmptyBodies(HashSet<string> names) : CSharpSyntaxRewriter
    {
        private static readonly BlockSyntax Throw = SyntaxFactory.Block(SyntaxFactory.ParseStatement("throw null;"));

        public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node)
        {
            string name = node.ExplicitInterfaceSpecifier is { } explicitInterface
                ? Unqualified(explicitInterface.Name) + "." + node.Identifier.Text
                : node.Identifier.Text;
            return names.Contains(name) && (node.Body != null || node.ExpressionBody != null)
                ? node.WithExpressionBody(null).WithSemicolonToken(default).WithBody(Throw)
                : base.VisitMethodDeclaration(node);
        }

        private static string Unqualified(NameSyntax name) => name switch
        {
            QualifiedNameSyntax qualified => Unqualified(qualified.Right),
            AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.Text,
            GenericNameSyntax generic => generic.Identifier.Text,
            SimpleNameSyntax simple => simple.Identifier.Text,
            _ => name.ToString(),
        };
    }
}
