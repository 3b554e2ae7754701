using ProtoGen.Protoc;
using ProtoGen.Protoc.Descriptors;
using ProtoGen.Protoc.Plugin;
using ProtoGen.TestSupport;

namespace ProtoGen.Tests.Plugin;

/// <summary>Problems go into CodeGeneratorResponse.error, which protoc prints and fails on; the plugin never crashes.</summary>
public class PluginErrorTests
{
    [Fact]
    public void A_request_that_is_not_a_CodeGeneratorRequest_gives_an_error_response()
    {
        var response = CodeGeneratorResponse.Parser.ParseFrom(CodeGenerator.Run([0x0A, 0xFF, 0x01]));

        Assert.StartsWith("protoc-gen-protogen: the request is not a valid CodeGeneratorRequest", response.Error);
        Assert.Empty(response.File);
    }

    [Fact]
    public void A_request_whose_file_to_generate_is_missing_gives_an_error_response()
    {
        var request = new CodeGeneratorRequest();
        request.FileToGenerate.Add("missing.proto");

        var response = CodeGenerator.Generate(request);

        Assert.Equal("protoc-gen-protogen: \"missing.proto\" is to be generated but the request has no descriptor for it.", response.Error);
    }

    [Fact]
    public void An_unresolved_field_type_gives_an_error_response()
    {
        var response = CodeGenerator.Generate(RequestWithField(new FieldDescriptorProto
        {
            Name = "x",
            Number = 1,
            Label = FieldDescriptorProto.Types.Label.Optional,
            TypeName = "Unknown",
        }));

        Assert.Equal("protoc-gen-protogen: Field \"x\" has an unresolved type \"Unknown\".", response.Error);
    }

    [Fact]
    public void A_reference_to_a_type_no_file_defines_gives_an_error_response()
    {
        var response = CodeGenerator.Generate(RequestWithField(new FieldDescriptorProto
        {
            Name = "x",
            Number = 1,
            Label = FieldDescriptorProto.Types.Label.Optional,
            Type = FieldDescriptorProto.Types.Type.Message,
            TypeName = ".p.Missing",
        }));

        Assert.Equal("protoc-gen-protogen: Field \"p.M.x\" of \"a.proto\" refers to \".p.Missing\", which neither the file nor its imports define.", response.Error);
    }

    /// <summary>A request to generate a.proto (package p) holding message M with this one field.</summary>
    private static CodeGeneratorRequest RequestWithField(FieldDescriptorProto field)
    {
        var request = new CodeGeneratorRequest();
        request.FileToGenerate.Add("a.proto");
        var message = new DescriptorProto { Name = "M" };
        message.Field.Add(field);
        var file = new FileDescriptorProto { Name = "a.proto", Package = "p" };
        file.MessageType.Add(message);
        request.ProtoFile.Add(file);
        return request;
    }

    [Fact]
    public void The_response_declares_proto3_optional_and_editions_2023_to_2024()
    {
        var response = CodeGenerator.Generate(new CodeGeneratorRequest());

        Assert.False(response.HasError);
        Assert.Equal(3UL, response.SupportedFeatures);
        Assert.Equal(1000, response.MinimumEdition);
        Assert.Equal(1001, response.MaximumEdition);
    }

    [Theory]
    [InlineData("grpc_services=sometimes", "grpc_services must be none, client, server or both, not \"sometimes\".")]
    [InlineData("colour=blue", "Unknown parameter \"colour\" (known: grpc_services, namespace, namespace:<file.proto>, nullable, access, baseline).")]
    [InlineData("namespace", "Parameter \"namespace\" is not key=value.")]
    [InlineData("namespace=", "Parameter \"namespace\" needs a value.")]
    public void Bad_parameters_make_protoc_fail_with_the_plugins_message(string parameter, string message)
    {
        using var folder = TempDirectory.With(new Dictionary<string, string> { ["a.proto"] = "syntax = \"proto3\"; message A {}" });

        var output = ProtocPlugin.Run([folder.Path], ["a.proto"], parameter);

        Assert.NotEqual(0, output.Protoc.ExitCode);
        Assert.Contains("protoc-gen-protogen: " + message, output.Protoc.Error);
        Assert.Empty(output.Files);
    }

    [Fact]
    public void A_field_of_a_descriptor_proto_type_fails_with_PG0507_unless_descriptor_proto_has_C_sharp_types()
    {
        using var folder = TempDirectory.With(new Dictionary<string, string>
        {
            ["schema.proto"] = "syntax = \"proto3\"; package s; import \"google/protobuf/descriptor.proto\";\n" +
                "message Schema { google.protobuf.DescriptorProto proto_descriptor = 1; int32 version = 2; }",
        });

        var failed = ProtocPlugin.Run([folder.Path, ProtocTool.Include], ["schema.proto"]);
        Assert.NotEqual(0, failed.Protoc.ExitCode);
        Assert.Contains("schema.proto: PG0507: Field \"proto_descriptor\" has type google.protobuf.DescriptorProto from google/protobuf/descriptor.proto", failed.Protoc.Error);
        Assert.Empty(failed.Files);

        // Generated in the same run, or mapped to the namespace another output generates it in: no error.
        var together = ProtocPlugin.Run([folder.Path, ProtocTool.Include], ["schema.proto", "google/protobuf/descriptor.proto"],
            "namespace:google/protobuf/descriptor.proto=Contracts.Descriptors");
        Assert.True(together.Protoc.ExitCode == 0, together.Protoc.Error);
        Assert.Contains("global::Contracts.Descriptors.DescriptorProto", together.Files["schema.g.cs"]);
        var mapped = ProtocPlugin.Run([folder.Path, ProtocTool.Include], ["schema.proto"], "namespace:google/protobuf/descriptor.proto=Contracts.Descriptors");
        Assert.True(mapped.Protoc.ExitCode == 0, mapped.Protoc.Error);
        Assert.Contains("global::Contracts.Descriptors.DescriptorProto", mapped.Files["schema.g.cs"]);
    }
}
