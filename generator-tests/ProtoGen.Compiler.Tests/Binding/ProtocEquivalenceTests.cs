using System.Runtime.CompilerServices;
using System.Text;
using ProtoGen.Compiler.Syntax;
using ProtoGen.Compiler.Tests.Syntax;
using ProtoGen.Compiler.Model;
using ProtoGen.Compiler.WellKnownTypes;
using ProtoGen.Protoc.Descriptors;
using ProtoGen.Protoc.Mapping;
using ProtoGen.TestSupport;

namespace ProtoGen.Compiler.Tests.Binding;

/// <summary>
/// The parser and binder must produce what protoc produces: each file is compiled by protoc (from the Grpc.Tools
/// package) with <c>--include_imports --include_source_info</c>, the descriptor set is mapped into the model by the
/// plugin's <see cref="DescriptorMapper"/>, and the two models must be equal, record for record (options compared as
/// <see cref="OptionComparison"/> says).
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
            ["ed.proto"] = SampleSources.Editions,
        });
    }

    [Fact]
    public void Edition_2024_file_with_visibility_and_option_imports_binds_to_what_protoc_produces()
    {
        AssertSameAsProtoc("e24.proto", new Dictionary<string, string>
        {
            ["opt/q.proto"] = SampleSources.OptionImportTarget,
            ["e24.proto"] = SampleSources.Edition2024,
        });
    }

    [Fact]
    public void Proto3_option_extensions_bind_to_what_protoc_produces()
    {
        AssertSameAsProtoc("ext3.proto", new Dictionary<string, string>
        {
            ["ext3.proto"] = SampleSources.Proto3OptionExtensions,
        });
    }

    [Fact]
    public void Options_of_every_kind_and_shape_bind_to_what_protoc_produces()
    {
        AssertSameAsProtoc("opts.proto", new Dictionary<string, string>
        {
            ["opts.proto"] = SampleSources.OptionsOfEveryKind,
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
        var theirs = ProtocModel(path, sources);

        var parsed = sources.ToDictionary(s => s.Key, s => ProtoCompiler.Parse(s.Key, s.Value));
        var result = ProtoCompiler.Bind(path, parsed, checkCSharp: false);
        Assert.True(result.Diagnostics.IsEmpty, "Unexpected diagnostics:\n" + string.Join("\n", result.Diagnostics));
        var ours = OptionComparison.Normalize(result.File!);
        Assert.NotNull(ours);

        // Readable differences first (structure and options as text, then comments), then every field of every record.
        Assert.Equal(DescriptorText.Write(theirs), DescriptorText.Write(ours));
        var ourComments = DescriptorText.Comments(ours, out _);
        Assert.Equal(string.Join("\n", DescriptorText.Comments(theirs, out _)), string.Join("\n", ourComments));
        Assert.Equal(theirs, ours);
        return ourComments.Count;
    }

    /// <summary>protoc's descriptor set for the file and its imports, mapped into the model as the plugin maps requests.</summary>
    private static FileModel ProtocModel(string path, Dictionary<string, string> sources)
    {
        var set = FileDescriptorSet.Parser.ParseFrom(ProtocTool.CompileToDescriptorSet(path, sources));
        var models = DescriptorMapper.Map(set.File);
        return OptionComparison.Normalize(models.Single(m => m.Name == path));
    }

    private static string SampleProtosRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "sample-protos"));
}
