using ProtoGen.Compiler.Breaking;
using ProtoGen.Tests.Infrastructure;
using ProtoGen.TestSupport;

namespace ProtoGen.Tests.Plugin;

/// <summary>The plugin's <c>baseline=</c> parameter writes the breaking-change baseline: the same descriptor set as
/// <c>protoc --include_imports --descriptor_set_out</c>, and no C#.</summary>
public class PluginBaselineTests
{
    [Fact]
    public void Baseline_parameter_writes_the_descriptor_set_protoc_writes()
    {
        var files = SampleProtos.All().Select(p => p.RelativePath).ToArray();
        using var output = new TempDirectory();
        var protoc = ProtocTool.Run(["-I" + SampleProtos.Directory, "-I" + ProtocTool.Include,
            "--plugin=protoc-gen-protogen=" + ProtocPlugin.Executable, "--protogen_out=" + output.Path, "--protogen_opt=baseline=api.binpb", .. files]);
        Assert.True(protoc.ExitCode == 0, "protoc failed: " + protoc.Error);
        Assert.Equal(["api.binpb"], Directory.GetFiles(output.Path, "*", SearchOption.AllDirectories).Select(Path.GetFileName));

        var reference = Path.Combine(output.Path, "reference.binpb");
        var direct = ProtocTool.Run(["-I" + SampleProtos.Directory, "-I" + ProtocTool.Include, "--include_imports", "--descriptor_set_out=" + reference, .. files]);
        Assert.True(direct.ExitCode == 0, "protoc failed: " + direct.Error);

        var written = DescriptorSetReader.Read(File.ReadAllBytes(Path.Combine(output.Path, "api.binpb")));
        var expected = DescriptorSetReader.Read(File.ReadAllBytes(reference));
        Assert.Equal(expected.Files.Select(f => f.Name), written.Files.Select(f => f.Name));
        Assert.Equal(expected, written);
        Assert.Contains(written.Files, f => f.Name == "acme/store/v1/store.proto" && !f.Services.IsEmpty);
    }
}
