using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ProtoGen.Tests.Infrastructure;

namespace ProtoGen.Tests.Migration;

/// <summary>
/// ProtoGenNullable: by default the generated API is nullable-oblivious, as protoc's C# is, so code written against
/// Google's types compiles unchanged under Nullable=enable and TreatWarningsAsErrors; <c>enable</c> gives the annotated
/// API; a file's <c>(pb.csharp).nullable_reference_types</c> overrides the project's choice for that file.
/// </summary>
public sealed class NullableModeTests
{
    private const string HistoryProto = """
        syntax = "proto3";
        package hist;
        message Name { string full_name = 1; }
        message HistoryResult { string text = 1; }
        message Request { Name name = 1; string note = 2; }
        message Reply { HistoryResult result = 1; }
        """;

    // What the issue's applications do against Grpc.Tools' output: dereference a message property without a check
    // (CS8602 against Foo?), assign a string? (CS8601 against a non-nullable string), and implement an interface with a
    // non-nullable member through the generated property (CS8766 against Foo?).
    private const string GoogleStyleUserCode = """
        #nullable enable
        namespace User
        {
            public interface IHasResult { Hist.HistoryResult Result { get; } }

            public static class App
            {
                public static int Run(Hist.Request request)
                {
                    int length = request.Name.FullName.Length;
                    request.Note = System.Console.ReadLine();
                    return length;
                }
            }
        }
        namespace Hist
        {
            public sealed partial class Reply : User.IHasResult { }
        }
        """;

    // The same program written for the annotated API.
    private const string AnnotatedStyleUserCode = """
        #nullable enable
        namespace User
        {
            public interface IHasResult { Hist.HistoryResult? Result { get; } }

            public static class App
            {
                public static int Run(Hist.Request request)
                {
                    int length = request.Name?.FullName.Length ?? 0;
                    request.Note = System.Console.ReadLine() ?? "";
                    return length;
                }
            }
        }
        namespace Hist
        {
            public sealed partial class Reply : User.IHasResult { }
        }
        """;

    [Fact]
    public void By_default_code_written_against_protocs_output_compiles_with_nullable_warnings_as_errors()
    {
        var run = new GeneratorHarness(GoogleStyleUserCode).SetProto("hist.proto", HistoryProto).Run();

        Assert.Empty(run.Diagnostics);
        Assert.Empty(Compilations.Problems(run.OutputCompilation));
        Assert.Contains("#nullable disable", run.Sources["hist.g.cs"]);
        Assert.Contains("public ns::Name Name", run.Sources["hist.g.cs"]);
    }

    [Fact]
    public void ProtoGenNullable_disable_is_the_default_spelled_out()
    {
        var run = new GeneratorHarness(GoogleStyleUserCode).SetProperty("ProtoGenNullable", "disable")
            .SetProto("hist.proto", HistoryProto).Run();

        Assert.Empty(Compilations.Problems(run.OutputCompilation));
    }

    [Fact]
    public void ProtoGenNullable_enable_annotates_the_API_so_the_same_code_gets_the_warnings_the_issue_reports()
    {
        var run = new GeneratorHarness(GoogleStyleUserCode).SetProperty("ProtoGenNullable", "enable")
            .SetProto("hist.proto", HistoryProto).Run();

        Assert.Empty(run.Diagnostics);
        var ids = NullableWarnings(run.OutputCompilation);
        Assert.Contains("CS8602", ids);
        Assert.Contains("CS8601", ids);
        Assert.Contains("CS8766", ids);
        Assert.Contains("public ns::Name? Name", run.Sources["hist.g.cs"]);
    }

    [Fact]
    public void ProtoGenNullable_enable_compiles_code_written_for_the_annotated_API_without_warnings()
    {
        var run = new GeneratorHarness(AnnotatedStyleUserCode).SetProperty("ProtoGenNullable", "enable")
            .SetProto("hist.proto", HistoryProto).Run();

        Assert.Empty(Compilations.Problems(run.OutputCompilation));
        Assert.Contains("#nullable enable", run.Sources["hist.g.cs"]);
    }

    [Fact]
    public void Oblivious_output_with_grpc_stubs_compiles_without_warnings_under_CSharp_12()
    {
        var run = GeneratorHarness.ForSampleProtos(withGrpc: true).Run();
        Assert.Empty(run.Diagnostics);

        var options = new CSharpParseOptions(LanguageVersion.CSharp12);
        var reparsed = run.OutputCompilation.RemoveAllSyntaxTrees()
            .AddSyntaxTrees(run.OutputCompilation.SyntaxTrees.Select(t => CSharpSyntaxTree.ParseText(t.GetText(), options, t.FilePath)));
        Assert.Empty(Compilations.Problems(reparsed));
        Assert.Contains("Metadata headers = null", run.Sources["acme.store.v1.store.g.cs"]);
    }

    [Fact]
    public void A_file_that_sets_the_csharp_feature_to_true_is_annotated_in_an_oblivious_project()
    {
        var run = new GeneratorHarness(GoogleStyleUserCode)
            .SetProto("hist.proto", WithFeature(HistoryProto, "true"))
            .Run();

        Assert.Empty(run.Diagnostics);
        Assert.Contains("#nullable enable", run.Sources["hist.g.cs"]);
        Assert.Contains("CS8602", NullableWarnings(run.OutputCompilation));
    }

    [Fact]
    public void A_file_that_sets_the_csharp_feature_to_false_is_oblivious_in_an_annotated_project()
    {
        var run = new GeneratorHarness(GoogleStyleUserCode).SetProperty("ProtoGenNullable", "enable")
            .SetProto("hist.proto", WithFeature(HistoryProto, "false"))
            .Run();

        Assert.Empty(run.Diagnostics);
        Assert.Contains("#nullable disable", run.Sources["hist.g.cs"]);
        Assert.Empty(Compilations.Problems(run.OutputCompilation));
    }

    [Fact]
    public void The_feature_applies_to_its_own_file_only()
    {
        const string other = """
            syntax = "proto3";
            package other;
            message Holder { Thing thing = 1; }
            message Thing { string text = 1; }
            """;
        var run = new GeneratorHarness()
            .SetProto("hist.proto", WithFeature(HistoryProto, "true"))
            .SetProto("other.proto", other)
            .Run();

        Assert.Empty(run.Diagnostics);
        Assert.Contains("public ns::Name? Name", run.Sources["hist.g.cs"]);
        Assert.Contains("public ns::Thing Thing", run.Sources["other.g.cs"]);
        Assert.Empty(Compilations.Problems(run.OutputCompilation));
    }

    [Fact]
    public void The_feature_needs_its_import_as_with_protoc()
    {
        string withoutImport = WithFeature(HistoryProto, "true").Replace("import \"google/protobuf/csharp_features.proto\";", "");
        var run = new GeneratorHarness().SetProto("hist.proto", withoutImport).Run();

        Assert.Contains(run.Diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("PG", StringComparison.Ordinal));
    }

    /// <summary>The proto as an edition 2023 file that sets the C# feature.</summary>
    private static string WithFeature(string proto, string value) => proto
        .Replace("syntax = \"proto3\";", "edition = \"2023\";\nimport \"google/protobuf/csharp_features.proto\";\n"
            + $"option features.(pb.csharp).nullable_reference_types = {value};");

    private static List<string> NullableWarnings(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Warning).Select(d => d.Id).Distinct().ToList();
}
