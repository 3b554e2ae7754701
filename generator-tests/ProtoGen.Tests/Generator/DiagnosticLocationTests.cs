using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using ProtoGen.SourceGenerator;

namespace ProtoGen.Tests.Generator;

/// <summary>
/// Diagnostics reported by the source generator at exact .proto locations, written as markup in the .proto text
/// (<c>{|PG0201:1|}</c>, or <c>{|#0:Missing|}</c> with the expected message) and checked by Roslyn's generator test driver
/// (Microsoft.CodeAnalysis.CSharp.SourceGenerators.Testing): the code, the file, the span and the message each time,
/// and nothing else reported, by the generator or the compiler.
/// </summary>
public sealed class DiagnosticLocationTests
{
    [Fact]
    public Task An_undefined_field_type_is_reported_on_the_type_name() => new GeneratorTest
    {
        TestState =
        {
            AdditionalFiles =
            {
                ("/project/shop.proto", """
                    syntax = "proto3";
                    package shop;
                    message Order {
                      {|#0:Missing|} item = 1;
                    }
                    """),
            },
        },
        ExpectedDiagnostics = { Message("PG0101", "\"Missing\" is not defined.") },
    }.RunAsync();

    [Fact]
    public Task A_duplicate_field_number_is_reported_on_the_second_use_and_the_other_file_still_generates() => new GeneratorTest
    {
        TestState =
        {
            Sources = { "class UsesTheGoodFile { Shop.Item Item = new() { Id = \"1\" }; }" },
            AdditionalFiles =
            {
                ("/project/bad.proto", """
                    syntax = "proto3";
                    package shop;
                    message Basket {
                      string owner = 1;
                      string note = {|PG0201:1|};
                    }
                    """),
                ("/project/good.proto", """
                    syntax = "proto3";
                    package shop;
                    message Item { string id = 1; }
                    """),
            },
        },
    }.RunAsync();

    [Fact]
    public Task A_syntax_error_is_reported_at_the_unexpected_token() => new GeneratorTest
    {
        TestState =
        {
            AdditionalFiles =
            {
                ("/project/broken.proto", """
                    syntax = "proto3";
                    message Broken {
                      string name = 1 {|PG0001:string|}
                    }
                    """),
            },
        },
    }.RunAsync();

    [Fact]
    public Task A_missing_import_is_reported_on_the_imported_path() => new GeneratorTest
    {
        TestState =
        {
            AdditionalFiles =
            {
                ("/project/orders.proto", """
                    syntax = "proto3";
                    import {|#0:"nowhere/missing.proto"|};
                    message Order { string id = 1; }
                    """),
            },
        },
        ExpectedDiagnostics = { Message("PG0106", "Import \"nowhere/missing.proto\" was not found or had errors.") },
    }.RunAsync();

    private static DiagnosticResult Message(string code, string message) =>
        new DiagnosticResult(code, DiagnosticSeverity.Error).WithMessage(message).WithLocation(0);

    /// <summary>
    /// The driver set up for ProtoGen: the generator on the given .proto AdditionalFiles, a compilation against the
    /// running framework and ProtoGen.Runtime (no reference packages downloaded at test time), and no check of the
    /// generated text itself, which the snapshot tests own.
    /// </summary>
    private sealed class GeneratorTest : CSharpSourceGeneratorTest<ProtoGenGenerator, DefaultVerifier>
    {
        public GeneratorTest()
        {
            ReferenceAssemblies = new ReferenceAssemblies("net10.0");
            TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
            TestState.AdditionalReferences.AddRange(Infrastructure.Compilations.FrameworkAndRuntimeReferences);
            // What build/ProtoGen.props tells the generator in a project that imports it (PG0502 otherwise).
            TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.ProtoGenSettingsImported = true\n"));
            // The driver wants at least one C# file.
            TestState.Sources.Add(("/project/Program.cs", "static class Program { }"));
        }
    }
}
