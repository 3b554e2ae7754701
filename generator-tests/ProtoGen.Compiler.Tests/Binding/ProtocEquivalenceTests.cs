using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using ProtoGen.Compiler.Syntax;
using ProtoGen.Compiler.Tests.Syntax;
using ProtoGen.Compiler.WellKnownTypes;

namespace ProtoGen.Compiler.Tests.Binding;

/// <summary>
/// The parser and binder must produce what protoc produces: each file is compiled by protoc (from the Grpc.Tools
/// package) with <c>--include_source_info</c>, decoded to text, and compared with our model written the same way
/// (everything but options), and comment by comment.
/// </summary>
public class ProtocEquivalenceTests
{
    public static TheoryData<string> SampleProtos()
    {
        var data = new TheoryData<string>();
        var root = SampleProtosRoot();
        foreach (var file in Directory.GetFiles(root, "*.proto", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(root, file).Replace('\\', '/'));
        }
        return data;
    }

    public static TheoryData<string> WellKnownTypes() => new(WellKnownTypeSources.Paths);

    [Theory]
    [MemberData(nameof(SampleProtos))]
    public void Sample_protos_bind_to_what_protoc_produces(string path)
    {
        var root = SampleProtosRoot();
        var files = Directory.GetFiles(root, "*.proto", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText);
        AssertSameAsProtoc(path, files);
    }

    [Theory]
    [MemberData(nameof(WellKnownTypes))]
    public void Well_known_types_bind_to_what_protoc_produces(string path)
    {
        AssertSameAsProtoc(path, new Dictionary<string, string>());
    }

    [Fact]
    public void Proto2_kitchen_sink_binds_to_what_protoc_produces()
    {
        AssertSameAsProtoc("acme/kitchen/v1/kitchen.proto", new Dictionary<string, string>
        {
            ["acme/kitchen/v1/kitchen.proto"] = SampleSources.Proto2Kitchen,
            ["acme/kitchen/v1/units.proto"] = SampleSources.Units,
        });
    }

    [Fact]
    public void Proto3_store_binds_to_what_protoc_produces()
    {
        AssertSameAsProtoc("store.proto", new Dictionary<string, string> { ["store.proto"] = SampleSources.Proto3Store });
    }

    [Fact]
    public void Editions_file_binds_to_what_protoc_produces()
    {
        AssertSameAsProtoc("ed.proto", new Dictionary<string, string>
        {
            ["ed.proto"] = """
                edition = "2023";
                package ed;
                option features.field_presence = IMPLICIT;
                // A message.
                message M {
                  int32 a = 1;
                  int32 b = 2 [features.field_presence = EXPLICIT];
                  int32 c = 3 [features.field_presence = LEGACY_REQUIRED];
                  M child = 4 [features.message_encoding = DELIMITED];
                  repeated int32 d = 5 [features.repeated_field_encoding = EXPANDED];
                  map<string, int32> e = 6;
                  oneof o { string f = 7; }
                  reserved g, h;
                  enum E { option features.enum_type = CLOSED; X = 1; }
                  E en = 8 [default = X, features.field_presence = EXPLICIT];
                }
                """,
        });
    }

    [Fact]
    public void Edition_2024_file_with_visibility_and_option_imports_binds_to_what_protoc_produces()
    {
        AssertSameAsProtoc("e24.proto", new Dictionary<string, string>
        {
            ["opt/q.proto"] = """
                edition = "2023";
                package q;
                import "google/protobuf/descriptor.proto";
                extend google.protobuf.MessageOptions { int32 o = 50000; }
                """,
            ["e24.proto"] = """
                edition = "2024";
                package p;
                import option "opt/q.proto";
                export message M { option (q.o) = 1; local message N {} }
                local enum E { A = 0; }
                """,
        });
    }

    [Fact]
    public void Proto3_option_extensions_bind_to_what_protoc_produces()
    {
        AssertSameAsProtoc("ext3.proto", new Dictionary<string, string>
        {
            ["ext3.proto"] = """
                syntax = "proto3";
                import "google/protobuf/descriptor.proto";
                extend google.protobuf.FieldOptions { optional int32 x = 50000; int32 y = 50001; }
                message M {
                  extend google.protobuf.FieldOptions { optional string z = 50002; }
                  int32 a = 1 [(x) = 5, (z) = "q"];
                }
                """,
        });
    }

    [Fact]
    public void A_block_comment_before_the_first_token_on_its_line_leads_it_as_in_protoc()
    {
        AssertSameAsProtoc("first.proto", new Dictionary<string, string> { ["first.proto"] = "/* lead */syntax = \"proto3\"; /* trail */ message M {}\n" });
    }

    [Fact]
    public void Comment_placements_match_protoc()
    {
        const string text = """
            // file detached

            /* file leading */
            syntax = "proto3"; /* syntax trailing */
            // detached after syntax

            // detached 2

            // message leading
            message A { // message trailing
              // field leading
              int32 a = 1; // field trailing
              // more trailing? no: leading of b
              int32 b = 2;
              /* block */ int32 c = 3; // c trailing
              int32 d = 4; /* d trailing
              spans lines */
              // orphan at end of scope
            }
            message B {} // B trailing
            // B trailing continued? no, leading of C

            message C {
              int32 x = 1;

              // floating

              int32 y = 2;
            } message D {}
            enum E {
              E0 = 0; // e0
              // e1 leading
              E1 = 1;
            }
            //   indented text kept
            //no space
            message F {}
            message G {
              int32 a = 1; /* block then line */ // line
              int32 b = 2; /* two */ /* blocks */
              int32 c = 3; /* three */ /* blocks */ // and a line
              int32 d = 4; /* block then token */ int32 e = 5;
              int32 f = 6; /* block alone */
              /* next */
              int32 g = 7;
            }
            """;
        int compared = AssertSameAsProtoc("comments.proto", new Dictionary<string, string> { ["comments.proto"] = text });
        Assert.True(compared >= 10, $"only {compared} commented elements compared");
    }

    /// <summary>Compares, and returns how many commented elements were compared.</summary>
    private static int AssertSameAsProtoc(string path, Dictionary<string, string> sources)
    {
        var protoc = Protoc.Compile(path, sources);

        var parsed = sources.ToDictionary(s => s.Key, s => ProtoCompiler.Parse(s.Key, s.Value));
        var result = ProtoCompiler.Bind(path, parsed);
        Assert.True(result.Diagnostics.IsEmpty, "Unexpected diagnostics:\n" + string.Join("\n", result.Diagnostics));
        Assert.NotNull(result.File);

        Assert.Equal(protoc.Descriptor, DescriptorText.Write(result.File!));
        var ours = DescriptorText.Comments(result.File!, out var elementPaths);
        var theirs = protoc.Comments.Where(c => elementPaths.Contains(c.Substring(0, c.IndexOf(':')))).ToList();
        Assert.Equal(string.Join("\n", theirs), string.Join("\n", ours));
        return ours.Count;
    }

    private static string SampleProtosRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "sample-protos"));
}

/// <summary>Runs protoc from the Grpc.Tools package (restored by the compiler project) and reads its descriptors back as text.</summary>
internal static class Protoc
{
    public sealed record Output(string Descriptor, List<string> Comments);

    private static readonly Lazy<(string Exe, string Include)> Location = new(Find);

    private static (string Exe, string Include) Find()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var toolDirectory = Directory.GetDirectories(Path.Combine(packages, "grpc.tools")).OrderByDescending(d => d, StringComparer.Ordinal).First();
        string platform = OperatingSystem.IsWindows() ? "windows_x64" : OperatingSystem.IsMacOS() ? "macosx_x64" : "linux_x64";
        var exe = Path.Combine(toolDirectory, "tools", platform, OperatingSystem.IsWindows() ? "protoc.exe" : "protoc");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(exe, File.GetUnixFileMode(exe) | UnixFileMode.UserExecute);
        return (exe, Path.Combine(toolDirectory, "build", "native", "include"));
    }

    public static Output Compile(string path, Dictionary<string, string> sources)
    {
        var (exe, include) = Location.Value;
        var directory = Path.Combine(Path.GetTempPath(), "protogen-protoc-" + Guid.NewGuid().ToString("N"));
        try
        {
            foreach (var (name, text) in sources)
            {
                var file = Path.Combine(directory, name);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, text);
            }
            Directory.CreateDirectory(directory);
            var set = Path.Combine(directory, "set.pb");
            Run(exe, new[] { "-I" + directory, "-I" + include, "--include_imports", "--include_source_info", "--descriptor_set_out=" + set, path }, null);
            var decoded = Run(exe, new[] { "-I" + include, "--decode=google.protobuf.FileDescriptorSet", "google/protobuf/descriptor.proto" }, File.ReadAllBytes(set));
            return Parse(decoded, path);
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    private static string Run(string exe, string[] arguments, byte[]? input)
    {
        var start = new ProcessStartInfo(exe)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        if (input is not null) process.StandardInput.BaseStream.Write(input);
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, "protoc failed: " + error.Result);
        return output;
    }

    /// <summary>Picks the file's block out of the set, drops options and source info, and lists the source info's comments.</summary>
    private static Output Parse(string text, string path)
    {
        var lines = text.Split('\n');
        int start = -1;
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i] == "file {" && lines[i + 1] == $"  name: {DescriptorText.Quote(path)}")
            {
                start = i;
                break;
            }
        }
        Assert.True(start >= 0, "protoc's output has no " + path);

        var descriptor = new StringBuilder();
        var comments = new List<string>();
        for (int i = start; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.TrimStart();
            if (trimmed == "options {" || trimmed == "source_code_info {")
            {
                int end = SkipBlock(lines, i);
                if (trimmed == "source_code_info {") ReadComments(lines, i + 1, end, comments);
                i = end;
                continue;
            }
            // The model has no place for edition 2024's symbol visibility and option imports.
            if (trimmed.StartsWith("visibility: ", StringComparison.Ordinal) || trimmed.StartsWith("option_dependency: ", StringComparison.Ordinal)) continue;
            descriptor.Append(line).Append('\n');
            if (line == "}") break;
        }
        comments.Sort(StringComparer.Ordinal);
        return new Output(descriptor.ToString(), comments);
    }

    private static int SkipBlock(string[] lines, int open)
    {
        var indent = lines[open].Length - lines[open].TrimStart().Length;
        var close = new string(' ', indent) + "}";
        for (int i = open + 1; i < lines.Length; i++)
        {
            if (lines[i] == close) return i;
        }
        return lines.Length - 1;
    }

    private static void ReadComments(string[] lines, int from, int to, List<string> comments)
    {
        var path = new List<string>();
        string? leading = null;
        string? trailing = null;
        var detached = new List<string>();
        for (int i = from; i < to; i++)
        {
            var line = lines[i].Trim();
            if (line == "location {")
            {
                path.Clear();
                leading = trailing = null;
                detached.Clear();
            }
            else if (line.StartsWith("path: ", StringComparison.Ordinal)) path.Add(line.Substring(6));
            else if (line.StartsWith("leading_comments: ", StringComparison.Ordinal)) leading = line.Substring(18);
            else if (line.StartsWith("trailing_comments: ", StringComparison.Ordinal)) trailing = line.Substring(19);
            else if (line.StartsWith("leading_detached_comments: ", StringComparison.Ordinal)) detached.Add(line.Substring(27));
            else if (line == "}" && (leading is not null || trailing is not null || detached.Count > 0))
            {
                comments.Add($"{string.Join(" ", path)}: {leading ?? "-"} | {trailing ?? "-"} | {string.Join(", ", detached)}");
                leading = trailing = null;
                detached.Clear();
            }
        }
    }
}
