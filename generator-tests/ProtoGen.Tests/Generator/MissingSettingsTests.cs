using Microsoft.CodeAnalysis;
using ProtoGen.Tests.Infrastructure;

namespace ProtoGen.Tests.Generator;

/// <summary>PG0502: the generator says so when build/ProtoGen.props is not imported, instead of ignoring the metadata.</summary>
public sealed class MissingSettingsTests
{
    private const string Common = "syntax = \"proto3\"; package shop.v1; message Money { int64 units = 1; }";
    private const string Cart = "syntax = \"proto3\"; package shop.v1; import \"shop/v1/common.proto\"; message Cart { Money total = 1; }";

    [Fact]
    public void Generator_reports_PG0502_once_without_a_location_when_the_props_are_not_imported()
    {
        var run = new GeneratorHarness(settingsImported: false)
            .SetProto("protos/shop/v1/common.proto", Common, new Dictionary<string, string> { ["ProtoRoot"] = "protos" })
            .SetProto("protos/shop/v1/cart.proto", Cart, new Dictionary<string, string> { ["ProtoRoot"] = "protos" })
            .Run();

        var warning = Assert.Single(run.Diagnostics, d => d.Id == "PG0502");
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal(Location.None, warning.Location);
        Assert.Contains("ProtoGen.props", warning.GetMessage());
    }

    [Fact]
    public void Generator_reports_PG0502_in_a_project_with_no_proto_file_at_all()
    {
        // Forgetting the import also loses the **/*.proto inputs it adds: the warning must not depend on having any.
        var run = new GeneratorHarness(settingsImported: false).Run();

        Assert.Equal("PG0502", Assert.Single(run.Diagnostics).Id);
    }

    [Fact]
    public void Generator_reports_no_PG0502_where_the_props_are_imported()
    {
        var run = new GeneratorHarness()
            .SetProto("protos/shop/v1/common.proto", Common, new Dictionary<string, string> { ["ProtoRoot"] = "protos" })
            .SetProto("protos/shop/v1/cart.proto", Cart, new Dictionary<string, string> { ["ProtoRoot"] = "protos" })
            .Run();

        Assert.Empty(run.Diagnostics);
        Assert.Contains("shop.v1.cart.g.cs", run.Sources.Keys);
    }

    [Fact]
    public void Editing_a_proto_file_does_not_report_PG0502_again_or_drop_it()
    {
        var harness = new GeneratorHarness(settingsImported: false).SetProto("a.proto", Common);
        Assert.Single(harness.Run().Diagnostics, d => d.Id == "PG0502");

        var second = harness.SetProto("a.proto", Common + " message Other {}").Run();

        Assert.Single(second.Diagnostics, d => d.Id == "PG0502");
    }
}
