using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ProtoGen.SourceGenerator;
using ProtoGen.Tests.Infrastructure;

namespace ProtoGen.Tests.Generator;

/// <summary>
/// A .proto file generated in one assembly and imported by another project: the importer reuses the referenced
/// assembly's types (found through its GeneratedProtoFile marks) instead of generating them again, and import-only
/// files resolve imports without being generated.
/// </summary>
public sealed class SharedContractsTests
{
    private const string Common = """
        syntax = "proto3";
        package acme.common;
        // A price: "units" of a currency (ISO 4217), café-style comments included.
        message Money {
          string currency = 1;
          int64 units = 2;
        }
        """;

    private const string Greet = """
        syntax = "proto3";
        package greet;
        import "common.proto";
        message HelloRequest {
          string name = 1;
          acme.common.Money price = 2;
        }
        """;

    private const string UserCode = """
        namespace User
        {
            public static class Uses
            {
                public static long Units(Greet.HelloRequest request) => request.Price?.Units ?? 0;
            }
        }
        """;

    /// <summary>The shared library: generates common.proto (and whatever else is given), compiled to a reference.</summary>
    private static MetadataReference Library(string assemblyName = "Acme.Contracts", string commonText = Common, IReadOnlyDictionary<string, string>? metadata = null,
        params (string Path, string Text)[] more)
    {
        var harness = new GeneratorHarness(assemblyName: assemblyName).SetProto("common.proto", commonText, metadata);
        foreach (var (path, text) in more) harness.SetProto(path, text);
        var run = harness.Run();
        Assert.DoesNotContain(run.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        return Compilations.ToReference(run.OutputCompilation);
    }

    private static string AssemblyOfProperty(Compilation compilation, string typeName, string property) =>
        compilation.GetTypeByMetadataName(typeName)!.GetMembers(property).OfType<IPropertySymbol>().Single().Type.ContainingAssembly.Name;

    [Fact]
    public void Types_of_an_imported_file_come_from_the_referenced_library_that_generated_it()
    {
        var run = new GeneratorHarness(UserCode, references: [Library()]).SetProto("greet.proto", Greet).Run();

        Assert.Empty(run.Diagnostics);
        Assert.Contains("greet.g.cs", run.Sources.Keys);
        Assert.DoesNotContain("common.g.cs", run.Sources.Keys);
        Assert.Empty(Compilations.Problems(run.OutputCompilation));
        Assert.Equal("Acme.Contracts", AssemblyOfProperty(run.OutputCompilation, "Greet.HelloRequest", "Price"));
    }

    [Fact]
    public void A_listed_file_that_a_reference_generated_is_not_generated_again_and_PG0802_says_where_its_types_are()
    {
        var run = new GeneratorHarness(UserCode, references: [Library()])
            .SetProto("common.proto", Common)
            .SetProto("greet.proto", Greet)
            .Run();

        var reuse = Assert.Single(run.Diagnostics);
        Assert.Equal("PG0802", reuse.Id);
        Assert.Equal(DiagnosticSeverity.Info, reuse.Severity);
        Assert.Contains("Acme.Contracts", reuse.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain("common.g.cs", run.Sources.Keys);
        // No CS0436 (a type of this project conflicting with the library's): the only copy is the library's.
        Assert.Empty(Compilations.Problems(run.OutputCompilation));
        Assert.Equal("Acme.Contracts", AssemblyOfProperty(run.OutputCompilation, "Greet.HelloRequest", "Price"));
    }

    [Fact]
    public void A_listed_copy_that_differs_from_the_referenced_file_gets_PG0803_and_the_library_types_are_used()
    {
        var run = new GeneratorHarness(UserCode, references: [Library()])
            .SetProto("common.proto", Common.Replace("int64 units = 2;", "int64 units = 2; int32 nanos = 3;"))
            .SetProto("greet.proto", Greet)
            .Run();

        var differs = Assert.Single(run.Diagnostics);
        Assert.Equal("PG0803", differs.Id);
        Assert.Equal(DiagnosticSeverity.Warning, differs.Severity);
        Assert.DoesNotContain("common.g.cs", run.Sources.Keys);
        Assert.Equal("Acme.Contracts", AssemblyOfProperty(run.OutputCompilation, "Greet.HelloRequest", "Price"));
    }

    [Fact]
    public void The_same_file_with_other_line_endings_is_the_same_file()
    {
        var run = new GeneratorHarness(UserCode, references: [Library()])
            .SetProto("common.proto", Common.Replace("\n", "\r\n"))
            .SetProto("greet.proto", Greet)
            .Run();

        Assert.Equal("PG0802", Assert.Single(run.Diagnostics).Id);
    }

    [Fact]
    public void The_namespace_a_library_chose_with_ProtoNamespace_is_the_one_importers_name()
    {
        var library = Library(metadata: new Dictionary<string, string> { ["ProtoNamespace"] = "Acme.Shared.Money" });
        var run = new GeneratorHarness(UserCode, references: [library]).SetProto("greet.proto", Greet).Run();

        Assert.Empty(run.Diagnostics);
        Assert.Empty(Compilations.Problems(run.OutputCompilation));
        var price = run.OutputCompilation.GetTypeByMetadataName("Greet.HelloRequest")!.GetMembers("Price").OfType<IPropertySymbol>().Single();
        Assert.Equal("Acme.Shared.Money.Money", price.Type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat.WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.None)));
    }

    [Fact]
    public void Options_from_an_annotations_file_that_only_a_referenced_package_holds_resolve_from_its_mark()
    {
        // google/api/annotations.proto-style: an extension of MethodOptions whose type lives in another file, both
        // generated by the team that publishes the package; the importing project has neither file on disk.
        const string http = """
            syntax = "proto3";
            package acme.api;
            message HttpRule {
              string get = 1;
              string post = 2;
              string body = 3;
            }
            """;
        const string annotations = """
            syntax = "proto3";
            package acme.api;
            import "acme/api/http.proto";
            import "google/protobuf/descriptor.proto";
            extend google.protobuf.MethodOptions {
              HttpRule http = 72295728;
            }
            """;
        const string service = """
            syntax = "proto3";
            package shop;
            import "acme/api/annotations.proto";
            import "acme/api/http.proto";
            message Order { string id = 1; acme.api.HttpRule route = 2; }
            service Orders {
              rpc Get (Order) returns (Order) {
                option (acme.api.http) = { get: "/v1/orders/{id}" };
              }
            }
            """;
        var package = Library("Acme.Api", Common, null, ("acme/api/http.proto", http), ("acme/api/annotations.proto", annotations));

        var run = new GeneratorHarness(references: [package]).SetProto("shop.proto", service, new Dictionary<string, string> { ["GrpcServices"] = "None" }).Run();

        Assert.DoesNotContain(run.Diagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        Assert.Equal(["ProtoGen.GeneratedFiles.g.cs", "shop.g.cs"], run.Sources.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Empty(Compilations.Problems(run.OutputCompilation));
        Assert.Equal("Acme.Api", AssemblyOfProperty(run.OutputCompilation, "Shop.Order", "Route"));
    }

    [Fact]
    public void Import_only_files_resolve_imports_and_are_not_generated_or_marked()
    {
        const string options = """
            syntax = "proto3";
            package acme.options;
            import "google/protobuf/descriptor.proto";
            extend google.protobuf.MessageOptions { string label = 50001; }
            """;
        const string labelled = """
            syntax = "proto3";
            package labelled;
            import "acme/options.proto";
            message Item { option (acme.options.label) = "item"; string name = 1; }
            """;
        var run = new GeneratorHarness()
            .SetProto("imports/acme/options.proto", options, new Dictionary<string, string> { ["ProtoGenerate"] = "false", ["ProtoRoot"] = "imports" })
            .SetProto("labelled.proto", labelled)
            .Run();

        Assert.Empty(run.Diagnostics);
        Assert.Equal(["ProtoGen.GeneratedFiles.g.cs", "labelled.g.cs"], run.Sources.Keys.OrderBy(k => k, StringComparer.Ordinal));
        var mark = Assert.Single(run.Sources["ProtoGen.GeneratedFiles.g.cs"].Split('\n'), line => line.StartsWith("[assembly:", StringComparison.Ordinal));
        Assert.StartsWith("[assembly: global::ProtoGen.GeneratedProtoFile(\"labelled.proto\", ", mark, StringComparison.Ordinal);
        Assert.Empty(Compilations.Problems(run.OutputCompilation));
    }

    [Fact]
    public void Without_the_import_only_file_the_import_is_not_found()
    {
        // The counterpart of the test above: the import-only file is what resolves the import.
        var run = new GeneratorHarness()
            .SetProto("labelled.proto", """
                syntax = "proto3";
                package labelled;
                import "acme/options.proto";
                message Item { string name = 1; }
                """)
            .Run();

        Assert.Contains(run.Diagnostics, d => d.Id == "PG0106");
    }

    [Fact]
    public void Each_generated_file_is_marked_with_its_import_path_namespace_override_and_minimal_text()
    {
        string text = "syntax = \"proto3\";\r\npackage acme.common;\n\t// \"quoted\" \\ back\\slash, ünïcödé\n"
            + "option go_package = \"ünïcödé \\\"q\\\" \\\\ 日本, 🚀\";\nmessage Money { string currency = 1; }\n";
        // No comments and no line breaks; the string literal byte for byte, through the attribute's C# literal.
        string minimal = "syntax=\"proto3\";package acme.common;option go_package=\"ünïcödé \\\"q\\\" \\\\ 日本, 🚀\";message Money{string currency=1;}";
        var library = new GeneratorHarness(assemblyName: "Acme.Marked")
            .SetProto("acme/common/money.proto", text, new Dictionary<string, string> { ["ProtoNamespace"] = "Acme.Shared" })
            .SetProto("acme/common/plain.proto", "syntax = \"proto3\";\npackage acme.common;\nmessage Plain {}\n")
            .Run();

        var marks = Compilations.Load(library.OutputCompilation).GetCustomAttributes<GeneratedProtoFileAttribute>()
            .OrderBy(m => m.ImportPath, StringComparer.Ordinal).ToList();

        Assert.Equal(["acme/common/money.proto", "acme/common/plain.proto"], marks.Select(m => m.ImportPath));
        Assert.Equal(["Acme.Shared", ""], marks.Select(m => m.NamespaceOverride));
        Assert.Equal(minimal, marks[0].Source);
    }

    [Fact]
    public void A_listed_copy_that_differs_only_in_comments_and_layout_is_the_same_file()
    {
        var run = new GeneratorHarness(UserCode, references: [Library()])
            .SetProto("common.proto", "// Our copy, reformatted.\n" + Common.Replace("\n  ", "\n\t\t").Replace("// A price", "/* A price */ // A price"))
            .SetProto("greet.proto", Greet)
            .Run();

        Assert.Equal("PG0802", Assert.Single(run.Diagnostics).Id);
    }

    [Fact]
    public void A_mark_that_holds_the_text_as_written_is_read_and_compared_by_its_tokens()
    {
        // A library built before the marks held minimal text: its mark carries the file as written, comments included.
        var libraryRun = new GeneratorHarness(assemblyName: "Acme.Old").SetProto("common.proto", Common).Run();
        var marksTree = libraryRun.OutputCompilation.SyntaxTrees.Single(t => t.FilePath.EndsWith("ProtoGen.GeneratedFiles.g.cs", StringComparison.Ordinal));
        string asWritten = "// An older copy's comment.\n" + Common;
        var oldMarks = CSharpSyntaxTree.ParseText(
            $"[assembly: global::ProtoGen.GeneratedProtoFile(\"common.proto\", \"\", {SymbolDisplay.FormatLiteral(asWritten, quote: true)})]",
            (CSharpParseOptions)marksTree.Options, marksTree.FilePath);
        var old = Compilations.ToReference(libraryRun.OutputCompilation.ReplaceSyntaxTree(marksTree, oldMarks));

        var run = new GeneratorHarness(UserCode, references: [old])
            .SetProto("common.proto", Common)
            .SetProto("greet.proto", Greet)
            .Run();

        Assert.Equal("PG0802", Assert.Single(run.Diagnostics).Id);
        Assert.DoesNotContain("common.g.cs", run.Sources.Keys);
        Assert.Empty(Compilations.Problems(run.OutputCompilation));
        Assert.Equal("Acme.Old", AssemblyOfProperty(run.OutputCompilation, "Greet.HelloRequest", "Price"));
    }

    [Fact]
    public void Two_references_that_generated_the_same_file_get_PG0804_and_the_first_one_is_used()
    {
        var run = new GeneratorHarness(UserCode, references: [Library("Acme.B"), Library("Acme.A")]).SetProto("greet.proto", Greet).Run();

        var twice = Assert.Single(run.Diagnostics);
        Assert.Equal("PG0804", twice.Id);
        Assert.Contains("Acme.A and Acme.B", twice.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Editing_a_cs_file_reads_the_marks_again_to_an_equal_value_and_rebinds_nothing()
    {
        var harness = new GeneratorHarness(UserCode, references: [Library()]).SetProto("greet.proto", Greet);
        Assert.Empty(harness.Run().Diagnostics);

        var run = harness.SetUserCode(UserCode + "\nnamespace User { public static class Edited { } }").Run();

        Assert.All(run.Reasons(ProtoGenGenerator.StepNames.References), r => Assert.Equal(IncrementalStepRunReason.Unchanged, r));
        Assert.All(run.Reasons(ProtoGenGenerator.StepNames.Bind), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.All(run.Reasons(ProtoGenGenerator.StepNames.Emit), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    [Fact]
    public void A_project_in_an_older_CSharp_than_the_generated_code_needs_gets_one_PG0801_naming_the_fix_and_no_code()
    {
        var run = new GeneratorHarness(languageVersion: LanguageVersion.CSharp7_3)
            .SetProto("common.proto", Common)
            .SetProto("greet.proto", Greet)
            .Run();

        var tooOld = Assert.Single(run.Diagnostics);
        Assert.Equal("PG0801", tooOld.Id);
        Assert.Equal(DiagnosticSeverity.Error, tooOld.Severity);
        Assert.Contains("C# 10 or newer", tooOld.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("compiles C# 7.3", tooOld.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("<LangVersion>latest</LangVersion>", tooOld.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void The_generated_code_compiles_in_the_oldest_CSharp_that_PG0801_accepts()
    {
        // C# 10 is the bound PG0801 checks; the sample protos cover every field kind the emitter writes.
        var harness = new GeneratorHarness(languageVersion: LanguageVersion.CSharp10, withGrpc: true);
        foreach (var (path, text) in SampleProtos.All()) harness.SetProto(path, text);
        var run = harness.Run();

        Assert.Empty(run.Diagnostics);
        Assert.NotEmpty(run.Sources);
        Assert.Empty(Compilations.Problems(run.OutputCompilation));
    }
}
