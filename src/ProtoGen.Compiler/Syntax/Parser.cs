// PLACEHOLDER: replaced by the syntax work (lexer + recursive-descent parser).
using ProtoGen.Compiler.Diagnostics;
using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.Syntax;

public sealed record ParsedFile(string Path, EquatableArray<ProtoDiagnostic> Diagnostics);

public static class Parser
{
    public static ParsedFile ParseFile(string path, string text) => throw new NotImplementedException();
}
