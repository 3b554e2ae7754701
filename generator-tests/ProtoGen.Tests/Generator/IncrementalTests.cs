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
        Assert.All(run.Reasons(ProtoGenGenerator.StepNames.Imports), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
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
        // standalone.proto, which imports neither, is not bound again.
        Assert.Equal(
            [IncrementalStepRunReason.Modified, IncrementalStepRunReason.Modified, IncrementalStepRunReason.Cached],
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
        // The marks record the file's minimal text, which a comment leaves as it was: the marks file stays as it is.
        Assert.Equal(
            [IncrementalStepRunReason.Cached, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged],
            run.Reasons(ProtoGenGenerator.StepNames.MarkText));
    }

    // A wider project for the import-closure tests: a chain leaf <- middle <- top (top reaches leaf only through
    // middle), a public import (facade re-exports leaf), a file beside them that imports an unrelated leaf, a file
    // that imports nothing, and an import-only file (ProtoGenerate="false") imported by one of them.
    private static readonly (string Path, string Text)[] Chain =
    [
        ("leaf.proto", "syntax = \"proto3\"; package chain; message Leaf { int32 id = 1; }"),
        ("middle.proto", "syntax = \"proto3\"; package chain; import \"leaf.proto\"; message Middle { Leaf leaf = 1; }"),
        ("top.proto", "syntax = \"proto3\"; package chain; import \"middle.proto\"; message Top { Middle middle = 1; }"),
        ("facade.proto", "syntax = \"proto3\"; package chain; import public \"leaf.proto\";"),
        ("via_facade.proto", "syntax = \"proto3\"; package chain; import \"facade.proto\"; message ViaFacade { Leaf leaf = 1; }"),
        ("other_leaf.proto", "syntax = \"proto3\"; package side; message OtherLeaf { string name = 1; }"),
        ("beside.proto", "syntax = \"proto3\"; package side; import \"other_leaf.proto\"; message Beside { OtherLeaf other = 1; }"),
        ("alone.proto", "syntax = \"proto3\"; package alone; message Alone { bool on = 1; }"),
        ("uses_vendor.proto", "syntax = \"proto3\"; package side; import \"vendor/v.proto\"; message UsesVendor { vendor.V v = 1; }"),
    ];

    private const string Vendor = "syntax = \"proto3\"; package vendor; message V { int64 at = 1; }";

    private static readonly Dictionary<string, string> ImportOnly = new() { ["ProtoGenerate"] = "false" };

    private static GeneratorHarness PreparedChain()
    {
        var harness = new GeneratorHarness();
        foreach (var (path, text) in Chain) harness.SetProto(path, text);
        harness.SetProto("vendor/v.proto", Vendor, ImportOnly);
        var first = harness.Run();
        Assert.Empty(first.Diagnostics);
        Assert.All(BindReasons(first).Values, r => Assert.Equal(IncrementalStepRunReason.New, r));
        Assert.Equal(Chain.Length, BindReasons(first).Count);
        return harness;
    }

    /// <summary>The bind step's run reason of each generated file, by import path (one bind per generated file).</summary>
    private static Dictionary<string, IncrementalStepRunReason> BindReasons(GeneratorRun run)
    {
        var reasons = new Dictionary<string, IncrementalStepRunReason>(StringComparer.Ordinal);
        foreach (var step in run.Generator.TrackedSteps[ProtoGenGenerator.StepNames.Bind])
        {
            foreach (var (value, reason) in step.Outputs)
            {
                // BindStepResult is private to the generator: its ImportPath property, read by name.
                var path = (string)value.GetType().GetProperty("ImportPath")!.GetValue(value)!;
                Assert.True(reasons.TryAdd(path, reason), $"{path} was bound twice");
            }
        }
        return reasons;
    }

    private static void AssertRebound(GeneratorRun run, string[] rebound)
    {
        var reasons = BindReasons(run);
        foreach (var (path, reason) in reasons)
        {
            if (rebound.Contains(path))
            {
                Assert.True(reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.New,
                    $"{path}: {reason}, expected to be bound again");
            }
            else
            {
                Assert.True(reason == IncrementalStepRunReason.Cached, $"{path}: {reason}, expected Cached");
            }
        }
        Assert.All(rebound, path => Assert.True(reasons.ContainsKey(path), $"{path} has no bind step"));
    }

    [Fact]
    public void Editing_a_leaf_rebinds_its_direct_and_transitive_importers_only()
    {
        var harness = PreparedChain();
        var run = harness.SetProto("leaf.proto", Chain[0].Text.Replace("int32 id = 1;", "int32 id = 1; string note = 2;")).Run();

        // middle imports leaf, top imports middle, facade re-exports leaf and via_facade imports facade.
        AssertRebound(run, ["leaf.proto", "middle.proto", "top.proto", "facade.proto", "via_facade.proto"]);
        Assert.Equal(IncrementalStepRunReason.Modified, BindReasons(run)["leaf.proto"]);
        Assert.Contains("Note", run.Sources["leaf.g.cs"]);
        Assert.Empty(run.Diagnostics);
    }

    [Fact]
    public void Editing_a_file_nothing_imports_rebinds_only_that_file()
    {
        var harness = PreparedChain();
        var run = harness.SetProto("top.proto", Chain[2].Text.Replace("Middle middle = 1;", "Middle middle = 1; Leaf leaf = 2;")).Run();

        // top.proto now names Leaf, which middle.proto does not re-export: the error shows that top was bound again.
        AssertRebound(run, ["top.proto"]);
        Assert.Contains(run.Diagnostics, d => d.Id == "PG0201" || d.GetMessage().Contains("Leaf"));
    }

    [Fact]
    public void Editing_an_import_only_file_rebinds_its_importers_only()
    {
        var harness = PreparedChain();
        var run = harness.SetProto("vendor/v.proto", Vendor.Replace("int64 at = 1;", "int64 at = 1; int64 until = 2;"), ImportOnly).Run();

        AssertRebound(run, ["uses_vendor.proto"]);
    }

    [Fact]
    public void Editing_a_cs_file_rebinds_nothing_in_a_wider_project()
    {
        var harness = PreparedChain();
        var run = harness.SetUserCode("namespace User { public static class Edited { } }").Run();

        AssertRebound(run, []);
        Assert.All(run.Reasons(ProtoGenGenerator.StepNames.Imports), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    [Fact]
    public void Adding_a_file_binds_it_and_leaves_the_others_cached()
    {
        var harness = PreparedChain();
        var run = harness.SetProto("new.proto", "syntax = \"proto3\"; package fresh; import \"leaf.proto\"; message Fresh { chain.Leaf leaf = 1; }").Run();

        AssertRebound(run, ["new.proto"]);
        Assert.Equal(IncrementalStepRunReason.New, BindReasons(run)["new.proto"]);
        Assert.Contains("Fresh", run.Sources["new.g.cs"]);
    }

    [Fact]
    public void Adding_a_missing_import_rebinds_the_file_that_imports_it()
    {
        var harness = new GeneratorHarness()
            .SetProto("wants.proto", "syntax = \"proto3\"; package w; import \"later.proto\"; message Wants { Later later = 1; }")
            .SetProto("alone.proto", Chain[7].Text);
        var first = harness.Run();
        Assert.Contains(first.Diagnostics, d => d.GetMessage().Contains("later.proto"));

        var run = harness.SetProto("later.proto", "syntax = \"proto3\"; package w; message Later { }").Run();

        AssertRebound(run, ["wants.proto", "later.proto"]);
        Assert.Empty(run.Diagnostics);
        Assert.Contains("Later", run.Sources["wants.g.cs"]);
    }

    [Fact]
    public void Removing_a_file_rebinds_its_importers_only()
    {
        var harness = PreparedChain();
        var run = harness.RemoveProto("other_leaf.proto").Run();

        var reasons = BindReasons(run);
        Assert.Equal(IncrementalStepRunReason.Removed, reasons["other_leaf.proto"]);
        reasons.Remove("other_leaf.proto");
        Assert.True(reasons["beside.proto"] == IncrementalStepRunReason.Modified, reasons["beside.proto"].ToString());
        Assert.All(reasons.Where(kv => kv.Key != "beside.proto"), kv => Assert.True(kv.Value == IncrementalStepRunReason.Cached, $"{kv.Key}: {kv.Value}"));
        Assert.Contains(run.Diagnostics, d => d.GetMessage().Contains("other_leaf.proto"));
    }
}
