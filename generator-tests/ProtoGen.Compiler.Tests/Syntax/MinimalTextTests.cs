using System.Runtime.CompilerServices;
using ProtoGen.Compiler.Descriptors;
using ProtoGen.Compiler.Syntax;
using ProtoGen.Compiler.WellKnownTypes;

namespace ProtoGen.Compiler.Tests.Syntax;

/// <summary>
/// The minimal text the assembly marks record: the same tokens as the file as written (so the same descriptor and the
/// same generated code for its importers), without comments, line breaks or spaces that separate nothing.
/// </summary>
public class MinimalTextTests
{
    public static TheoryData<string, string> Lexing() => new()
    {
        // Comments go, whatever they hold; comment markers inside string literals are text.
        { "// header\n/* block */ syntax = \"proto3\"; // trailing\n", "syntax=\"proto3\";" },
        { "option go_package = \"a//b/*c*/d\";", "option go_package=\"a//b/*c*/d\";" },
        { "option go_package = 'it''s // \"x\"';", "option go_package='it''s // \"x\"';" },
        { "message/*a*/M/**/{int32/* b */a=1;}", "message M{int32 a=1;}" },
        { "message M {\r\n\tint32   a = 1 ;\r\n}\r\n", "message M{int32 a=1;}" },
        // String literals byte for byte: escapes, non-ASCII characters, adjacent literals.
        { "option (o) = \"\\x00\\377\\u00e9\\\"\\\\ é 日本 🚀\" \"next\";", "option(o)=\"\\x00\\377\\u00e9\\\"\\\\ é 日本 🚀\"\"next\";" },
        // Signs and numbers are separate tokens, and stay as written.
        { "int64 a = 1 [default = - 5];", "int64 a=1[default=-5];" },
        { "double d = 2 [default = -1e-5];", "double d=2[default=-1e-5];" },
        { "float f = 3 [default = 1.5E+3];", "float f=3[default=1.5E+3];" },
        { "sfixed32 x = 0x1F [default = 017];", "sfixed32 x=0x1F[default=017];" },
        { "double g = 4 [default = .5];", "double g=4[default=.5];" },
        { "double h = 5 [default = 5.];", "double h=5[default=5.];" },
        { "float i = 6 [default = -inf]; float j = 7 [default = nan];", "float i=6[default=-inf];float j=7[default=nan];" },
        // Joins that would change the tokens keep one space: word+word, word+".5", number+".", "."+digit, "/"+"/".
        // (Each input has more layout than that space, so a wrong join, which falls back to the text as written,
        // cannot pass.)
        { "optional int32 foo_bar = 1;", "optional int32 foo_bar=1;" },
        { "repeated .pkg.Type t = 2;", "repeated.pkg.Type t=2;" },
        { "x \n .5", "x .5" },
        { "1\t.5", "1 .5" },
        { "1  e5", "1 e5" },
        { "1 . x", "1 .x" },
        { "a . 5", "a. 5" },
        { "1.5 \n.x", "1.5 .x" },
        { "/ \n /", "/ /" },
        { "/  *", "/ *" },
        { "* /", "*/" },
        { "reserved 1 to 5, 9 to max;", "reserved 1 to 5,9 to max;" },
        // Nested angle brackets (map types, text-format messages in options) are single-character symbols.
        { "map < string , int32 > m = 1;", "map<string,int32>m=1;" },
        { "option (o) = { a < b < c: 1 > > };", "option(o)={a<b<c:1>>};" },
        // Nothing but comments and whitespace (and a byte order mark) is nothing.
        { "\uFEFF// only a comment\n\n", "" },
    };

    [Theory]
    [MemberData(nameof(Lexing))]
    public void Minimal_text_keeps_every_token_as_written_and_only_the_spaces_that_separate_tokens(string text, string expected)
    {
        string minimal = MinimalText.Of(text);
        Assert.Equal(expected, minimal);
        Assert.Equal(Tokens(text), Tokens(minimal));
        Assert.Equal(minimal, MinimalText.Of(minimal));
    }

    [Theory]
    [InlineData("message M { string s = 1 [default = \"unterminated]; }")]
    [InlineData("message M { int32 a = 1x; }")]
    [InlineData("/* never closed")]
    public void A_text_with_lexical_errors_is_kept_as_written(string text) => Assert.Equal(text, MinimalText.Of(text));

    /// <summary>Every .proto the repository holds: sample-protos/, the test protos, the well-known types and feature
    /// schemas ProtoGen embeds, and the compiler tests' sample sources (every comment placement, groups, options of
    /// every kind, editions).</summary>
    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        foreach (var path in Corpus().Keys.OrderBy(p => p, StringComparer.Ordinal)) data.Add(path);
        foreach (var path in SourceCorpus().Keys) data.Add(path);
        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Minimal_text_binds_to_the_same_descriptor_and_the_same_code_for_importers(string path)
    {
        var written = Set(path);
        var minimal = written.ToDictionary(p => p.Key, p => MinimalText.Of(p.Value), StringComparer.Ordinal);
        Assert.True(minimal[path].Length < written[path].Length, "nothing was left out of " + path);
        // Not the text as written (the fallback for a join that would lex differently): one line.
        Assert.DoesNotContain('\n', minimal[path]);
        // The source generator's parse step makes it from the tokens it parses: the same text and the same tree.
        Assert.Equal(ProtoCompiler.Parse(path, written[path]), ProtoCompiler.Parse(path, written[path], out var fromParse));
        Assert.Equal(minimal[path], fromParse);

        // The compiler tests' sample sources are written for protoc's rules (store.proto has a C# name clash).
        bool checkCSharp = !SourceCorpus().ContainsKey(path);
        var asWritten = Bind(path, written, checkCSharp);
        var fromMinimal = Bind(path, minimal, checkCSharp);
        Assert.False(asWritten.HasErrors, string.Join("; ", asWritten.Diagnostics));
        Assert.Equal(Describe(asWritten.Diagnostics), Describe(fromMinimal.Diagnostics));
        // The file's descriptor (no source info) is the same from either text.
        Assert.Equal(DescriptorWriter.Write(asWritten.File!, asWritten.Dependencies), DescriptorWriter.Write(fromMinimal.File!, fromMinimal.Dependencies));

        // An importer's code is the same when its imports come from marks (minimal text) as when they come from
        // the files as written: nothing it emits or reports comes from an imported file's comments or positions.
        var importsMinimal = written.ToDictionary(p => p.Key, p => p.Key == path ? p.Value : minimal[p.Key], StringComparer.Ordinal);
        var importer = Bind(path, importsMinimal, checkCSharp);
        Assert.Equal(Describe(asWritten.Diagnostics), Describe(importer.Diagnostics));
        Assert.Equal(Emit(asWritten).Source, Emit(importer).Source);
    }

    private static BindResult Bind(string path, Dictionary<string, string> texts, bool checkCSharp) =>
        ProtoCompiler.Bind(path, texts.ToDictionary(p => p.Key, p => ProtoCompiler.Parse(p.Key, p.Value), StringComparer.Ordinal), checkCSharp);

    private static GeneratedFile Emit(BindResult bound) =>
        ProtoCompiler.Emit(bound.File!, bound.Dependencies, EmitOptions.Default with { GrpcServices = GrpcServices.Both });

    private static IEnumerable<string> Describe(IEnumerable<ProtoGen.Compiler.Diagnostics.ProtoDiagnostic> diagnostics) =>
        diagnostics.Select(d => $"{d.Code} {d.FilePath}: {d.Message}");

    private static List<(TokenKind, string)> Tokens(string text) =>
        Lexer.Lex("t.proto", text).Tokens.Select(t => (t.Kind, t.Text)).ToList();

    /// <summary>The files <paramref name="path"/> is bound with: the corpus it belongs to (the embedded well-known
    /// types are also in the corpus, so a file's imports of them are minimal too).</summary>
    private static Dictionary<string, string> Set(string path)
    {
        if (SourceCorpus().TryGetValue(path, out var set)) return new Dictionary<string, string>(set, StringComparer.Ordinal);
        return new Dictionary<string, string>(Corpus(), StringComparer.Ordinal);
    }

    private static Dictionary<string, string> Corpus([CallerFilePath] string thisFile = "")
    {
        var tests = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var root in new[] { Path.Combine(tests, "..", "sample-protos"), Path.Combine(tests, "protos") })
        {
            foreach (var file in Directory.GetFiles(root, "*.proto", SearchOption.AllDirectories))
            {
                files.Add(Path.GetRelativePath(root, file).Replace('\\', '/'), File.ReadAllText(file));
            }
        }
        foreach (var path in WellKnownTypeSources.Paths.Append("google/protobuf/csharp_features.proto"))
        {
            files.Add(path, WellKnownTypeSources.GetText(path)!);
        }
        return files;
    }

    /// <summary>The compiler tests' sample sources, each a set of its own (they reuse package names).</summary>
    private static Dictionary<string, Dictionary<string, string>> SourceCorpus() => new(StringComparer.Ordinal)
    {
        ["acme/kitchen/v1/kitchen.proto"] = new() { ["acme/kitchen/v1/kitchen.proto"] = SampleSources.Proto2Kitchen, ["acme/kitchen/v1/units.proto"] = SampleSources.Units },
        ["store.proto"] = new() { ["store.proto"] = SampleSources.Proto3Store },
        ["ed.proto"] = new() { ["ed.proto"] = SampleSources.Editions },
        ["e24.proto"] = new() { ["e24.proto"] = SampleSources.Edition2024, ["opt/q.proto"] = SampleSources.OptionImportTarget },
        ["ext3.proto"] = new() { ["ext3.proto"] = SampleSources.Proto3OptionExtensions },
        ["opts.proto"] = new() { ["opts.proto"] = SampleSources.OptionsOfEveryKind },
    };
}
