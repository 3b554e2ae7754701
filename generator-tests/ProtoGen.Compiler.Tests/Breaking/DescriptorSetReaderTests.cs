using System.Runtime.CompilerServices;
using ProtoGen.Compiler.Breaking;
using ProtoGen.Compiler.Model;
using ProtoGen.Compiler.Tests.Syntax;
using ProtoGen.TestSupport;

namespace ProtoGen.Compiler.Tests.Breaking;

/// <summary>The hand-written descriptor reader against protoc's own bytes: reading protoc's set of some sources and
/// checking the binder's model of the same sources against it must find no change at all (any fact the reader gets
/// wrong, a name, number, type, json_name, oneof, default, reserved range or feature, would be one); and malformed
/// bytes end in <see cref="BaselineFormatException"/>, never in another exception.</summary>
public class DescriptorSetReaderTests
{
    public static TheoryData<string> SampleProtos() => new(SampleFiles().Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(SampleProtos))]
    public void Protocs_set_of_a_sample_proto_reads_as_the_binder_models_it(string path) =>
        AssertNoChange(path, SampleFiles());

    [Fact]
    public void Protocs_set_of_the_proto2_kitchen_sink_reads_as_the_binder_models_it() =>
        AssertNoChange("acme/kitchen/v1/kitchen.proto", new Dictionary<string, string>
        {
            ["acme/kitchen/v1/kitchen.proto"] = SampleSources.Proto2Kitchen,
            ["acme/kitchen/v1/units.proto"] = SampleSources.Units,
        });

    [Fact]
    public void Protocs_set_of_the_proto3_store_reads_as_the_binder_models_it() =>
        AssertNoChange("store.proto", new Dictionary<string, string> { ["store.proto"] = SampleSources.Proto3Store });

    [Fact]
    public void Protocs_set_of_an_editions_file_reads_with_its_features()
    {
        var sources = new Dictionary<string, string>
        {
            ["ed.proto"] = """
                edition = "2023";
                package ed;
                option features.field_presence = IMPLICIT;
                message M {
                  option features.json_format = LEGACY_BEST_EFFORT;
                  int32 a = 1;
                  int32 c = 3 [features.field_presence = LEGACY_REQUIRED];
                  M child = 4 [features.message_encoding = DELIMITED];
                  map<string, int32> e = 6;
                  enum E { option features.enum_type = CLOSED; X = 1; }
                }
                """,
        };
        AssertNoChange("ed.proto", sources);
        var file = DescriptorSetReader.Read(ProtocTool.CompileToDescriptorSet("ed.proto", sources)).Files.Single(f => f.Name == "ed.proto");
        var message = file.MessageTypes.Single();
        Assert.Equal("2023", file.Edition);
        Assert.Equal("IMPLICIT", file.Options.Get("features.field_presence"));
        Assert.Equal("LEGACY_BEST_EFFORT", message.Options.Get("features.json_format"));
        Assert.Equal("LEGACY_REQUIRED", message.Fields.Single(f => f.Name == "c").Options.Get("features.field_presence"));
        Assert.Equal("DELIMITED", message.Fields.Single(f => f.Name == "child").Options.Get("features.message_encoding"));
        Assert.True(message.NestedTypes.Single(n => n.Name == "EEntry").IsMapEntry);
        Assert.Equal("CLOSED", message.EnumTypes.Single().Options.Get("features.enum_type"));
    }

    [Fact]
    public void Every_truncation_of_a_set_is_a_format_error()
    {
        var set = ProtocTool.CompileToDescriptorSet("store.proto", new Dictionary<string, string> { ["store.proto"] = SampleSources.Proto3Store });
        for (int length = 0; length < set.Length; length++)
        {
            var prefix = set.AsSpan(0, length).ToArray();
            try
            {
                DescriptorSetReader.Read(prefix);
                // A cut that falls between two top-level files is a shorter, valid set; only those may read.
                Assert.True(IsFileBoundary(set, length), $"a set cut at {length} of {set.Length} bytes was read");
            }
            catch (BaselineFormatException)
            {
            }
        }
    }

    [Fact]
    public void Corrupted_sets_fail_with_a_format_error_or_read()
    {
        var set = ProtocTool.CompileToDescriptorSet("store.proto", new Dictionary<string, string> { ["store.proto"] = SampleSources.Proto3Store });
        var random = new Random(25);
        for (int i = 0; i < 3000; i++)
        {
            var bytes = (byte[])set.Clone();
            for (int flips = random.Next(1, 4); flips > 0; flips--) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            try
            {
                DescriptorSetReader.Read(bytes);
            }
            catch (BaselineFormatException)
            {
            }
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x12, 0x00 }, "not a FileDescriptorSet: unexpected field 2")]
    [InlineData(new byte[] { 0x0A, 0x05, 0x0A }, "runs past the end")]
    [InlineData(new byte[] { 0x0A, 0x02, 0x68, 0x01 }, "a file without a name")]
    [InlineData(new byte[] { 0x0A, 0x02, 0x10, 0x01 }, "field 2 of FileDescriptorProto has wire type 0, expected 2")]
    [InlineData(new byte[] { 0x0A, 0x03, 0x0A, 0x01, 0xFF }, "not valid UTF-8")]
    [InlineData(new byte[] { 0x0A, 0x02, 0xA7, 0x01 }, "invalid wire type 7")]
    [InlineData(new byte[] { (byte)'{', (byte)'}' }, "it looks like JSON")]
    [InlineData(new byte[] { 0x0A, 0x80 }, "truncated varint")]
    public void Malformed_sets_name_the_problem(byte[] bytes, string problem)
    {
        var exception = Assert.Throws<BaselineFormatException>(() => DescriptorSetReader.Read(bytes));
        Assert.Contains(problem, exception.Message);
    }

    private static void AssertNoChange(string path, Dictionary<string, string> sources)
    {
        var baseline = DescriptorSetReader.Read(ProtocTool.CompileToDescriptorSet(path, sources));
        Assert.Contains(baseline.Files, f => f.Name == path);

        var parsed = sources.ToDictionary(s => s.Key, s => ProtoCompiler.Parse(s.Key, s.Value));
        // protoc's verdict alone: the store sample has fields _note and note, fine for protoc, one C# property for ProtoGen.
        var bound = ProtoCompiler.Bind(path, parsed, checkCSharp: false);
        Assert.False(bound.HasErrors, string.Join("\n", bound.Diagnostics));
        var findings = BreakingChecker.CheckFile(bound.File!, bound.Dependencies, parsed[path], baseline);
        Assert.True(findings.IsEmpty, "The reader and the binder disagree:\n" + string.Join("\n", findings));

        // And the reader saw the same elements (the checks only compare what both sides have).
        var read = baseline.Files.Single(f => f.Name == path);
        Assert.Equal(Names(bound.File!), Names(read));
    }

    private static List<string> Names(FileModel file)
    {
        IEnumerable<string> Of(MessageModel m) =>
            new[] { m.FullName }.Concat(m.Fields.Select(f => $"{m.FullName}.{f.Name}={f.Number}:{f.Type}:{f.Label}"))
                .Concat(m.NestedTypes.SelectMany(Of))
                .Concat(m.EnumTypes.SelectMany(e => e.Values.Select(v => $"{e.FullName}.{v.Name}={v.Number}")));
        return file.MessageTypes.SelectMany(Of)
            .Concat(file.EnumTypes.SelectMany(e => e.Values.Select(v => $"{e.FullName}.{v.Name}={v.Number}")))
            .Concat(file.Services.SelectMany(s => s.Methods.Select(m => $"{s.FullName}.{m.Name}({m.InputType})")))
            .ToList();
    }

    private static bool IsFileBoundary(byte[] set, int length)
    {
        int position = 0;
        while (position < length)
        {
            // Top-level entries are tag 0x0A, a varint length, the file.
            position++;
            int size = 0, shift = 0;
            while ((set[position] & 0x80) != 0) size |= (set[position++] & 0x7F) << shift++ * 7;
            size |= set[position++] << shift * 7;
            position += size;
        }
        return position == length;
    }

    private static Dictionary<string, string> SampleFiles([CallerFilePath] string thisFile = "")
    {
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "sample-protos"));
        return Directory.GetFiles(root, "*.proto", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText);
    }
}
