using ProtoGen.Compiler.Diagnostics;
using ProtoGen.Compiler.Syntax;

namespace ProtoGen.Compiler.Tests.Syntax;

/// <summary>Whatever the input, parsing and binding end, never throw, and report problems as diagnostics.</summary>
public class RobustnessTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Every_truncation_of_a_realistic_file_parses_and_binds_without_exception()
    {
        var text = SampleSources.Proto2Kitchen;
        var cuts = new SortedSet<int> { 0, text.Length };
        foreach (var token in Lexer.Lex("k.proto", text).Tokens)
        {
            cuts.Add(token.Span.Start);
            cuts.Add(token.Span.Start + token.Span.Length);
        }
        for (int i = 0; i < text.Length; i += 7) cuts.Add(i);

        await RunWithinBudget(() =>
        {
            foreach (var cut in cuts) AssertCompilesWithoutException(text.Substring(0, cut));
        });
    }

    [Fact]
    public async Task Random_single_character_mutations_parse_and_bind_without_exception()
    {
        var text = SampleSources.Proto2Kitchen;
        var random = new Random(20261121);
        const string interesting = "{}[]()<>;=,.\"'\\/*-+0123456789xeEaz_ \n\t\0\u00e9\ud83d";
        await RunWithinBudget(() =>
        {
            for (int i = 0; i < 1500; i++)
            {
                int position = random.Next(text.Length);
                char replacement = random.Next(4) == 0 ? (char)random.Next(0, 0x10000) : interesting[random.Next(interesting.Length)];
                string mutated = random.Next(3) switch
                {
                    0 => text.Remove(position, 1),
                    1 => text.Insert(position, replacement.ToString()),
                    _ => text.Remove(position, 1).Insert(position, replacement.ToString()),
                };
                AssertCompilesWithoutException(mutated);
            }
        });
    }

    [Fact]
    public async Task Binary_garbage_parses_and_binds_without_exception()
    {
        var random = new Random(7);
        await RunWithinBudget(() =>
        {
            for (int i = 0; i < 300; i++)
            {
                var chars = new char[random.Next(0, 400)];
                for (int j = 0; j < chars.Length; j++) chars[j] = (char)random.Next(0, i % 2 == 0 ? 0x80 : 0x10000);
                AssertCompilesWithoutException(new string(chars));
            }
        });
    }

    [Theory]
    [InlineData("")]
    [InlineData("}")]
    [InlineData("}}}}")]
    [InlineData("{{{{")]
    [InlineData("message")]
    [InlineData("message M {")]
    [InlineData("message M { message N { message O {")]
    [InlineData("message M { oneof o {")]
    [InlineData("enum E {")]
    [InlineData("service S { rpc A(B) returns (C) {")]
    [InlineData("extend M {")]
    [InlineData("option (a.b).c = {")]
    [InlineData("option x = { a: { b: [1, 2 }")]
    [InlineData("\"unterminated")]
    [InlineData("/* unterminated")]
    [InlineData("syntax = \"proto4\"; message M {}")]
    [InlineData("syntax")]
    [InlineData("message M { map<")]
    [InlineData("message M { optional group G = 1 {")]
    [InlineData("message M { reserved 1 to")]
    [InlineData("message M { extensions 1 to max [")]
    [InlineData("import \"test.proto\";")]
    [InlineData(";;;;")]
    [InlineData("message M { optional int32 x = 99999999999999999999999; }")]
    [InlineData("message M { optional double x = 1 [default = -nan]; }")]
    public async Task Truncated_and_malformed_inputs_end_with_diagnostics(string text)
    {
        await RunWithinBudget(() => AssertCompilesWithoutException(text));
    }

    private static void AssertCompilesWithoutException(string text)
    {
        var parsed = ProtoCompiler.Parse("test.proto", text);
        Assert.DoesNotContain(parsed.Diagnostics, d => d.Code == DiagnosticCatalog.InternalError.Code);
        var files = new Dictionary<string, ParsedFile>
        {
            ["test.proto"] = parsed,
            ["acme/kitchen/v1/units.proto"] = ProtoCompiler.Parse("acme/kitchen/v1/units.proto", SampleSources.Units),
        };
        var result = ProtoCompiler.Bind("test.proto", files);
        Assert.DoesNotContain(result.Diagnostics, d => d.Code == DiagnosticCatalog.InternalError.Code);
        if (result.HasErrors) Assert.Null(result.File);
        foreach (var diagnostic in result.Diagnostics)
        {
            Assert.InRange(diagnostic.Span.Start, 0, text.Length);
            Assert.InRange(diagnostic.Span.Start + diagnostic.Span.Length, 0, text.Length);
        }
    }

    /// <summary>Fails with a TimeoutException when a loop does not advance.</summary>
    private static Task RunWithinBudget(Action action) => Task.Run(action).WaitAsync(Budget);
}
