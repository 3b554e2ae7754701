using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using ProtoGen.Compiler.Breaking;
using ProtoGen.TestSupport;

namespace ProtoGen.Compiler.Tests.Breaking;

/// <summary>
/// Real files edited the way people edit them: every field, enum value and rpc of the sample protos (proto2 and proto3,
/// with imports, nested types, maps, oneofs, well-known types and reserved ranges) is in turn deleted, renamed,
/// renumbered, retyped, made repeated or singular, or given another streaming mode, and ProtoGen's findings against the
/// unedited set must be buf's. Edits that do not compile (a field renumbered onto a reserved number...) are skipped,
/// and the test requires most of them to compile and many of them to break something.
/// </summary>
public class SampleProtoEditTests
{
    private static readonly Regex FieldLine = new(@"^(\s*)(optional |repeated |required )?([A-Za-z_][\w.]*) ([a-z_][\w]*) = (\d+)(.*);", RegexOptions.Compiled);
    private static readonly Regex EnumValueLine = new(@"^(\s*)([A-Z][A-Z0-9_]*) = (-?\d+)(.*);", RegexOptions.Compiled);
    private static readonly Regex RpcLine = new(@"^(\s*)rpc (\w+)\((stream )?([\w.]+)\) returns \((stream )?([\w.]+)\)", RegexOptions.Compiled);

    public sealed record Edit(string Name, string Path, string Text)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Edit> Edits() => new(AllEdits());

    private static List<Edit> AllEdits()
    {
        var data = new List<Edit>();
        foreach (var (path, text) in SampleFiles().OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            var lines = text.Split('\n');
            int kind = 0;
            for (int i = 0; i < lines.Length; i++)
            {
                foreach (var (name, replacement) in EditsOf(lines[i], kind))
                {
                    var edited = lines.ToArray();
                    edited[i] = replacement;
                    data.Add(new Edit($"{path}:{i + 1} {name}", path, string.Join("\n", edited)));
                    kind++;
                }
            }
        }
        return data;
    }

    /// <summary>One edit per matching line, the kinds taking turns so each is tried on many lines.</summary>
    private static IEnumerable<(string Name, string Line)> EditsOf(string line, int kind)
    {
        if (FieldLine.Match(line) is { Success: true } field)
        {
            string indent = field.Groups[1].Value, label = field.Groups[2].Value, type = field.Groups[3].Value, name = field.Groups[4].Value,
                number = field.Groups[5].Value, rest = field.Groups[6].Value;
            yield return (kind % 6) switch
            {
                0 => ("field deleted", ""),
                1 => ("field renamed", $"{indent}{label}{type} {name}_renamed = {number}{rest};"),
                2 => ("field renumbered", $"{indent}{label}{type} {name} = {int.Parse(number) + 1000}{rest};"),
                3 => ("field retyped", $"{indent}{label}{Retype(type)} {name} = {number}{rest};"),
                4 => ("label changed", $"{indent}{(label == "repeated " ? "" : "repeated ")}{type} {name} = {number}{rest};"),
                _ => ("json_name set", $"{indent}{label}{type} {name} = {number} [json_name = \"x{name}\"];"),
            };
        }
        else if (EnumValueLine.Match(line) is { Success: true } value)
        {
            string indent = value.Groups[1].Value, name = value.Groups[2].Value, number = value.Groups[3].Value, rest = value.Groups[4].Value;
            yield return (kind % 3) switch
            {
                0 => ("enum value deleted", ""),
                1 => ("enum value renamed", $"{indent}{name}_RENAMED = {number}{rest};"),
                _ => ("enum value renumbered", $"{indent}{name} = {int.Parse(number) + 100}{rest};"),
            };
        }
        else if (RpcLine.Match(line) is { Success: true } rpc)
        {
            yield return (kind % 2) switch
            {
                0 => ("rpc streaming toggled", line.Replace(rpc.Value,
                    $"{rpc.Groups[1].Value}rpc {rpc.Groups[2].Value}({(rpc.Groups[3].Length > 0 ? "" : "stream ")}{rpc.Groups[4].Value}) returns ({rpc.Groups[5].Value}{rpc.Groups[6].Value})")),
                _ => ("rpc request and response swapped", line.Replace(rpc.Value,
                    $"{rpc.Groups[1].Value}rpc {rpc.Groups[2].Value}({rpc.Groups[3].Value}{rpc.Groups[6].Value}) returns ({rpc.Groups[5].Value}{rpc.Groups[4].Value})")),
            };
        }
    }

    private static string Retype(string type) => type switch
    {
        "int32" => "int64",
        "int64" => "string",
        "uint32" => "uint64",
        "string" => "bytes",
        "bytes" => "string",
        "bool" => "int32",
        "double" => "float",
        "float" => "double",
        _ => "string",
    };

    private static readonly Lazy<(TempDirectory Folder, string Image, BaselineSet Baseline)> Unedited = new(() =>
    {
        var folder = new TempDirectory();
        var module = BufBreaking.WriteModule(folder.Path, "before", SampleFiles());
        var image = Path.Combine(folder.Path, "before.binpb");
        var build = BufTool.Run(module, "build", "-o", image);
        Assert.True(build.ExitCode == 0, "buf build failed: " + build.Error);
        return (folder, image, DescriptorSetReader.Read(File.ReadAllBytes(image)));
    });

    [Theory]
    [MemberData(nameof(Edits))]
    public void An_edit_of_a_sample_proto_gets_bufs_verdict(Edit edit)
    {
        var files = SampleFiles();
        files[edit.Path] = edit.Text;
        if (!Compiles(files)) return;

        using var folder = new TempDirectory();
        var module = BufBreaking.WriteModule(folder.Path, "after", files);
        var buf = BufTool.Run(module, "breaking", "--against", Unedited.Value.Image, "--error-format", "json");
        Assert.True(buf.ExitCode is 0 or 100, $"buf breaking failed ({buf.ExitCode}): {buf.Error}{buf.Output}");

        var ours = BreakingHarness.Check(Unedited.Value.Baseline, files).Select(BufBreaking.ToFinding).ToList();
        BufBreaking.AssertSameFindings(BufBreaking.ParseFindings(buf.Output), ours);
    }

    [Fact]
    public void Most_edits_compile_and_many_break_something()
    {
        var edits = AllEdits();
        var compiling = edits.Where(e =>
        {
            var files = SampleFiles();
            files[e.Path] = e.Text;
            return Compiles(files);
        }).ToList();
        Assert.True(edits.Count >= 60, $"only {edits.Count} edits");
        Assert.True(compiling.Count * 4 >= edits.Count * 3, $"only {compiling.Count} of {edits.Count} edits compile");
        int breaking = compiling.Count(e =>
        {
            var files = SampleFiles();
            files[e.Path] = e.Text;
            return BreakingHarness.Check(BreakingHarness.FromSources(SampleFiles()), files).Count > 0;
        });
        Assert.True(breaking * 2 >= compiling.Count, $"only {breaking} of {compiling.Count} compiling edits break something");
    }

    private static bool Compiles(Dictionary<string, string> files)
    {
        var parsed = files.ToDictionary(f => f.Key, f => ProtoCompiler.Parse(f.Key, f.Value));
        return files.Keys.All(path => !ProtoCompiler.Bind(path, parsed).HasErrors);
    }

    private static Dictionary<string, string> SampleFiles([CallerFilePath] string thisFile = "")
    {
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "sample-protos"));
        return Directory.GetFiles(root, "*.proto", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText);
    }
}
