using Microsoft.CodeAnalysis;
using ProtoGen.Tests.Infrastructure;

namespace ProtoGen.Tests.Generator;

public sealed class SnapshotTests
{
    private static readonly Lazy<GeneratorRun> SampleRun = new(() => GeneratorHarness.ForSampleProtos().Run());

    public static TheoryData<string> SampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var (path, _) in SampleProtos.All()) data.Add(path);
        return data;
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Generated_code_for_sample_matches_snapshot(string protoPath)
    {
        var run = SampleRun.Value;
        Assert.Empty(run.Diagnostics);
        var hintName = protoPath.Replace('/', '.').Replace(".proto", ".g.cs");
        Assert.True(run.Sources.TryGetValue(hintName, out var source), $"no {hintName} among {string.Join(", ", run.Sources.Keys)}");
        Snapshot.Match(source!, hintName.Replace(".g.cs", ""));
    }

    [Fact]
    public void Generated_code_for_all_samples_compiles_without_warnings()
    {
        var run = SampleRun.Value;
        Assert.Empty(run.Diagnostics);
        Assert.Empty(Compilations.Problems(run.OutputCompilation));
    }

    [Fact]
    public void Shared_grpc_marshallers_match_snapshot()
    {
        Assert.True(SampleRun.Value.Sources.TryGetValue("ProtoGen.GrpcMarshaller.g.cs", out var source));
        Snapshot.Match(source!, "ProtoGen.GrpcMarshaller");
    }

    [Fact]
    public void Generator_emits_one_file_per_proto_named_after_its_path_plus_the_shared_grpc_marshallers_and_the_assembly_marks()
    {
        var run = SampleRun.Value;
        var expected = SampleProtos.All().Select(p => p.RelativePath.Replace('/', '.').Replace(".proto", ".g.cs"))
            .Append("ProtoGen.GrpcMarshaller.g.cs")
            .Append("ProtoGen.GeneratedFiles.g.cs")
            .OrderBy(x => x, StringComparer.Ordinal);
        Assert.Equal(expected, run.Sources.Keys.OrderBy(x => x, StringComparer.Ordinal));
    }

    [Fact]
    public void Well_known_type_files_listed_by_a_user_project_are_not_emitted_again()
    {
        var run = new GeneratorHarness()
            .SetProto("google/protobuf/timestamp.proto", File.ReadAllText(Path.Combine(WellKnownTypesFolder, "timestamp.proto")))
            .Run();
        Assert.Empty(run.Sources);
        Assert.DoesNotContain(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
    }

    private static string WellKnownTypesFolder => Path.Combine(
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        "grpc.tools", "2.85.0", "build", "native", "include", "google", "protobuf");
}
