using Microsoft.CodeAnalysis;
using ProtoGen.Tests.Infrastructure;

namespace ProtoGen.Tests.Generator;

/// <summary>Malformed .proto files produce diagnostics located in the file, never a crashed generator (PG9999).</summary>
public sealed class RobustnessTests
{
    public static TheoryData<string> SampleFiles() => SnapshotTests.SampleFiles();

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Truncated_samples_yield_diagnostics_never_an_internal_error(string protoPath)
    {
        var text = SampleProtos.All().Single(p => p.RelativePath == protoPath).Text;
        var harness = GeneratorHarness.ForSampleProtos();
        int step = Math.Max(1, text.Length / 60);
        for (int length = 0; length < text.Length; length += step)
        {
            var run = harness.SetProto(protoPath, text.Substring(0, length)).Run();
            AssertNoInternalError(run, $"{protoPath} truncated to {length} chars");
        }
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Mutated_samples_yield_diagnostics_never_an_internal_error(string protoPath)
    {
        var text = SampleProtos.All().Single(p => p.RelativePath == protoPath).Text;
        var harness = GeneratorHarness.ForSampleProtos();
        var random = new Random(protoPath.Length * 7919);
        const string alphabet = "{}[]();=<>,.\"'/\\*-+0123456789abcxyz \n\t\0\u00e9";
        for (int i = 0; i < 60; i++)
        {
            var chars = text.ToCharArray();
            int position = random.Next(chars.Length);
            chars[position] = alphabet[random.Next(alphabet.Length)];
            var run = harness.SetProto(protoPath, new string(chars)).Run();
            AssertNoInternalError(run, $"{protoPath} with char {position} mutated");
        }
    }

    [Fact]
    public void Syntax_error_is_reported_at_its_line_and_column_in_the_proto_file()
    {
        var run = new GeneratorHarness()
            .SetProto("protos/broken.proto", "syntax = \"proto3\";\n\nmessage Broken {\n  int32 id = ;\n}\n")
            .Run();

        var error = Assert.Single(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.StartsWith("PG", error.Id);
        var span = error.Location.GetLineSpan();
        Assert.Equal(GeneratorHarness.ProjectDir + "protos/broken.proto", span.Path);
        Assert.Equal(3, span.StartLinePosition.Line);
        Assert.Equal(13, span.StartLinePosition.Character);
        Assert.Empty(run.Sources);
        // The IDE shows the catalogue's title beside the code, not the code twice.
        Assert.Equal(ProtoGen.Compiler.Diagnostics.DiagnosticCatalog.SyntaxError.Title, error.Descriptor.Title.ToString());
    }

    [Fact]
    public void Imports_resolve_relative_to_the_proto_root_metadata()
    {
        var metadata = new Dictionary<string, string> { ["ProtoRoot"] = "protos" };
        var run = new GeneratorHarness()
            .SetProto("protos/a/base.proto", "syntax = \"proto3\"; package a; message Base { int32 id = 1; }", metadata)
            .SetProto("protos/b/user.proto", "syntax = \"proto3\"; package b; import \"a/base.proto\"; message User { a.Base base = 1; }", metadata)
            .Run();

        Assert.Empty(run.Diagnostics);
        Assert.Contains("a.base.g.cs", run.Sources.Keys);
        Assert.Contains("b.user.g.cs", run.Sources.Keys);
    }

    [Fact]
    public void Missing_import_is_an_error_located_at_the_import_statement()
    {
        var run = new GeneratorHarness()
            .SetProto("user.proto", "syntax = \"proto3\";\nimport \"missing/thing.proto\";\nmessage User { int32 id = 1; }\n")
            .Run();

        var error = Assert.Single(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(1, error.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains("missing/thing.proto", error.GetMessage());
    }

    private static void AssertNoInternalError(GeneratorRun run, string what)
    {
        var internalErrors = run.Diagnostics.Where(d => d.Id == "PG9999").Select(d => d.GetMessage()).ToList();
        Assert.True(internalErrors.Count == 0, $"{what}: {string.Join("; ", internalErrors)}");
    }
}
