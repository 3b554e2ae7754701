using ProtoGen.Compiler;
using ProtoGen.Compiler.Diagnostics;
using ProtoGen.Tests.Infrastructure;

namespace ProtoGen.Tests.Fuzzing;

/// <summary>
/// What the fuzzer found, each reduced to a small file: before the C# checks these generated C# that did not compile
/// (CS0102, CS1519, CS9062, CS8860...); now each is a diagnostic in the .proto. Next to each, the nearest valid file
/// still generates C# that compiles, so the checks reject no more than they must.
/// </summary>
public sealed class FuzzRegressionTests
{
    [Theory]
    // issue 24: a csharp_namespace with spaces or numbers in it (CS0116 / CS1514 / CS1001 in generated code before).
    [InlineData("option csharp_namespace = \"Google.Cloud.Re optional tail.V2\";\nmessage M { int32 a = 1; }", "PG0503", 2, 27)]
    [InlineData("option csharp_namespace = \" 536870912 Google.Cloud.Iam.Admi public n.V1\";\nmessage M { int32 a = 1; }", "PG0503", 2, 27)]
    // Stress corpus s5 (seed 24): fields foo and foo_field_number (CS0102 on FooFieldNumber).
    [InlineData("message Rudor {\n  float foo = 1;\n  float foo_field_number = 2;\n}", "PG0505", 4, 9)]
    // Mutants #3577, #4472, #4501, #4809: a field named _ or __ had an empty property name (CS1519).
    [InlineData("message M {\n  int32 __ = 1;\n}", "PG0506", 3, 9)]
    [InlineData("message M {\n  oneof _ { int32 a = 1; }\n}", "PG0506", 3, 9)]
    // Mutants #3085, #5183, #5259: types named record (CS8860), required (CS1519), scoped (CS9062).
    [InlineData("enum record { A = 0; }", "PG0506", 2, 6)]
    [InlineData("message required { int32 a = 1; }", "PG0506", 2, 9)]
    [InlineData("message M { message scoped {} }", "PG0506", 2, 21)]
    [InlineData("message var {}\nmessage N { int32 a = 1; }", "PG0506", 2, 9)]
    public void Fuzzer_findings_are_diagnostics_in_the_proto_file(string body, string code, int line, int column)
    {
        var result = Bind("syntax = \"proto3\";\n" + body);

        var error = Assert.Single(result.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Equal(code, error.Code);
        Assert.Equal((line, column), (error.Span.StartPosition.Line + 1, error.Span.StartPosition.Column + 1));
    }

    [Theory]
    [InlineData("option csharp_namespace = \"Google.Cloud.Resourcemanager.V2\";\nmessage M { int32 a = 1; }")]
    [InlineData("option csharp_namespace = \"Acme.@class.string.Ünïcödé\";\nmessage M { int32 a = 1; }")]
    [InlineData("option csharp_namespace = \"\";\nmessage M { int32 a = 1; }")]
    [InlineData("message Rudor {\n  float foo = 1;\n  float foo_field_count = 2;\n}")]
    [InlineData("message M {\n  int32 _1 = 1;\n  int32 x_ = 2;\n}")]
    [InlineData("enum Record { A = 0; }\nmessage string { Record record = 1; string var = 2; int32 scoped = 3; }")]
    [InlineData("message M {\n  int32 foo = 1;\n  int32 has_foo = 2;\n  int32 clear_foo = 3;\n  message Foo {}\n}")]
    public void Their_nearest_valid_files_still_generate_csharp_that_compiles(string body)
    {
        var result = Bind("syntax = \"proto3\";\n" + body);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));

        var source = ProtoCompiler.Emit(result.File!, result.Dependencies, EmitOptions.Default).Source;
        var problems = Compilations.Problems(Compilations.Create(new[] { source }));
        Assert.True(problems.Count == 0, string.Join("\n", problems) + "\n" + source);
    }

    private static BindResult Bind(string text) =>
        ProtoCompiler.Bind("test.proto", new Dictionary<string, Compiler.Syntax.ParsedFile> { ["test.proto"] = ProtoCompiler.Parse("test.proto", text) });
}
