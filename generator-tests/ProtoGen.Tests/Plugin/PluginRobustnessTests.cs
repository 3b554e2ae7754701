using ProtoGen.Protoc;
using ProtoGen.Protoc.Descriptors;
using ProtoGen.Protoc.Plugin;
using ProtoGen.Tests.Infrastructure;
using ProtoGen.TestSupport;

namespace ProtoGen.Tests.Plugin;

/// <summary>Mutated requests (bytes flipped, truncated) always give a response: generated files or an error, never an exception.</summary>
public class PluginRobustnessTests
{
    [Fact]
    public void Mutated_requests_always_get_a_response()
    {
        var request = SampleRequest();
        var bytes = request.ToByteArray();
        var random = new Random(20261121);
        int errors = 0, generated = 0;
        for (int round = 0; round < 400; round++)
        {
            var mutated = (byte[])bytes.Clone();
            int flips = 1 + random.Next(4);
            for (int i = 0; i < flips; i++) mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            if (round % 5 == 0) mutated = mutated.AsSpan(0, random.Next(mutated.Length)).ToArray();

            var response = CodeGeneratorResponse.Parser.ParseFrom(CodeGenerator.Run(mutated));

            if (response.HasError) errors++;
            else generated += response.File.Count;
        }
        // Both outcomes occur: the mutations reach the mapper and the emitter, not only the request parser.
        Assert.True(errors > 0 && generated > 0, $"errors: {errors}, generated files: {generated}");
    }

    [Fact]
    public void The_unmutated_request_generates_every_sample()
    {
        var response = CodeGenerator.Generate(SampleRequest());

        Assert.False(response.HasError, response.Error);
        Assert.Equal(SampleProtos.All().Count(), response.File.Count);
    }

    /// <summary>A request as protoc would send it for the sample protos, built from protoc's descriptor set.</summary>
    private static CodeGeneratorRequest SampleRequest()
    {
        var sources = SampleProtos.All().ToDictionary(p => p.RelativePath, p => p.Text);
        var request = new CodeGeneratorRequest { Parameter = "grpc_services=none" };
        foreach (var path in sources.Keys)
        {
            request.FileToGenerate.Add(path);
        }
        var seen = new HashSet<string>();
        foreach (var path in sources.Keys)
        {
            var set = FileDescriptorSet.Parser.ParseFrom(ProtocTool.CompileToDescriptorSet(path, sources));
            foreach (var file in set.File.Where(f => seen.Add(f.Name))) request.ProtoFile.Add(file);
        }
        return request;
    }
}
