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
    public void Options_of_every_kind_and_shape_bind_to_what_protoc_produces()
    {
        AssertSameAsProtoc("opts.proto", new Dictionary<string, string>
        {
            ["opts.proto"] = """
                syntax = "proto2";
                package opts.v1;
                import "google/protobuf/descriptor.proto";
                option java_package = "com.example.opts";
                option optimize_for = CODE_SIZE;
                option (file_tag) = "f\x01\"q\u00e9";
                enum Level { LOW = 1; HIGH = 2; }
                message Sub {
                  optional int32 a = 1;
                  optional string b = 2;
                  repeated int32 c = 3;
                  optional Sub inner = 4;
                  optional Level level = 5;
                  extensions 100 to 200;
                }
                extend Sub { optional int64 sub_ext = 100; }
                extend google.protobuf.FileOptions { optional string file_tag = 50000; }
                extend google.protobuf.MessageOptions {
                  repeated int32 rep = 50000;
                  optional Sub sub = 50001;
                  optional double dbl = 50002;
                  optional float flt = 50003;
                  optional sint32 zig = 50004;
                  optional uint64 big = 50005;
                  optional bool flag = 50006;
                  optional Level level = 50007;
                  optional bytes raw = 50008;
                  optional fixed32 fx = 50009;
                  optional sfixed64 sfx = 50010;
                  optional double pinf = 50011;
                  optional double ninf = 50012;
                }
                extend google.protobuf.FieldOptions { optional Sub field_sub = 50000; }
                extend google.protobuf.EnumValueOptions { optional int32 weight = 50000; }
                extend google.protobuf.ServiceOptions { optional string owner = 50000; }
                extend google.protobuf.MethodOptions { optional bool audited = 50000; }
                extend google.protobuf.OneofOptions { optional int32 oneof_tag = 50000; }
                message M {
                  option (rep) = 1;
                  option deprecated = true;
                  option (sub).a = -5;
                  option (rep) = 2;
                  option (sub).c = 7;
                  option (sub).inner.b = "deep";
                  option (dbl) = 2.5;
                  option (flt) = 0.1;
                  option (zig) = -3;
                  option (big) = 18446744073709551615;
                  option (flag) = true;
                  option (level) = HIGH;
                  option (raw) = "\001\377";
                  option (fx) = 4294967295;
                  option (sfx) = -9223372036854775808;
                  option (pinf) = inf;
                  option (ninf) = -inf;
                  optional int32 f = 1 [default = 4, json_name = "q", packed = false, ctype = CORD, deprecated = true];
                  optional Sub s = 2 [(field_sub) = { a: 1, c: [1, 2], inner { b: 'x' "y" }, [opts.v1.sub_ext]: 9, level: LOW }];
                  oneof choice {
                    option (oneof_tag) = 3;
                    int32 x = 3;
                  }
                  extensions 1000 to 2000 [verification = UNVERIFIED];
                }
                enum Color {
                  option allow_alias = true;
                  RED = 1 [(weight) = 10, deprecated = true];
                  CRIMSON = 1;
                }
                service S {
                  option (owner) = "team";
                  rpc Call(M) returns (M) { option (audited) = true; option idempotency_level = NO_SIDE_EFFECTS; }
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
