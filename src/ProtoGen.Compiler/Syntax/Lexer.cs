using System.Text;
using ProtoGen.Compiler.Diagnostics;
using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.Syntax;

/// <summary>
/// protoc's tokenizer (io::Tokenizer with C++ comment style), including its rules for attaching comments
/// (<c>NextWithComments</c>), so that comments land on the same declarations as in protoc's SourceCodeInfo.
/// Lines are separated by '\n'; columns count UTF-16 code units.
/// </summary>
public sealed class Lexer
{
    private readonly string _path;
    private readonly string _text;
    private readonly List<Token> _tokens = new();
    private readonly List<CommentTransition> _transitions = new();
    private readonly List<ProtoDiagnostic> _diagnostics = new();
    private int _position;
    private int _line;
    private int _column;
    private Token _previous;
    private bool _hasPrevious;

    private Lexer(string path, string text)
    {
        _path = path;
        _text = text;
    }

    public static LexedText Lex(string path, string text)
    {
        var lexer = new Lexer(path, text ?? string.Empty);
        lexer.Run();
        return new LexedText(lexer._tokens.ToEquatableArray(), lexer._transitions.ToEquatableArray(), lexer._diagnostics.ToEquatableArray());
    }

    private bool AtEnd => _position >= _text.Length;

    private char Current => _position < _text.Length ? _text[_position] : '\0';

    private TextPosition Here => new(_line, _column);

    private void Run()
    {
        bool first = true;
        while (true)
        {
            var (token, transition) = NextWithComments(first);
            first = false;
            _tokens.Add(token);
            _transitions.Add(transition);
            _previous = token;
            _hasPrevious = true;
            if (token.Kind == TokenKind.EndOfFile) return;
        }
    }

    private void NextChar()
    {
        if (_position >= _text.Length) return;
        if (_text[_position] == '\n')
        {
            _line++;
            _column = 0;
        }
        else
        {
            _column++;
        }
        _position++;
    }

    private bool TryConsume(char c)
    {
        if (!AtEnd && Current == c)
        {
            NextChar();
            return true;
        }
        return false;
    }

    private static bool IsWhitespaceNoNewline(char c) => c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
    private static bool IsLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    private static bool IsDigit(char c) => c >= '0' && c <= '9';
    private static bool IsOctalDigit(char c) => c >= '0' && c <= '7';
    private static bool IsHexDigit(char c) => IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    private static bool IsAlphanumeric(char c) => IsLetter(c) || IsDigit(c);
    private static bool IsEscape(char c) => c is 'a' or 'b' or 'f' or 'n' or 'r' or 't' or 'v' or '\\' or '?' or '\'' or '"';

    private void ConsumeWhitespaceNoNewline()
    {
        while (!AtEnd && IsWhitespaceNoNewline(Current)) NextChar();
    }

    private void AddError(string message) => AddError(Here, message);

    private void AddError(TextPosition at, string message)
    {
        int offset = Math.Min(_position, _text.Length);
        _diagnostics.Add(DiagnosticCatalog.LexicalError.Create(_path, new SourceSpan(offset, 0, at, at), message));
    }

    private enum CommentStart
    {
        None,
        Line,
        Block,
        SlashNotComment,
    }

    private CommentStart TryConsumeCommentStart(out Token slash)
    {
        slash = default;
        if (!AtEnd && Current == '/')
        {
            int start = _position;
            var startPosition = Here;
            NextChar();
            if (TryConsume('/')) return CommentStart.Line;
            if (TryConsume('*')) return CommentStart.Block;
            slash = new Token(TokenKind.Symbol, "/", new SourceSpan(start, 1, startPosition, Here));
            return CommentStart.SlashNotComment;
        }
        return CommentStart.None;
    }

    private void ConsumeLineComment(StringBuilder? content)
    {
        int start = _position;
        while (!AtEnd && Current != '\n') NextChar();
        TryConsume('\n');
        content?.Append(_text, start, _position - start);
    }

    private void ConsumeBlockComment(StringBuilder? content)
    {
        var startPosition = new TextPosition(_line, Math.Max(0, _column - 2));
        int recordStart = _position;
        while (true)
        {
            while (!AtEnd && Current != '*' && Current != '/' && Current != '\n') NextChar();

            if (TryConsume('\n'))
            {
                content?.Append(_text, recordStart, _position - recordStart);
                ConsumeWhitespaceNoNewline();
                if (TryConsume('*'))
                {
                    if (TryConsume('/')) return;
                }
                recordStart = _position;
            }
            else if (!AtEnd && Current == '*')
            {
                NextChar();
                if (TryConsume('/'))
                {
                    content?.Append(_text, recordStart, _position - 2 - recordStart);
                    return;
                }
            }
            else if (!AtEnd && Current == '/')
            {
                NextChar();
                if (!AtEnd && Current == '*')
                {
                    AddError("\"/*\" inside block comment.  Block comments cannot be nested.");
                }
            }
            else if (AtEnd)
            {
                AddError("End-of-file inside block comment.");
                AddError(startPosition, "  Comment started here.");
                content?.Append(_text, recordStart, _position - recordStart);
                return;
            }
        }
    }

    /// <summary>protoc's CommentCollector: decides which comments trail the previous token, which are detached and
    /// which lead the next one.</summary>
    private sealed class CommentCollector
    {
        private readonly StringBuilder _buffer = new();
        private readonly StringBuilder _trailing = new();
        private readonly List<string> _detached = new();
        private readonly bool _hasPreviousTrailingSlot;
        private bool _hasComment;
        private bool _isLineComment;
        private bool _canAttachToPrevious = true;
        private bool _hasTrailingComment;
        private int _commentCount;

        public CommentCollector(bool hasPreviousTrailingSlot) => _hasPreviousTrailingSlot = hasPreviousTrailingSlot;

        public StringBuilder BufferForLineComment()
        {
            if (_hasComment && !_isLineComment) Flush();
            _hasComment = true;
            _isLineComment = true;
            return _buffer;
        }

        public StringBuilder BufferForBlockComment()
        {
            if (_hasComment) Flush();
            _hasComment = true;
            _isLineComment = false;
            return _buffer;
        }

        public void ClearBuffer()
        {
            _buffer.Clear();
            _hasComment = false;
        }

        public void Flush()
        {
            if (!_hasComment) return;
            if (_canAttachToPrevious)
            {
                if (_hasPreviousTrailingSlot) _trailing.Append(_buffer);
                _hasTrailingComment = true;
                _canAttachToPrevious = false;
            }
            else
            {
                _detached.Add(_buffer.ToString());
            }
            ClearBuffer();
            _commentCount++;
        }

        public void DetachFromPrevious() => _canAttachToPrevious = false;

        public void MaybeDetachComment()
        {
            int count = _commentCount + (_hasComment ? 1 : 0);
            if (count != 1) return;
            if (_hasTrailingComment && _hasPreviousTrailingSlot)
            {
                _detached.Insert(0, _trailing.ToString());
                _trailing.Clear();
            }
            _canAttachToPrevious = false;
            Flush();
        }

        public CommentTransition Finish()
        {
            string? leading = _hasComment ? _buffer.ToString() : null;
            string? trailing = _trailing.Length > 0 ? _trailing.ToString() : null;
            if (leading is null && trailing is null && _detached.Count == 0) return CommentTransition.None;
            return new CommentTransition(trailing, _detached.ToEquatableArray(), string.IsNullOrEmpty(leading) ? null : leading);
        }
    }

    private (Token Token, CommentTransition Transition) NextWithComments(bool atStart)
    {
        var collector = new CommentCollector(!atStart);
        int previousLine = _line;
        int trailingCommentEndLine = -1;

        if (atStart)
        {
            if (!AtEnd && Current == '\uFEFF') NextChar();
            collector.DetachFromPrevious();
            // Nothing precedes the first token, so a comment on its line still leads it.
            previousLine = -1;
        }
        else
        {
            ConsumeWhitespaceNoNewline();
            switch (TryConsumeCommentStart(out var slash))
            {
                case CommentStart.Line:
                    trailingCommentEndLine = _line;
                    ConsumeLineComment(collector.BufferForLineComment());
                    collector.Flush();
                    break;
                case CommentStart.Block:
                    ConsumeBlockComment(collector.BufferForBlockComment());
                    trailingCommentEndLine = _line;
                    ConsumeWhitespaceNoNewline();
                    // protoc 22+ keeps a block comment followed by more on the same line: another comment makes it
                    // trailing, a token detaches it (older protoc dropped it).
                    if (TryConsume('\n')) collector.Flush();
                    break;
                case CommentStart.SlashNotComment:
                    return (slash, collector.Finish());
                case CommentStart.None:
                    if (!TryConsume('\n')) return (Next(), collector.Finish());
                    break;
            }
        }

        while (true)
        {
            ConsumeWhitespaceNoNewline();
            switch (TryConsumeCommentStart(out var slash))
            {
                case CommentStart.Line:
                    ConsumeLineComment(collector.BufferForLineComment());
                    break;
                case CommentStart.Block:
                    ConsumeBlockComment(collector.BufferForBlockComment());
                    ConsumeWhitespaceNoNewline();
                    TryConsume('\n');
                    break;
                case CommentStart.SlashNotComment:
                    return (slash, collector.Finish());
                case CommentStart.None:
                    if (TryConsume('\n'))
                    {
                        collector.Flush();
                        collector.DetachFromPrevious();
                    }
                    else
                    {
                        var token = Next();
                        bool isToken = token.Kind != TokenKind.EndOfFile;
                        if (!isToken || token.Text == "}" || token.Text == "]" || token.Text == ")")
                        {
                            collector.Flush();
                        }
                        if (isToken && (previousLine == token.Span.StartPosition.Line || trailingCommentEndLine == token.Span.StartPosition.Line))
                        {
                            collector.MaybeDetachComment();
                        }
                        return (token, collector.Finish());
                    }
                    break;
            }
        }
    }

    /// <summary>protoc's <c>Tokenizer::Next</c>: skips whitespace and comments, returns the next token.</summary>
    private Token Next()
    {
        while (true)
        {
            while (!AtEnd && (IsWhitespaceNoNewline(Current) || Current == '\n')) NextChar();

            switch (TryConsumeCommentStart(out var slash))
            {
                case CommentStart.Line:
                    ConsumeLineComment(null);
                    continue;
                case CommentStart.Block:
                    ConsumeBlockComment(null);
                    continue;
                case CommentStart.SlashNotComment:
                    return slash;
            }

            if (AtEnd)
            {
                var end = Here;
                return new Token(TokenKind.EndOfFile, string.Empty, new SourceSpan(_text.Length, 0, end, end));
            }

            char c = Current;
            if (c < ' ')
            {
                AddError("Invalid control characters encountered in text.");
                NextChar();
                while (!AtEnd && Current < ' ' && !IsWhitespaceNoNewline(Current) && Current != '\n') NextChar();
                continue;
            }

            int start = _position;
            var startPosition = Here;
            TokenKind kind;
            if (IsLetter(c))
            {
                NextChar();
                while (!AtEnd && IsAlphanumeric(Current)) NextChar();
                kind = TokenKind.Identifier;
            }
            else if (c == '0')
            {
                NextChar();
                kind = ConsumeNumber(startedWithZero: true, startedWithDot: false);
            }
            else if (c == '.')
            {
                NextChar();
                if (!AtEnd && IsDigit(Current))
                {
                    NextChar();
                    if (_hasPrevious && _previous.Kind == TokenKind.Identifier &&
                        _previous.Span.EndPosition.Line == startPosition.Line &&
                        _previous.Span.EndPosition.Column == startPosition.Column)
                    {
                        AddError(startPosition, "Need space between identifier and decimal point.");
                    }
                    kind = ConsumeNumber(startedWithZero: false, startedWithDot: true);
                }
                else
                {
                    kind = TokenKind.Symbol;
                }
            }
            else if (IsDigit(c))
            {
                NextChar();
                kind = ConsumeNumber(startedWithZero: false, startedWithDot: false);
            }
            else if (c == '"' || c == '\'')
            {
                NextChar();
                ConsumeString(c);
                kind = TokenKind.String;
            }
            else
            {
                if (c >= 0x80)
                {
                    // protoc reads bytes: it names the first byte of the character's UTF-8 encoding.
                    int firstByte = c < 0x800 ? 0xC0 | (c >> 6) : char.IsHighSurrogate(c) ? 0xF0 : 0xE0 | (c >> 12);
                    AddError($"Interpreting non ascii codepoint {firstByte}.");
                }
                NextChar();
                // A surrogate pair is one symbol, so that spans never split a character.
                if (char.IsHighSurrogate(c) && !AtEnd && char.IsLowSurrogate(Current)) NextChar();
                kind = TokenKind.Symbol;
            }

            return new Token(kind, _text.Substring(start, _position - start), new SourceSpan(start, _position - start, startPosition, Here));
        }
    }

    private TokenKind ConsumeNumber(bool startedWithZero, bool startedWithDot)
    {
        bool isFloat = false;
        if (startedWithZero && (TryConsume('x') || TryConsume('X')))
        {
            if (AtEnd || !IsHexDigit(Current)) AddError("\"0x\" must be followed by hex digits.");
            while (!AtEnd && IsHexDigit(Current)) NextChar();
        }
        else if (startedWithZero && !AtEnd && IsDigit(Current))
        {
            while (!AtEnd && IsOctalDigit(Current)) NextChar();
            if (!AtEnd && IsDigit(Current))
            {
                AddError("Numbers starting with leading zero must be in octal.");
                while (!AtEnd && IsDigit(Current)) NextChar();
            }
        }
        else
        {
            if (startedWithDot)
            {
                isFloat = true;
                while (!AtEnd && IsDigit(Current)) NextChar();
            }
            else
            {
                while (!AtEnd && IsDigit(Current)) NextChar();
                if (TryConsume('.'))
                {
                    isFloat = true;
                    while (!AtEnd && IsDigit(Current)) NextChar();
                }
            }
            if (TryConsume('e') || TryConsume('E'))
            {
                isFloat = true;
                if (!TryConsume('-')) TryConsume('+');
                if (AtEnd || !IsDigit(Current)) AddError("\"e\" must be followed by exponent.");
                while (!AtEnd && IsDigit(Current)) NextChar();
            }
            if (TryConsume('f') || TryConsume('F')) isFloat = true;
        }

        if (!AtEnd && IsLetter(Current))
        {
            AddError("Need space between number and identifier.");
        }
        else if (!AtEnd && Current == '.')
        {
            AddError(isFloat
                ? "Already saw decimal point or exponent; can't have another one."
                : "Hex and octal numbers must be integers.");
        }
        return isFloat ? TokenKind.Float : TokenKind.Integer;
    }

    private void ConsumeString(char delimiter)
    {
        while (true)
        {
            if (AtEnd || Current == '\0')
            {
                AddError("Unexpected end of string.");
                return;
            }
            char c = Current;
            if (c == '\n')
            {
                AddError("Multiline strings are not allowed. Did you miss a \"?.");
                return;
            }
            if (c == '\\')
            {
                NextChar();
                if (!AtEnd && IsEscape(Current))
                {
                    NextChar();
                }
                else if (!AtEnd && IsOctalDigit(Current))
                {
                    NextChar();
                }
                else if (TryConsume('x'))
                {
                    if (AtEnd || !IsHexDigit(Current)) AddError("Expected hex digits for escape sequence.");
                    else NextChar();
                }
                else if (TryConsume('u'))
                {
                    if (!TryHexDigits(4)) AddError("Expected four hex digits for \\u escape sequence.");
                }
                else if (TryConsume('U'))
                {
                    bool valid = TryConsume('0') && TryConsume('0') && (TryConsume('0') || TryConsume('1')) && TryHexDigits(5);
                    if (!valid) AddError("Expected eight hex digits up to 10ffff for \\U escape sequence");
                }
                else
                {
                    AddError("Invalid escape sequence in string literal.");
                }
                continue;
            }
            NextChar();
            if (c == delimiter) return;
        }
    }

    private bool TryHexDigits(int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (AtEnd || !IsHexDigit(Current)) return false;
            NextChar();
        }
        return true;
    }
}
