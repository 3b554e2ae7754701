using System.Diagnostics;
using ProtoGen.Compiler;
using ProtoGen.Compiler.Model;
using ProtoGen.Compiler.Syntax;

namespace ProtoGen.Benchmarks.Compiler;

/// <summary>
/// The generator's own time per phase over a folder of .proto files, in process: parse every file, bind every file
/// (each against all parsed files, as the source generator binds it), emit every file with gRPC stubs; and the parse
/// again as the source generator's parse step runs it, which also makes each file's minimal text for the assembly marks
/// (<see cref="MinimalText"/>) from the same tokens. Median of
/// several passes after a warm-up pass; benchmarks/build-time.sh prints it beside protoc's time for the same files.
/// Usage: dotnet run -c Release --project benchmarks/ProtoGen.Benchmarks -- --phases &lt;folder&gt; [--passes N] [--out &lt;folder&gt;]
/// (<c>--out</c> also writes each emitted file there, by its hint name, to compare with protoc's output)
/// </summary>
internal static class Phases
{
    public static int Run(string[] args)
    {
        int at = Array.IndexOf(args, "--phases");
        string folder = args[at + 1];
        int passesAt = Array.IndexOf(args, "--passes");
        int passes = passesAt >= 0 ? int.Parse(args[passesAt + 1], System.Globalization.CultureInfo.InvariantCulture) : 5;
        var sources = Directory.EnumerateFiles(folder, "*.proto", SearchOption.AllDirectories)
            .Select(path => (Path: Path.GetRelativePath(folder, path).Replace('\\', '/'), Text: File.ReadAllText(path)))
            .OrderBy(p => p.Path, StringComparer.Ordinal)
            .ToArray();
        int outAt = Array.IndexOf(args, "--out");
        string? output = outAt >= 0 ? args[outAt + 1] : null;
        var options = EmitOptions.Default with { GrpcServices = GrpcServices.Both };

        var parse = new List<double>();
        var bind = new List<double>();
        var emit = new List<double>();
        var marks = new List<double>(); // parse with the minimal text
        long characters = 0, markCharacters = 0;
        for (int pass = 0; pass <= passes; pass++)
        {
            var stopwatch = Stopwatch.StartNew();
            var parsed = new Dictionary<string, ParsedFile>(StringComparer.Ordinal);
            foreach (var (path, text) in sources) parsed.Add(path, ProtoCompiler.Parse(path, text));
            double parseMs = stopwatch.Elapsed.TotalMilliseconds;

            stopwatch.Restart();
            var bound = new List<BindResult>(sources.Length);
            foreach (var (path, _) in sources)
            {
                var result = ProtoCompiler.Bind(path, parsed);
                if (result.File is null || result.HasErrors)
                {
                    throw new InvalidOperationException($"{path} does not bind: {result.Diagnostics.FirstOrDefault()}");
                }
                bound.Add(result);
            }
            double bindMs = stopwatch.Elapsed.TotalMilliseconds;

            stopwatch.Restart();
            var emitted = new List<GeneratedFile>(bound.Count);
            foreach (var result in bound) emitted.Add(ProtoCompiler.Emit(result.File!, result.Dependencies, options));
            double emitMs = stopwatch.Elapsed.TotalMilliseconds;
            characters = emitted.Sum(file => (long)file.Source.Length);

            stopwatch.Restart();
            markCharacters = 0;
            foreach (var (path, text) in sources)
            {
                ProtoCompiler.Parse(path, text, out var minimal);
                markCharacters += minimal.Length;
            }
            double marksMs = stopwatch.Elapsed.TotalMilliseconds;
            if (output is not null && pass == passes)
            {
                Directory.CreateDirectory(output);
                foreach (var file in emitted) File.WriteAllText(Path.Combine(output, file.HintName), file.Source);
            }

            if (pass == 0) continue; // warm-up: JIT
            parse.Add(parseMs);
            bind.Add(bindMs);
            emit.Add(emitMs);
            marks.Add(marksMs);
        }
        static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        Console.WriteLine($"{sources.Length} files, {passes} passes (medians): parse {Median(parse):F0} ms, bind {Median(bind):F0} ms, " +
            $"emit {Median(emit):F0} ms, total {Median(parse) + Median(bind) + Median(emit):F0} ms; {characters:N0} characters of C#; " +
            $"parse with the marks' minimal text {Median(marks):F0} ms ({markCharacters:N0} of {sources.Sum(s => (long)s.Text.Length):N0} characters)");
        return 0;
    }
}
