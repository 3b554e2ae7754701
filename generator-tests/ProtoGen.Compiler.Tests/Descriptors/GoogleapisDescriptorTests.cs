using System.Diagnostics;
using System.Text;
using ProtoGen.Compiler.Descriptors;
using ProtoGen.Compiler.Diagnostics;
using ProtoGen.TestSupport;
using Xunit.Abstractions;

namespace ProtoGen.Compiler.Tests.Descriptors;

/// <summary>
/// A large real-world set: the 322 googleapis files of npm google-proto-files 6.0.1 that benchmarks/googleapis.sh
/// selects (api, type, rpc, longrunning, iam, spanner, firestore, pubsub, storage and twenty more folders), compiled
/// by Grpc.Tools' protoc in one run (<c>--include_imports --descriptor_set_out</c>), and each file's
/// FileDescriptorProto compared byte for byte with <see cref="DescriptorWriter"/>'s from our own front end's model.
/// The set is fetched on first use (npm, pinned, into the git-ignored benchmarks/.googleapis/), as the buf tests
/// fetch buf; .ci/run fetches it before the tests.
/// </summary>
public class GoogleapisDescriptorTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_googleapis_file_is_written_as_protoc_writes_it()
    {
        string root = FetchSet();
        try
        {
            CompareAll(root);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private void CompareAll(string root)
    {
        var paths = Directory.GetFiles(root, "*.proto", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(322, paths.Length);

        using var temp = new TempFile();
        var run = ProtocTool.Run(["-I" + root, "-I" + ProtocTool.Include, "--include_imports", "--descriptor_set_out=" + temp.Path, .. paths]);
        Assert.True(run.ExitCode == 0, "protoc failed: " + run.Error);
        var protocs = SplitSet(File.ReadAllBytes(temp.Path));
        Assert.All(paths, p => Assert.True(protocs.ContainsKey(p), p + " is not in protoc's set"));

        var parsed = paths.ToDictionary(p => p, p => ProtoCompiler.Parse(p, File.ReadAllText(Path.Combine(root, p))), StringComparer.Ordinal);
        var rejected = new List<string>();
        var differences = new List<string>();
        int compared = 0;
        foreach (var path in paths)
        {
            var bound = ProtoCompiler.Bind(path, parsed, checkCSharp: false);
            if (bound.HasErrors || bound.File is null)
            {
                rejected.Add(path + ": " + string.Join("; ", bound.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Code + " " + d.Message)));
                continue;
            }
            var ours = DescriptorWriter.Write(bound.File, bound.Dependencies);
            compared++;
            if (!ours.AsSpan().SequenceEqual(protocs[path])) differences.Add(path + ": " + WireDiff.FirstDifference(protocs[path], ours));
        }

        output.WriteLine($"{compared} of {paths.Length} files compared, {differences.Count} differ, {rejected.Count} rejected by the front end");
        foreach (var line in rejected) output.WriteLine("rejected: " + line);
        foreach (var line in differences) output.WriteLine("differs: " + line);
        Assert.True(differences.Count == 0, $"{differences.Count} of {compared} files differ from protoc's:\n" + string.Join("\n", differences));
        // Files our front end rejects are errors of its own (reported elsewhere); they must stay few, and are listed above.
        Assert.True(rejected.Count == 0, $"{rejected.Count} files rejected:\n" + string.Join("\n", rejected));
    }

    /// <summary>The assembly marks' minimal text (<see cref="Compiler.Syntax.MinimalText"/>) on the real-world set: every
    /// file binds from it to the same descriptor as from the file as written, and an importer whose imports come
    /// from minimal texts emits the same code and diagnostics as from the files as written.</summary>
    [Fact]
    public void Every_googleapis_file_binds_from_its_minimal_text_as_from_the_file_as_written()
    {
        string root = FetchSet();
        try
        {
            var written = Directory.GetFiles(root, "*.proto", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);
            Assert.Equal(322, written.Count);
            var minimal = written.ToDictionary(p => p.Key, p => Compiler.Syntax.MinimalText.Of(p.Value), StringComparer.Ordinal);
            // Each one line: none fell back to the text as written.
            Assert.All(minimal, p => Assert.DoesNotContain('\n', p.Value));
            var parsedWritten = written.ToDictionary(p => p.Key, p => ProtoCompiler.Parse(p.Key, p.Value), StringComparer.Ordinal);
            var parsedMinimal = minimal.ToDictionary(p => p.Key, p => ProtoCompiler.Parse(p.Key, p.Value), StringComparer.Ordinal);
            var options = EmitOptions.Default with { GrpcServices = GrpcServices.Both };
            var differences = new List<string>();
            foreach (var path in written.Keys.OrderBy(p => p, StringComparer.Ordinal))
            {
                var asWritten = ProtoCompiler.Bind(path, parsedWritten);
                Assert.False(asWritten.HasErrors || asWritten.File is null, path + ": " + string.Join("; ", asWritten.Diagnostics));
                var fromMinimal = ProtoCompiler.Bind(path, parsedMinimal);
                if (fromMinimal.File is null || !DescriptorWriter.Write(asWritten.File!, asWritten.Dependencies).AsSpan()
                        .SequenceEqual(DescriptorWriter.Write(fromMinimal.File, fromMinimal.Dependencies)))
                {
                    differences.Add(path + ": descriptor");
                    continue;
                }
                var importsMinimal = new Dictionary<string, Compiler.Syntax.ParsedFile>(parsedMinimal, StringComparer.Ordinal) { [path] = parsedWritten[path] };
                var importer = ProtoCompiler.Bind(path, importsMinimal);
                if (!asWritten.Diagnostics.Select(d => d.Code + d.Message).SequenceEqual(importer.Diagnostics.Select(d => d.Code + d.Message))
                    || ProtoCompiler.Emit(asWritten.File!, asWritten.Dependencies, options).Source != ProtoCompiler.Emit(importer.File!, importer.Dependencies, options).Source)
                {
                    differences.Add(path + ": importer's code or diagnostics");
                }
            }
            long writtenChars = written.Values.Sum(t => (long)t.Length), minimalChars = minimal.Values.Sum(t => (long)t.Length);
            output.WriteLine($"{written.Count} files: {writtenChars:N0} characters as written, {minimalChars:N0} minimal ({(double)minimalChars / writtenChars:P1})");
            Assert.True(differences.Count == 0, string.Join("\n", differences));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The FileDescriptorProtos of a FileDescriptorSet (field 1, repeated), keyed by their name (field 1).</summary>
    private static Dictionary<string, byte[]> SplitSet(byte[] set)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        int position = 0;
        while (position < set.Length)
        {
            Assert.Equal(0x0A, set[position++]);
            int length = ReadVarint(set, ref position);
            var file = set.AsSpan(position, length).ToArray();
            position += length;
            int inner = 0;
            Assert.Equal(0x0A, file[inner++]);
            int nameLength = ReadVarint(file, ref inner);
            files.Add(Encoding.UTF8.GetString(file, inner, nameLength), file);
        }
        return files;
    }

    private static int ReadVarint(byte[] bytes, ref int position)
    {
        int value = 0, shift = 0;
        while (true)
        {
            byte b = bytes[position++];
            value |= (b & 0x7F) << shift;
            if (b < 0x80) return value;
            shift += 7;
        }
    }

    /// <summary>benchmarks/googleapis.sh into a folder of this run (it checks the count of files it copies).</summary>
    private static string FetchSet()
    {
        string repo = RepoRoot();
        string target = Path.Combine(Path.GetTempPath(), "protogen-googleapis-" + Environment.ProcessId);
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(repo, "benchmarks", "googleapis.sh"));
        start.ArgumentList.Add(target);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("benchmarks/googleapis.sh ran longer than 5 minutes");
        }
        Assert.True(process.ExitCode == 0, "benchmarks/googleapis.sh failed: " + stderr.Result);
        return stdout.Result.Trim();
    }

    private static string RepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ProtoGen.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("ProtoGen.sln not found above " + AppContext.BaseDirectory);
    }

    private sealed class TempFile : IDisposable
    {
        public string Path { get; } = System.IO.Path.GetTempFileName();
        public void Dispose() => File.Delete(Path);
    }
}
