using Microsoft.CodeAnalysis;
using ProtoGen.SourceGenerator;
using ProtoGen.Tests.Infrastructure;

namespace ProtoGen.Tests.Generator;

public sealed class IncrementalTests
{
    private const string Base = """
        syntax = "proto3";
        package inc;
        message Base { int32 id = 1; }
        """;

    private const string UsesBase = """
        syntax = "proto3";
        package inc;
        import "base.proto";
        message UsesBase { Base base = 1; }
        """;

    private const string Standalone = """
        syntax = "proto3";
        package other;
        message Standalone { string name = 1; }
        """;

    private static GeneratorHarness Prepared()
    {
        var harness = new GeneratorHarness()
            .SetProto("base.proto", Base)
            .SetProto("uses_base.proto", UsesBase)
            .SetProto("standalone.proto", Standalone);
        var first = harness.Run();
        Assert.Empty(first.Diagnostics);
        // One file per .proto, and the assembly's marks (ProtoGen.GeneratedFiles.g.cs).
        Assert.Equal(4, first.Sources.Count);
        return harness;
    }

    [Fact]
    public void Editing_a_cs_file_reruns_no_proto_step()
    {
        var harness = Prepared();
        var run = harness.SetUserCode("namespace User { public static class Edited { } }").Run();

        Assert.All(run.Reasons(ProtoGenGenerator.StepNames.Parse), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.All(run.Reasons(ProtoGenGenerator.StepNames.Bind), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        var emit = run.Reasons(ProtoGenGenerator.StepNames.Emit);
        Assert.Equal(3, emit.Count);
        Assert.All(emit, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
    }

    [Fact]
    public void Editing_one_proto_reparses_only_that_file()
    {
        var harness = Prepared();
        var run = harness.SetProto("standalone.proto", Standalone.Replace("name = 1", "name = 1; int32 size = 2")).Run();

        var parse = run.Reasons(ProtoGenGenerator.StepNames.Parse);
        Assert.Equal(1, parse.Count(r => r == IncrementalStepRunReason.Modified));
        Assert.Equal(2, parse.Count(r => r == IncrementalStepRunReason.Cached));
    }

    [Fact]
    public void Editing_an_imported_proto_rebinds_its_importers_and_leaves_other_files_cached()
    {
        var harness = Prepared();
        var run = harness.SetProto("base.proto", Base.Replace("int32 id = 1;", "int32 id = 1; string note = 2;")).Run();

        // Bind outputs, in input order: base.proto and uses_base.proto (whose imported model changed) are new;
        // standalone.proto is rebound (the set of parsed files changed) to an equal result.
        Assert.Equal(
            [IncrementalStepRunReason.Modified, IncrementalStepRunReason.Modified, IncrementalStepRunReason.Unchanged],
            run.Reasons(ProtoGenGenerator.StepNames.Bind));
        // Emit: base.proto gets new code; uses_base.proto is emitted again and its text is unchanged (it only names
        // Base); standalone.proto's emit step does not run at all.
        Assert.Equal(
            [IncrementalStepRunReason.Modified, IncrementalStepRunReason.Unchanged, IncrementalStepRunReason.Cached],
            run.Reasons(ProtoGenGenerator.StepNames.Emit));
        Assert.Contains("Note", run.Sources["base.g.cs"]);
    }

    [Fact]
    public void Whitespace_edit_of_a_proto_leaves_the_generated_code_cached()
    {
        var harness = Prepared();
        var run = harness.SetProto("standalone.proto", Standalone + "\n\n// a trailing comment\n").Run();

        var emit = run.Reasons(ProtoGenGenerator.StepNames.Emit);
        Assert.DoesNotContain(IncrementalStepRunReason.Modified, emit);
    }
}
