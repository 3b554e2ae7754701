using Microsoft.CodeAnalysis;
using ProtoGen.SourceGenerator;
using ProtoGen.Tests.Infrastructure;
using ProtoGen.TestSupport;

namespace ProtoGen.Tests.Generator;

/// <summary>The breaking-change checks in the source generator: a baseline descriptor set (protoc's bytes here) as the
/// build passes it, diagnostics at the .proto lines, severities from the compilation, and incremental steps.</summary>
public sealed class BreakingChangeTests
{
    private const string UserV1 = """
        syntax = "proto3";
        package acme.v1;
        message User {
          int32 id = 1;
          string name = 2;
        }
        """;

    private const string Order = """
        syntax = "proto3";
        package acme.v1;
        message Order {
          string id = 1;
        }
        """;

    private static readonly byte[] Baseline = ProtocTool.CompileToDescriptorSet("acme/v1/user.proto",
        new Dictionary<string, string> { ["acme/v1/user.proto"] = UserV1 });

    private static GeneratorHarness Prepared(string user)
    {
        var harness = new GeneratorHarness()
            .SetProto("acme/v1/user.proto", user)
            .SetProto("acme/v1/order.proto", Order)
            .SetBaseline(Baseline);
        harness.Run();
        return harness;
    }

    [Fact]
    public void A_breaking_edit_is_a_warning_at_its_line_in_the_proto()
    {
        var run = Prepared(UserV1.Replace("int32 id = 1;", "int64 id = 1;")).Run();

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("PG0605", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal("/project/acme/v1/user.proto", span.Path);
        Assert.Equal((3, 2), (span.StartLinePosition.Line, span.StartLinePosition.Character));
        Assert.Contains("was int32 in the baseline and is int64 now", diagnostic.GetMessage());
        // The generated code is still written: a breaking change is not a compile error of the .proto.
        Assert.Contains(run.Sources.Keys, name => name.EndsWith("user.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void The_unchanged_schema_reports_nothing() => Assert.Empty(Prepared(UserV1).Run().Diagnostics);

    [Fact]
    public void WarningsAsErrors_and_NoWarn_set_the_severity_per_code()
    {
        var run = Prepared(UserV1.Replace("int32 id = 1;", "int64 id = 1;").Replace("string name = 2;", ""))
            .WithDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["PG0605"] = ReportDiagnostic.Error, ["PG0602"] = ReportDiagnostic.Suppress })
            .Run();

        Assert.Equal([("PG0601", DiagnosticSeverity.Warning), ("PG0605", DiagnosticSeverity.Error)],
            run.Reported.Select(d => (d.Id, d.Severity)).OrderBy(d => d.Id));
    }

    [Fact]
    public void A_deleted_file_is_reported_against_the_baseline()
    {
        var harness = new GeneratorHarness().SetProto("acme/v1/order.proto", Order).SetBaseline(Baseline);
        var diagnostic = Assert.Single(harness.Run().Diagnostics);
        Assert.Equal("PG0628", diagnostic.Id);
        Assert.Equal("/project/api.binpb", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("\"acme/v1/user.proto\" is in the baseline", diagnostic.GetMessage());
    }

    [Theory]
    [InlineData("not base64 at all!", "the build step's base64 copy of it is corrupt")]
    [InlineData("!missing", "the file does not exist")]
    [InlineData("eyJmaWxlIjpbXX0=", "it looks like JSON")]
    [InlineData("", "the file is empty")]
    public void An_unreadable_baseline_is_one_error_naming_it(string copy, string problem)
    {
        var harness = new GeneratorHarness().SetProto("acme/v1/user.proto", UserV1.Replace("int32 id", "int64 id")).SetBaselineText(copy);
        var diagnostic = Assert.Single(harness.Run().Diagnostics);
        Assert.Equal("PG0600", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("/project/api.binpb", diagnostic.Location.GetLineSpan().Path);
        Assert.StartsWith("The breaking-change baseline \"/project/api.binpb\" cannot be read: " + problem, diagnostic.GetMessage());
    }

    [Fact]
    public void A_truncated_baseline_is_one_error_naming_it()
    {
        var harness = new GeneratorHarness().SetProto("acme/v1/user.proto", UserV1).SetBaseline(Baseline[..^5]);
        var diagnostic = Assert.Single(harness.Run().Diagnostics);
        Assert.Equal("PG0600", diagnostic.Id);
        Assert.Contains("truncated", diagnostic.GetMessage());
    }

    [Fact]
    public void Editing_a_cs_file_rechecks_nothing()
    {
        var harness = Prepared(UserV1.Replace("int32 id = 1;", "int64 id = 1;"));
        var run = harness.SetUserCode("namespace User { public static class Edited { } }").Run();

        Assert.All(run.Reasons(ProtoGenGenerator.StepNames.Baseline), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        var check = run.Reasons(ProtoGenGenerator.StepNames.Check);
        Assert.Equal(2, check.Count);
        Assert.All(check, r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.All(run.Reasons(ProtoGenGenerator.StepNames.DeletedFiles), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.Equal("PG0605", Assert.Single(run.Diagnostics).Id);
    }

    [Fact]
    public void Editing_one_proto_rechecks_only_that_file()
    {
        var harness = Prepared(UserV1);
        var run = harness.SetProto("acme/v1/user.proto", UserV1.Replace("string name = 2;", "string display_name = 2;")).Run();

        // Check outputs in input order: user.proto (edited) is checked again; order.proto's input is unchanged and is cached.
        Assert.Equal([IncrementalStepRunReason.Modified, IncrementalStepRunReason.Cached], run.Reasons(ProtoGenGenerator.StepNames.Check));
        Assert.All(run.Reasons(ProtoGenGenerator.StepNames.Baseline), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.DoesNotContain(IncrementalStepRunReason.Modified, run.Reasons(ProtoGenGenerator.StepNames.DeletedFiles));
        Assert.Equal(["PG0603", "PG0604"], run.Diagnostics.Select(d => d.Id).Order());
    }
}
