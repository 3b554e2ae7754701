using ProtoGen.Compiler;
using ProtoGen.Compiler.WellKnownTypes;
using ProtoGen.Tests.Infrastructure;
using ProtoGen.TestSupport;

namespace ProtoGen.Tests.Plugin;

/// <summary>
/// The two front doors write the same C#: protoc-gen-protogen run by the real protoc (Grpc.Tools) and the source
/// generator, on the same files, give the same file names with identical text.
/// </summary>
public class PluginOutputTests
{
    [Fact]
    public void Plugin_writes_what_the_source_generator_adds_for_every_sample_proto()
    {
        var protos = SampleProtos.All().ToList();
        // Default options: gRPC stubs for both sides, as the generator writes them when Grpc.Core.Api is referenced
        // (the harness references Grpc.Core.Api), plus the one file of shared marshallers.
        var plugin = ProtocPlugin.Generate([SampleProtos.Directory, ProtocTool.Include], protos.Select(p => p.RelativePath), "");

        var generator = GeneratorHarness.ForSampleProtos(withGrpc: true).Run();
        Assert.Empty(generator.Diagnostics);

        ProtocPlugin.AssertSameFiles(generator.Sources, plugin);
        Assert.Equal(protos.Count + 1, plugin.Count);
        Assert.Contains(ProtoCompiler.EmitGrpcSupport().HintName, plugin.Keys);
    }

    [Fact]
    public void Plugin_without_grpc_services_writes_what_the_generator_writes_without_Grpc_Core_Api()
    {
        var protos = SampleProtos.All().ToList();
        var plugin = ProtocPlugin.Generate([SampleProtos.Directory, ProtocTool.Include], protos.Select(p => p.RelativePath), "grpc_services=none");

        var generator = GeneratorHarness.ForSampleProtos(withGrpc: false).Run();
        Assert.All(generator.Diagnostics, d => Assert.Equal("PG0501", d.Id));

        ProtocPlugin.AssertSameFiles(generator.Sources, plugin);
        Assert.Equal(protos.Count, plugin.Count);
    }

    [Fact]
    public void Plugin_writes_what_the_source_generator_adds_for_every_well_known_type()
    {
        // Inside ProtoGen.Runtime, where the generator writes the well-known types (descriptor.proto included when listed).
        var harness = new GeneratorHarness(assemblyName: "ProtoGen.Runtime");
        foreach (var path in WellKnownTypeSources.Paths)
        {
            harness.SetProto(path, File.ReadAllText(Path.Combine(ProtocTool.Include, path)));
        }
        var generator = harness.Run();
        Assert.Empty(generator.Diagnostics);

        var plugin = ProtocPlugin.Generate([ProtocTool.Include], WellKnownTypeSources.Paths);

        // Only the runtime also gets descriptor.proto's runtime descriptor (the one its importers link to), whatever
        // files it lists: the plugin never writes it, since no plugin output is compiled into the runtime.
        var generated = generator.Sources.ToDictionary(file => file.Key, file => file.Value);
        Assert.True(generated.Remove("ProtoGen.Reflection.DescriptorReflection.g.cs"), "the runtime's descriptor of descriptor.proto is missing");
        ProtocPlugin.AssertSameFiles(generated, plugin);
        Assert.Equal(WellKnownTypeSources.Paths.Count(), plugin.Count);
    }

    [Fact]
    public void Per_file_namespaces_match_ProtoNamespace_metadata_as_the_plugin_project_builds_its_own_types()
    {
        // What src/ProtoGen.Protoc does with the generator: descriptor.proto and plugin.proto under their own namespaces.
        var pluginProtoRoot = Path.Combine(RepositoryRoot.Path, "src", "ProtoGen.Protoc", "Protos");
        const string Descriptor = "google/protobuf/descriptor.proto";
        const string PluginProto = "google/protobuf/compiler/plugin.proto";

        var harness = new GeneratorHarness();
        harness.SetProto(Descriptor, File.ReadAllText(Path.Combine(ProtocTool.Include, Descriptor)),
            new Dictionary<string, string> { ["ProtoNamespace"] = "ProtoGen.Protoc.Descriptors" });
        harness.SetProto(PluginProto, File.ReadAllText(Path.Combine(pluginProtoRoot, PluginProto)),
            new Dictionary<string, string> { ["ProtoNamespace"] = "ProtoGen.Protoc.Plugin" });
        var generator = harness.Run();
        Assert.Empty(generator.Diagnostics);
        Assert.Empty(Compilations.Problems(generator.OutputCompilation));

        var plugin = ProtocPlugin.Generate([pluginProtoRoot, ProtocTool.Include], [Descriptor, PluginProto],
            $"namespace:{Descriptor}=ProtoGen.Protoc.Descriptors,namespace:{PluginProto}=ProtoGen.Protoc.Plugin");

        ProtocPlugin.AssertSameFiles(generator.Sources, plugin);
        Assert.Contains("namespace ProtoGen.Protoc.Plugin", plugin["google.protobuf.compiler.plugin.g.cs"]);
        Assert.Contains("global::ProtoGen.Protoc.Descriptors.FileDescriptorProto", plugin["google.protobuf.compiler.plugin.g.cs"]);
    }

    [Fact]
    public void A_run_wide_namespace_applies_to_the_generated_files_only()
    {
        using var folder = TempDirectory.With(new Dictionary<string, string>
        {
            ["a.proto"] = "syntax = \"proto3\"; package a; message A { int32 x = 1; }",
            ["b.proto"] = "syntax = \"proto3\"; package b; import \"a.proto\"; message B { a.A a = 1; }",
        });
        var plugin = ProtocPlugin.Generate([folder.Path], ["b.proto"], "namespace=Acme.Contracts,namespace:a.proto=Acme.A");

        var source = Assert.Single(plugin).Value;
        Assert.Contains("namespace Acme.Contracts", source);
        Assert.Contains("global::Acme.A.A", source);
    }

    [Theory]
    [InlineData("2023")]
    [InlineData("2024")]
    public void Editions_files_are_accepted_and_written_as_the_source_generator_writes_them(string edition)
    {
        var text = $$"""
            edition = "{{edition}}";
            package ed;
            option features.field_presence = IMPLICIT;
            message M {
              int32 a = 1;
              int32 b = 2 [features.field_presence = EXPLICIT];
              repeated int32 d = 5 [features.repeated_field_encoding = EXPANDED];
              map<string, int32> e = 6;
              oneof o { string f = 7; }
              enum E { option features.enum_type = CLOSED; X = 1; }
              E en = 8 [features.field_presence = EXPLICIT];
            }
            """;
        using var folder = TempDirectory.With(new Dictionary<string, string> { ["ed.proto"] = text });
        var plugin = ProtocPlugin.Generate([folder.Path], ["ed.proto"]);
        var generator = new GeneratorHarness().SetProto("ed.proto", text).Run();
        Assert.Empty(generator.Diagnostics);

        ProtocPlugin.AssertSameFiles(generator.Sources, plugin);
    }
}
