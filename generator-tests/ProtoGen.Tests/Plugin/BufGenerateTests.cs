using ProtoGen.Tests.Infrastructure;
using ProtoGen.TestSupport;

namespace ProtoGen.Tests.Plugin;

/// <summary>buf, another compiler, runs protoc-gen-protogen as a local plugin: the output must equal the source generator's.</summary>
public class BufGenerateTests
{
    [Fact]
    public void Buf_generate_with_the_local_plugin_writes_what_the_source_generator_adds()
    {
        var protos = SampleProtos.All().ToDictionary(p => "protos/" + p.RelativePath, p => p.Text);
        protos["buf.yaml"] = """
            version: v2
            modules:
              - path: protos
            """;
        protos["buf.gen.yaml"] = $"""
            version: v2
            plugins:
              - local: {ProtocPlugin.Executable}
                out: gen
                opt: grpc_services=none
            """;
        using var folder = TempDirectory.With(protos);

        var buf = BufTool.Run(folder.Path, "generate");
        Assert.True(buf.ExitCode == 0, "buf generate failed: " + buf.Error);

        var plugin = ProtocPlugin.ReadTree(Path.Combine(folder.Path, "gen"));
        // No stubs on either side: the generator without Grpc.Core.Api only says so (PG0501).
        var generator = GeneratorHarness.ForSampleProtos(withGrpc: false).Run();
        Assert.All(generator.Diagnostics, d => Assert.Equal("PG0501", d.Id));
        ProtocPlugin.AssertSameFiles(generator.Sources, plugin);
        Assert.Equal(SampleProtos.All().Count(), plugin.Count);
    }
}
