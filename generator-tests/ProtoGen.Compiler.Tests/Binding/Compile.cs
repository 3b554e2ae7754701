using ProtoGen.Compiler.Diagnostics;
using ProtoGen.Compiler.Model;
using ProtoGen.Compiler.Syntax;

namespace ProtoGen.Compiler.Tests.Binding;

/// <summary>Test helpers: parse a set of in-memory files and bind one of them.</summary>
internal static class Compile
{
    public static BindResult Files(string path, params (string Path, string Text)[] files)
    {
        var parsed = files.ToDictionary(f => f.Path, f => ProtoCompiler.Parse(f.Path, f.Text));
        return ProtoCompiler.Bind(path, parsed);
    }

    public static BindResult One(string text) => Files("test.proto", ("test.proto", text));

    /// <summary>Binds a file that must have no diagnostics at all and returns its model.</summary>
    public static FileModel Clean(string text, params (string Path, string Text)[] others) => Clean(text, checkCSharp: true, others);

    /// <summary>As <see cref="Clean(string, (string, string)[])"/>, judged by protoc's rules only: for files that protoc
    /// accepts but that cannot become C# (two fields that both become the property C, say).</summary>
    public static FileModel CleanForProtoc(string text) => Clean(text, checkCSharp: false);

    private static FileModel Clean(string text, bool checkCSharp, params (string Path, string Text)[] others)
    {
        var all = others.Concat(new[] { ("test.proto", text) }).ToArray();
        var result = ProtoCompiler.Bind("test.proto", all.ToDictionary(f => f.Item1, f => ProtoCompiler.Parse(f.Item1, f.Item2)), checkCSharp);
        Assert.True(result.Diagnostics.IsEmpty, "Unexpected diagnostics:\n" + string.Join("\n", result.Diagnostics));
        Assert.NotNull(result.File);
        return result.File!;
    }

    public static MessageModel Message(this FileModel file, string name) => file.MessageTypes.Single(m => m.Name == name);

    public static MessageModel Nested(this MessageModel message, string name) => message.NestedTypes.Single(m => m.Name == name);

    public static FieldModel Field(this MessageModel message, string name) => message.Fields.Single(f => f.Name == name);

    /// <summary>The single diagnostic with this code; fails with the full list otherwise.</summary>
    public static ProtoDiagnostic Single(this BindResult result, string code)
    {
        var matches = result.Diagnostics.Where(d => d.Code == code).ToList();
        Assert.True(matches.Count == 1, $"Expected one {code}, got:\n" + string.Join("\n", result.Diagnostics));
        return matches[0];
    }

    public static ProtoDiagnostic Single(this ParsedFile parsed, string code)
    {
        var matches = parsed.Diagnostics.Where(d => d.Code == code).ToList();
        Assert.True(matches.Count == 1, $"Expected one {code}, got:\n" + string.Join("\n", parsed.Diagnostics));
        return matches[0];
    }

    /// <summary>Asserts a diagnostic's message and its one-based line and column, as protoc prints them.</summary>
    public static void AssertAt(this ProtoDiagnostic diagnostic, int line, int column, string message)
    {
        Assert.Equal(message, diagnostic.Message);
        Assert.Equal((line, column), (diagnostic.Span.StartPosition.Line + 1, diagnostic.Span.StartPosition.Column + 1));
    }
}
