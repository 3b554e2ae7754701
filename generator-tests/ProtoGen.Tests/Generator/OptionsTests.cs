using ProtoGen.Tests.Infrastructure;

namespace ProtoGen.Tests.Generator;

/// <summary>MSBuild item metadata reaching the generated code.</summary>
public sealed class OptionsTests
{
    private const string Base = "syntax = \"proto3\"; package shared.v1; message Base { int32 id = 1; }";
    private const string User = "syntax = \"proto3\"; package app.v1; import \"base.proto\"; message User { shared.v1.Base base = 1; }";

    [Fact]
    public void ProtoNamespace_metadata_replaces_the_package_namespace()
    {
        var run = new GeneratorHarness()
            .SetProto("base.proto", Base, new Dictionary<string, string> { ["ProtoNamespace"] = "Contracts.Shared" })
            .Run();

        Assert.Empty(run.Diagnostics);
        Assert.Contains("namespace Contracts.Shared", run.Sources["base.g.cs"]);
        Assert.DoesNotContain("namespace Shared.V1", run.Sources["base.g.cs"]);
    }

    [Fact]
    public void Importers_name_types_of_a_file_with_ProtoNamespace_by_that_namespace()
    {
        var run = new GeneratorHarness()
            .SetProto("base.proto", Base, new Dictionary<string, string> { ["ProtoNamespace"] = "Contracts.Shared" })
            .SetProto("user.proto", User)
            .Run();

        Assert.Empty(run.Diagnostics);
        Assert.Contains("global::Contracts.Shared.Base", run.Sources["user.g.cs"]);
        Assert.Empty(Compilations.Problems(run.OutputCompilation));
    }

    [Fact]
    public void A_ProtoNamespace_that_is_no_csharp_namespace_is_PG0504_on_the_file_and_no_source()
    {
        var run = new GeneratorHarness()
            .SetProto("base.proto", Base, new Dictionary<string, string> { ["ProtoNamespace"] = "Contracts Shared" })
            .SetProto("user.proto", User)
            .Run();

        // Both files: base.proto for its own namespace, user.proto because its C# would name base.proto's types by it.
        Assert.Equal(new[] { "PG0504", "PG0504" }, run.Diagnostics.Select(d => d.Id));
        Assert.All(run.Diagnostics, d => Assert.Contains("ProtoNamespace \"Contracts Shared\" of \"base.proto\" is not a valid C# namespace", d.GetMessage()));
        Assert.Empty(run.Sources);
    }
    private const string Schema = "syntax = \"proto3\"; package app.v1; import \"google/protobuf/descriptor.proto\"; " +
        "message Schema { google.protobuf.DescriptorProto proto_descriptor = 1; }";

    [Fact]
    public void A_field_of_a_descriptor_proto_type_is_PG0507_at_the_field_when_the_project_does_not_list_descriptor_proto()
    {
        // descriptor.proto resolves from the generator's embedded copy; ProtoGen.Runtime holds none of its types.
        var run = new GeneratorHarness().SetProto("schema.proto", Schema).Run();

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("PG0507", diagnostic.Id);
        Assert.Contains("list google/protobuf/descriptor.proto as a Protobuf item", diagnostic.GetMessage());
        var at = diagnostic.Location.GetLineSpan();
        Assert.EndsWith("schema.proto", at.Path);
        Assert.Equal(0, at.StartLinePosition.Line);
        Assert.Equal("proto_descriptor", Schema.Substring(at.StartLinePosition.Character, "proto_descriptor".Length));
        Assert.Empty(run.Sources);
        Assert.Empty(Compilations.Problems(run.OutputCompilation));
    }

    [Fact]
    public void A_field_of_a_descriptor_proto_type_names_the_type_where_the_project_generates_descriptor_proto()
    {
        var run = new GeneratorHarness()
            .SetProto("google/protobuf/descriptor.proto", ProtoGen.Compiler.WellKnownTypes.WellKnownTypeSources.GetText("google/protobuf/descriptor.proto")!,
                new Dictionary<string, string> { ["ProtoNamespace"] = "App.Reflection" })
            .SetProto("schema.proto", Schema)
            .Run();

        Assert.Empty(run.Diagnostics);
        Assert.Contains("global::App.Reflection.DescriptorProto", run.Sources["schema.g.cs"]);
        Assert.Empty(Compilations.Problems(run.OutputCompilation));
    }
}
