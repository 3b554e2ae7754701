using Microsoft.CodeAnalysis;
using ProtoGen.SourceGenerator;
using ProtoGen.Tests.Infrastructure;

namespace ProtoGen.Tests.Generator;

/// <summary>When the generator writes gRPC stubs, which ones (GrpcServices metadata), and what they carry over from the
/// .proto (comments, deprecation). Calls through the stubs are in Grpc/GrpcCallTests.</summary>
public sealed class GrpcStubGenerationTests
{
    private const string Greeter = """
        syntax = "proto3";
        package greet.v1;
        import "google/protobuf/empty.proto";

        message HelloRequest { string name = 1; }
        message HelloReply { string message = 1; }

        // Says hello.
        service Greeter {
          // Greets once.
          rpc SayHello(HelloRequest) returns (HelloReply);
          rpc Ping(google.protobuf.Empty) returns (google.protobuf.Empty);
        }
        """;

    private const string Messages = """
        syntax = "proto3";
        package greet.v1;
        message Shared { message Inner { int32 n = 1; } Inner inner = 1; }
        """;

    /// <summary>A second file whose service sends a message of another file (and a nested one).</summary>
    private const string Other = """
        syntax = "proto3";
        package greet.v1;
        import "messages.proto";
        service Echo {
          rpc Echo(Shared) returns (Shared);
          rpc EchoInner(stream Shared.Inner) returns (stream Shared.Inner);
        }
        service Idle {}
        """;

    private static Dictionary<string, string> Kind(string value) => new() { ["GrpcServices"] = value };

    [Fact]
    public void Without_Grpc_Core_Api_no_stubs_are_written_and_PG0501_says_which_package_to_add_once_per_file_with_services()
    {
        var run = new GeneratorHarness()
            .SetProto("greeter.proto", Greeter)
            .SetProto("messages.proto", Messages)
            .SetProto("other.proto", Other)
            .Run();

        var reported = run.Diagnostics.Where(d => d.Id == "PG0501").ToList();
        Assert.Equal(run.Diagnostics.Length, reported.Count);
        Assert.Equal(
            [GeneratorHarness.ProjectDir + "greeter.proto", GeneratorHarness.ProjectDir + "other.proto"],
            reported.Select(d => d.Location.GetLineSpan().Path).OrderBy(p => p, StringComparer.Ordinal));
        Assert.All(reported, d => Assert.Equal(DiagnosticSeverity.Info, d.Severity));
        Assert.Contains("\"greeter.proto\" declares services, but no gRPC stubs were generated because the project does not "
            + "reference Grpc.Core.Api. Add a package reference to Grpc.Core.Api (or Grpc.AspNetCore for a server, "
            + "Grpc.Net.Client for a client)", reported.Select(d => d.GetMessage()).Min(StringComparer.Ordinal));
        Assert.DoesNotContain(run.Sources.Values, source => source.Contains("Grpc.Core", StringComparison.Ordinal));
        Assert.DoesNotContain("ProtoGen.GrpcMarshaller.g.cs", run.Sources.Keys);
        Assert.Empty(Compilations.Problems(run.OutputCompilation));
    }

    [Fact]
    public void Without_Grpc_Core_Api_GrpcServices_None_reports_nothing()
    {
        var run = new GeneratorHarness().SetProto("greeter.proto", Greeter, Kind("None")).Run();
        Assert.Empty(run.Diagnostics);
    }

    [Theory]
    [InlineData(null, true, true)]
    [InlineData("Both", true, true)]
    [InlineData("both", true, true)]
    [InlineData("Client", true, false)]
    [InlineData("Server", false, true)]
    [InlineData("None", false, false)]
    public void GrpcServices_metadata_chooses_client_server_both_or_none(string? kind, bool client, bool server)
    {
        var run = new GeneratorHarness(withGrpc: true)
            .SetProto("greeter.proto", Greeter, kind is null ? new Dictionary<string, string>() : Kind(kind))
            .Run();

        Assert.Empty(run.Diagnostics);
        string source = run.Sources["greeter.g.cs"];
        Assert.Equal(client || server, source.Contains("public static partial class Greeter\n", StringComparison.Ordinal));
        Assert.Equal(client, source.Contains("public partial class GreeterClient : grpc::ClientBase<GreeterClient>", StringComparison.Ordinal));
        Assert.Equal(server, source.Contains("public abstract partial class GreeterBase", StringComparison.Ordinal));
        Assert.Equal(server, source.Contains("BindService(", StringComparison.Ordinal));
        Assert.Equal(client || server, run.Sources.ContainsKey("ProtoGen.GrpcMarshaller.g.cs"));
        Assert.Empty(Compilations.Problems(run.OutputCompilation));
    }

    [Fact]
    public void Services_of_several_files_share_one_marshaller_per_message_type_and_compile_cleanly()
    {
        var run = new GeneratorHarness(withGrpc: true)
            .SetProto("greeter.proto", Greeter)
            .SetProto("messages.proto", Messages)
            .SetProto("other.proto", Other)
            .Run();

        Assert.Empty(run.Diagnostics);
        Assert.Empty(Compilations.Problems(run.OutputCompilation));
        string other = run.Sources["other.g.cs"];
        // Shared is declared by messages.proto, in the same namespace: other.proto names it through its namespace alias.
        Assert.Contains("pg::GrpcMarshaller<ns::Shared>.Instance", other);
        Assert.Contains("pg::GrpcMarshaller<ns::Shared.Types.Inner>.Instance", other);
        Assert.Contains("pg::GrpcMarshaller<pgt::Empty>.Instance", run.Sources["greeter.g.cs"]);
        Assert.Single(run.Sources.Keys, k => k.Contains("Grpc", StringComparison.Ordinal));
        // A method named like its service is a member of the client and base classes, not of the static class.
        Assert.Contains("public virtual ns::Shared Echo(ns::Shared request, grpc::CallOptions options)", other);
        // A service without rpcs still gets its (empty) classes and bind methods.
        Assert.Contains("public partial class IdleClient", other);
        Assert.Contains("return grpc::ServerServiceDefinition.CreateBuilder()\n\t\t\t\t.Build();", other);
    }

    [Fact]
    public void Proto_comments_become_docs_and_deprecated_services_and_rpcs_become_Obsolete()
    {
        const string deprecated = """
            syntax = "proto3";
            package old.v1;
            message M {}
            // Retired <soon>.
            service Legacy {
              option deprecated = true;
              // Do not call.
              rpc Call(M) returns (M) { option deprecated = true; }
              rpc Stream(stream M) returns (stream M);
            }
            """;
        var run = new GeneratorHarness(withGrpc: true).SetProto("legacy.proto", deprecated).Run();

        Assert.Empty(run.Diagnostics);
        Assert.Empty(Compilations.Problems(run.OutputCompilation));
        string source = run.Sources["legacy.g.cs"];
        Assert.Contains("/// <summary>Retired &lt;soon&gt;.</summary>\n[global::System.Obsolete]\n[scc::GeneratedCode", source);
        Assert.Contains("[global::System.Obsolete]\n\t[grpc::BindServiceMethod(typeof(Legacy), \"BindService\")]", source);
        Assert.Contains("[global::System.Obsolete]\n\tpublic partial class LegacyClient", source);
        Assert.Contains("/// <summary>Do not call.</summary>", source);
        // The deprecated rpc: its server method and its four client methods; the other rpc stays as it is.
        Assert.Equal(3 + 5, CountOf(source, "[global::System.Obsolete]"));
        Assert.DoesNotContain("[global::System.Obsolete]\n\t\tpublic virtual grpc::AsyncDuplexStreamingCall", source);
    }

    [Fact]
    public void Editing_a_cs_file_reruns_no_proto_step_when_Grpc_is_referenced()
    {
        var harness = new GeneratorHarness(withGrpc: true).SetProto("greeter.proto", Greeter);
        Assert.Empty(harness.Run().Diagnostics);

        var run = harness.SetUserCode("namespace User { public static class Edited { } }").Run();

        Assert.All(run.Reasons(ProtoGenGenerator.StepNames.Parse), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.All(run.Reasons(ProtoGenGenerator.StepNames.Emit), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        Assert.Contains("GreeterClient", run.Sources["greeter.g.cs"]);
    }

    [Fact]
    public void Stub_doc_comments_are_well_formed_for_a_project_that_builds_its_documentation_file()
    {
        var run = GeneratorHarness.ForSampleProtos().SetProto("legacy/greeter.proto", Greeter).Run();
        var compilation = run.OutputCompilation;
        compilation = compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(compilation.SyntaxTrees.Select(tree => tree.WithRootAndOptions(
            tree.GetRoot(), ((Microsoft.CodeAnalysis.CSharp.CSharpParseOptions)tree.Options).WithDocumentationMode(DocumentationMode.Diagnose))));

        var generatedTrees = compilation.SyntaxTrees.Where(t => t.FilePath.EndsWith(".g.cs", StringComparison.Ordinal)).ToList();
        Assert.Equal(run.Sources.Count, generatedTrees.Count);
        Assert.Contains(generatedTrees, t => t.FilePath.EndsWith("ProtoGen.GrpcMarshaller.g.cs", StringComparison.Ordinal));
        var problems = generatedTrees
            .SelectMany(tree => compilation.GetSemanticModel(tree).GetDiagnostics())
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => d.ToString());
        Assert.Empty(problems);
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
