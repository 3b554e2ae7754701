using System.Text;
using ProtoGen.Compiler.Diagnostics;

namespace ProtoGen.Compiler.Syntax;

/// <summary>
/// The smallest text of a .proto file that the lexer reads as the same tokens: every token exactly as written
/// (identifiers, numbers and string literals byte for byte), no comments, no line breaks, and one space only between
/// two tokens that would otherwise read as one or as different tokens. It parses to the same declarations and binds to
/// the same model as the file as written, except for comments (not kept) and source positions (all on line 0).
/// The assembly marks record it: importers bind from it, and nothing an importer reports or emits comes from an
/// imported file's comments or positions (diagnostics are located in the importing file; doc comments are written
/// for the file's own declarations only).
/// </summary>
public static class MinimalText
{
    /// <summary>The minimal text of <paramref name="text"/>; the text as written when it has lexical errors (its
    /// tokens are then not the file's meaning, and a file with errors is never generated, so never marked).</summary>
    public static string Of(string text) => From(Lexer.Lex(string.Empty, text), text);

    /// <summary>The minimal text of <paramref name="text"/> from its tokens (<paramref name="lexed"/>, the text's
    /// <see cref="Lexer.Lex"/>), as <see cref="Of"/>.</summary>
    public static string From(LexedText lexed, string text)
    {
        if (HasErrors(lexed)) return text;
        var tokens = lexed.Tokens;
        var minimal = new StringBuilder(text.Length / 2);
        for (int i = 0; i < tokens.Count && tokens[i].Kind != TokenKind.EndOfFile; i++)
        {
            if (i > 0 && NeedsSpace(tokens[i - 1], tokens[i])) minimal.Append(' ');
            minimal.Append(tokens[i].Text);
        }
        var result = minimal.ToString();
        // NeedsSpace covers every pair of the lexer's tokens; should the lexer change and a pair read differently
        // joined, the text as written is marked rather than one that binds to something else. (The check lexes the
        // minimal text, a quarter of the text as written on real files.)
        return SameTokens(tokens, Lexer.Lex(string.Empty, result)) ? result : text;
    }

    /// <summary>Whether <paramref name="left"/> followed directly by <paramref name="right"/> would lex differently.
    /// Tokens never end inside a string (a literal ends at its closing quote) and symbols are one character, so only
    /// these joins change the tokens:
    /// a word (identifier or number) before a letter, digit or '_' (one longer word: <c>int32 x</c>, <c>1 e5</c>);
    /// a word before a number that starts with '.' (<c>x .5</c> would be an error, <c>1 .5</c> a float "1.5");
    /// a number before the symbol '.' (<c>1.</c> is a float);
    /// the symbol '.' before a digit (<c>.5</c> is a float);
    /// the symbol '/' before '/' or '*' (a comment would start).</summary>
    internal static bool NeedsSpace(Token left, Token right)
    {
        char first = right.Text[0];
        switch (left.Kind)
        {
            case TokenKind.Identifier:
                return IsWordChar(first) || (right.Kind == TokenKind.Float && first == '.');
            case TokenKind.Integer:
            case TokenKind.Float:
                return IsWordChar(first) || first == '.';
            case TokenKind.Symbol:
                return left.Text switch
                {
                    "." => IsDigit(first),
                    "/" => first is '/' or '*',
                    _ => false,
                };
            default:
                return false;
        }
    }

    private static bool IsDigit(char c) => c >= '0' && c <= '9';

    private static bool IsWordChar(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || IsDigit(c);

    private static bool HasErrors(LexedText lexed) => lexed.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    private static bool SameTokens(Model.EquatableArray<Token> original, LexedText relexed)
    {
        if (HasErrors(relexed) || relexed.Tokens.Count != original.Count) return false;
        for (int i = 0; i < original.Count; i++)
        {
            if (original[i].Kind != relexed.Tokens[i].Kind || original[i].Text != relexed.Tokens[i].Text) return false;
        }
        return true;
    }
}
