using System.Runtime.CompilerServices;
using ProtoGen.Compiler.Descriptors;
using ProtoGen.Compiler.Tests.Syntax;
using ProtoGen.Compiler.WellKnownTypes;
using ProtoGen.Protoc.Descriptors;
using ProtoGen.Protoc.Mapping;
using ProtoGen.TestSupport;

namespace ProtoGen.Compiler.Tests.Descriptors;

/// <summary>
/// The FileDescriptorProto bytes the descriptor writer produces from the bound model must be exactly the bytes
/// <c>protoc --descriptor_set_out</c> (Grpc.Tools' protoc, no source info, default option retention) writes for the file,
/// both from the binder's model (source generator) and from protoc's own descriptors mapped into the model (protoc plugin).
/// </summary>
public class DescriptorWriterTests
{
    public static TheoryData<string> SampleProtos()
    {
        var data = new TheoryData<string>();
        foreach (var path in SampleFiles().Keys.OrderBy(p => p, StringComparer.Ordinal)) data.Add(path);
        return data;
    }

    public static TheoryData<string> WellKnownTypes() => new(WellKnownTypeSources.Paths);

    [Theory]
    [MemberData(nameof(SampleProtos))]
    public void Sample_protos_are_written_as_protoc_writes_them(string path) => AssertSameAsProtoc(path, SampleFiles());

    [Theory]
    [MemberData(nameof(WellKnownTypes))]
    public void Well_known_types_and_descriptor_proto_are_written_as_protoc_writes_them(string path) =>
        AssertSameAsProtoc(path, new Dictionary<string, string>());

    [Fact]
    public void Proto2_kitchen_sink_is_written_as_protoc_writes_it() => AssertSameAsProtoc("acme/kitchen/v1/kitchen.proto", new()
    {
        ["acme/kitchen/v1/kitchen.proto"] = SampleSources.Proto2Kitchen,
        ["acme/kitchen/v1/units.proto"] = SampleSources.Units,
    });

    [Fact]
    public void Proto3_file_is_written_as_protoc_writes_it() =>
        AssertSameAsProtoc("store.proto", new() { ["store.proto"] = SampleSources.Proto3Store });

    [Fact]
    public void Editions_file_is_written_as_protoc_writes_it() =>
        AssertSameAsProtoc("ed.proto", new() { ["ed.proto"] = SampleSources.Editions });

    [Fact]
    public void Proto3_custom_options_are_written_as_protoc_writes_them() =>
        AssertSameAsProtoc("ext3.proto", new() { ["ext3.proto"] = SampleSources.Proto3OptionExtensions });

    [Fact]
    public void Options_of_every_kind_are_written_as_protoc_writes_them() =>
        AssertSameAsProtoc("opts.proto", new() { ["opts.proto"] = SampleSources.OptionsOfEveryKind });

    [Fact]
    public void Source_retention_options_are_stripped_and_emptied_options_left_out_as_protoc_does() =>
        AssertSameAsProtoc("retention.proto", new()
        {
            ["retention.proto"] = """
                syntax = "proto2";
                package r;
                import "google/protobuf/descriptor.proto";
                message Sub { optional int32 x = 1 [retention = RETENTION_SOURCE]; optional int32 y = 2; repeated int32 z = 3 [packed = true]; }
                extend google.protobuf.FieldOptions { optional int32 src = 50000 [retention = RETENTION_SOURCE]; optional Sub fsub = 50001; }
                extend google.protobuf.MessageOptions { optional Sub sub = 50000; optional Sub sub2 = 50001; repeated Sub subs = 50002; }
                extend google.protobuf.ExtensionRangeOptions { optional int32 rsrc = 50000 [retention = RETENTION_SOURCE]; optional int32 rrt = 50001; }
                extend google.protobuf.MethodOptions { optional int32 msrc = 50000 [retention = RETENTION_SOURCE]; }
                message M {
                  option (sub).x = 1;
                  option (sub2) = {};
                  option (subs) = { y: 1 z: [3, 2, 1] };
                  option (sub).y = 2;
                  option (subs) = { y: 2 };
                  optional int32 a = 1 [(src) = 1];
                  optional int32 b = 2 [(fsub) = { x: 5 }, (src) = 2];
                  extensions 10 to 20 [(rsrc) = 2];
                  extensions 30 to 40 [(rrt) = 2];
                  extensions 50 to 60 [verification = UNVERIFIED];
                  extensions 70 to 80 [verification = UNVERIFIED, (rrt) = 3];
                }
                service S {
                  rpc Empty(M) returns (M) {}
                  rpc Stripped(M) returns (M) { option (msrc) = 1; }
                  rpc Plain(M) returns (M);
                }
                """,
        });

    private static void AssertSameAsProtoc(string path, Dictionary<string, string> sources)
    {
        var expected = ProtocTool.CompileToFileDescriptor(path, sources);
        var parsed = sources.ToDictionary(s => s.Key, s => ProtoCompiler.Parse(s.Key, s.Value));
        // protoc's verdict alone: a name clash in C# (store.proto's _note and note) is no concern of the descriptor's.
        var bound = ProtoCompiler.Bind(path, parsed, checkCSharp: false);
        Assert.False(bound.HasErrors, string.Join("\n", bound.Diagnostics));
        AssertEqual(path, "the source generator's model", expected, DescriptorWriter.Write(bound.File!, bound.Dependencies));

        // The protoc plugin's path: protoc's own descriptors (with source info and source-retention options, as plugins
        // get them) mapped into the model, then written: the same bytes again.
        var set = FileDescriptorSet.Parser.ParseFrom(ProtocTool.CompileToDescriptorSet(path, sources));
        var mapped = DescriptorMapper.Map(set.File);
        var file = mapped.Single(m => m.Name == path);
        AssertEqual(path, "the plugin's model", expected, DescriptorWriter.Write(file, mapped.Where(m => m != file)));
    }

    private static void AssertEqual(string path, string source, byte[] expected, byte[] actual)
    {
        if (!expected.AsSpan().SequenceEqual(actual))
        {
            Assert.Fail($"{path} from {source}: {actual.Length} bytes written, protoc wrote {expected.Length}; first difference at " +
                WireDiff.FirstDifference(expected, actual));
        }
    }

    private static Dictionary<string, string> SampleFiles([CallerFilePath] string thisFile = "")
    {
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "sample-protos"));
        return Directory.GetFiles(root, "*.proto", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText);
    }
}
