using ProtoGen.Compiler.Diagnostics;
using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.Syntax;

/// <summary>The kinds of token protoc's tokenizer produces.</summary>
public enum TokenKind
{
    Identifier,
    Integer,
    Float,
    String,
    Symbol,
    EndOfFile,
}

/// <summary>One token: its kind, its exact source text (string literals keep their quotes) and where it is.</summary>
public readonly record struct Token(TokenKind Kind, string Text, SourceSpan Span)
{
    public bool Is(string text) => Kind != TokenKind.EndOfFile && Kind != TokenKind.String && Text == text;

    public override string ToString() => $"{Kind} '{Text}' at {Span.StartPosition}";
}

/// <summary>
/// The comments protoc's <c>Tokenizer::NextWithComments</c> reports when moving from the previous token to this one:
/// the previous token's trailing comment, the detached comments in between and the next declaration's leading comment.
/// </summary>
public sealed record CommentTransition(string? PreviousTrailing, EquatableArray<string> Detached, string? NextLeading)
{
    public static readonly CommentTransition None = new(null, EquatableArray<string>.Empty, null);
}

/// <summary>The tokens of one file (the last one is <see cref="TokenKind.EndOfFile"/>), the comment transition before
/// each token, and the lexical errors.</summary>
public sealed record LexedText(
    EquatableArray<Token> Tokens,
    EquatableArray<CommentTransition> Transitions,
    EquatableArray<ProtoDiagnostic> Diagnostics);
