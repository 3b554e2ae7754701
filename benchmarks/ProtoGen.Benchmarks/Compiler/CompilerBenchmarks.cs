using BenchmarkDotNet.Attributes;
using ProtoGen.Compiler;
using ProtoGen.Compiler.Syntax;
using ProtoGen.Compiler.WellKnownTypes;

namespace ProtoGen.Benchmarks.Compiler;

/// <summary>
/// The generator's own speed: parse, bind and emit every .proto of sample-protos/ and benchmarks/protos/ plus the
/// well-known types, in process. benchmarks/protoc-time.sh times `protoc --csharp_out` on the same files.
/// </summary>
[MemoryDiagnoser]
public class CompilerBenchmarks
{
    private (string Path, string Text)[] _sources = [];

    [GlobalSetup]
    public void Setup() => _sources = ProtoSources.Load();

    [Benchmark]
    public int ParseBindEmit_AllFiles()
    {
        var parsed = new Dictionary<string, ParsedFile>(StringComparer.Ordinal);
        foreach (var (path, text) in _sources)
        {
            parsed.Add(path, ProtoCompiler.Parse(path, text));
        }

        int characters = 0;
        foreach (var (path, _) in _sources)
        {
            var bound = ProtoCompiler.Bind(path, parsed);
            if (bound.File is null || bound.HasErrors)
            {
                throw new InvalidOperationException($"{path} does not bind: {bound.Diagnostics.FirstOrDefault()}");
            }
            characters += ProtoCompiler.Emit(bound.File, bound.Dependencies, EmitOptions.Default).Source.Length;
        }
        return characters;
    }
}

/// <summary>The .proto files the compiler benchmark and protoc-time.sh both compile.</summary>
internal static class ProtoSources
{
    public static (string Path, string Text)[] Load()
    {
        string root = RepositoryRoot();
        var files = new List<(string, string)>();
        foreach (string folder in new[] { "sample-protos", "benchmarks/protos" })
        {
            string directory = Path.Combine(root, folder);
            foreach (string file in Directory.EnumerateFiles(directory, "*.proto", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                files.Add((Path.GetRelativePath(directory, file).Replace('\\', '/'), File.ReadAllText(file)));
            }
        }
        foreach (string path in WellKnownTypeSources.Paths)
        {
            files.Add((path, WellKnownTypeSources.GetText(path)!));
        }
        return files.ToArray();
    }

    // BenchmarkDotNet runs the benchmark from a generated project under bin/, so look upwards for the solution.
    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ProtoGen.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("ProtoGen.sln not found above " + AppContext.BaseDirectory);
    }
}
