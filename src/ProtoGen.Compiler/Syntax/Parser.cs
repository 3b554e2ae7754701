using ProtoGen.Compiler.Diagnostics;
using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.Syntax;

/// <summary>
/// Recursive-descent parser for proto2, proto3 and editions files, one method per production of protoc's
/// compiler::Parser, with its error wording and recovery (a failed statement is skipped up to the next ';' or block),
/// and its comment attachment (comments are taken at each end of declaration: ';', '{' and '}').
/// It never throws: every problem becomes a diagnostic.
/// </summary>
public sealed partial class Parser
{
    private static readonly Dictionary<string, FieldType> ScalarTypes = new()
    {
        ["double"] = FieldType.Double,
        ["float"] = FieldType.Float,
        ["int64"] = FieldType.Int64,
        ["uint64"] = FieldType.UInt64,
        ["int32"] = FieldType.Int32,
        ["fixed64"] = FieldType.Fixed64,
        ["fixed32"] = FieldType.Fixed32,
        ["bool"] = FieldType.Bool,
        ["string"] = FieldType.String,
        ["group"] = FieldType.Group,
        ["bytes"] = FieldType.Bytes,
        ["uint32"] = FieldType.UInt32,
        ["sfixed32"] = FieldType.SFixed32,
        ["sfixed64"] = FieldType.SFixed64,
        ["sint32"] = FieldType.SInt32,
        ["sint64"] = FieldType.SInt64,
    };

    /// <summary>The scalar type a keyword names (<c>group</c> included), or null for a type name.</summary>
    public static FieldType? ScalarType(string keyword) => ScalarTypes.TryGetValue(keyword, out var type) ? type : null;

    private readonly string _path;
    private readonly EquatableArray<Token> _tokens;
    private readonly EquatableArray<CommentTransition> _transitions;
    private readonly List<ProtoDiagnostic> _diagnostics = new();
    private int _index;
    private string? _upcomingDocComments;
    private List<string> _upcomingDetachedComments = new();
    private ProtoSyntax _syntax = ProtoSyntax.Proto2;
    private string? _edition;

    private Parser(string path, LexedText lexed)
    {
        _path = path;
        _tokens = lexed.Tokens;
        _transitions = lexed.Transitions;
        _diagnostics.AddRange(lexed.Diagnostics);
    }

    /// <summary>Parses one file. Never throws.</summary>
    public static ParsedFile ParseFile(string path, string text)
    {
        path ??= string.Empty;
        LexedText lexed;
        try
        {
            lexed = Lexer.Lex(path, text ?? string.Empty);
        }
        catch (Exception exception)
        {
            return Crashed(path, exception);
        }
        return ParseFile(path, lexed);
    }

    /// <summary>Parses one file from its tokens (<see cref="Lexer.Lex"/> of the same path). Never throws.</summary>
    public static ParsedFile ParseFile(string path, LexedText lexed)
    {
        path ??= string.Empty;
        try
        {
            var parser = new Parser(path, lexed);
            var root = parser.ParseFileNode();
            return new ParsedFile(path, root, parser._diagnostics.ToEquatableArray());
        }
        catch (Exception exception)
        {
            return Crashed(path, exception);
        }
    }

    private static ParsedFile Crashed(string path, Exception exception)
    {
        var empty = new FileNode(ProtoSyntax.Proto2, null, SourceSpan.Empty, Comments.None, EquatableArray<SyntaxNode>.Empty, SourceSpan.Empty);
        return new ParsedFile(path, empty, new[] { DiagnosticCatalog.InternalError.Create(path, SourceSpan.Empty, exception.Message) }.ToEquatableArray());
    }

    // ---------------------------------------------------------------- token helpers

    private Token Current => _tokens[_index];

    private Token Previous => _tokens[Math.Max(0, _index - 1)];

    private bool AtEnd => Current.Kind == TokenKind.EndOfFile;

    private bool LookingAt(string text) => Current.Is(text);

    private bool LookingAtKind(TokenKind kind) => Current.Kind == kind;

    private void Next()
    {
        if (_index < _tokens.Count - 1) _index++;
    }

    private bool TryConsume(string text)
    {
        if (!LookingAt(text)) return false;
        Next();
        return true;
    }

    private bool Consume(string text, string? error = null)
    {
        if (TryConsume(text)) return true;
        RecordError(error ?? $"Expected \"{text}\".");
        return false;
    }

    private void RecordError(string message) => Report(DiagnosticCatalog.SyntaxError, Current.Span, message);

    private void Report(DiagnosticDescriptor descriptor, SourceSpan span, params object[] args) =>
        _diagnostics.Add(descriptor.Create(_path, span, args));

    private static SourceSpan Cover(SourceSpan start, SourceSpan end)
    {
        if (end.Start + end.Length < start.Start) return start;
        return new SourceSpan(start.Start, end.Start + end.Length - start.Start, start.StartPosition, end.EndPosition);
    }

    /// <summary>The span from <paramref name="start"/> to the last consumed token.</summary>
    private SourceSpan From(SourceSpan start) => Cover(start, Previous.Span);

    private bool ConsumeIdentifier(out NameNode name, string error)
    {
        if (LookingAtKind(TokenKind.Identifier))
        {
            name = new NameNode(Current.Text, Current.Span);
            Next();
            return true;
        }
        name = new NameNode(string.Empty, Current.Span);
        RecordError(error);
        return false;
    }

    private bool ConsumeInteger64(ulong maxValue, out ulong value, string error)
    {
        value = 0;
        if (!LookingAtKind(TokenKind.Integer))
        {
            RecordError(error);
            return false;
        }
        if (!Literals.TryParseInteger(Current.Text, maxValue, out value))
        {
            Report(DiagnosticCatalog.IntegerOutOfRange, Current.Span);
            value = 0;
        }
        Next();
        return true;
    }

    private bool ConsumeInteger(out int value, string error)
    {
        bool ok = ConsumeInteger64(int.MaxValue, out var raw, error);
        value = (int)raw;
        return ok;
    }

    private bool ConsumeSignedInteger(out int value, string error)
    {
        bool negative = TryConsume("-");
        ulong max = negative ? (ulong)int.MaxValue + 1 : int.MaxValue;
        bool ok = ConsumeInteger64(max, out var raw, error);
        value = negative ? (int)(-(long)raw) : (int)raw;
        return ok;
    }

    /// <summary>A string literal, with adjacent literals concatenated as in C++.</summary>
    private bool ConsumeString(out List<byte> bytes, out SourceSpan span, string error)
    {
        bytes = new List<byte>();
        span = Current.Span;
        if (!LookingAtKind(TokenKind.String))
        {
            RecordError(error);
            return false;
        }
        var start = Current.Span;
        while (LookingAtKind(TokenKind.String))
        {
            Literals.DecodeStringAppend(Current.Text, bytes);
            Next();
        }
        span = From(start);
        return true;
    }

    private bool ConsumeString(out string text, out SourceSpan span, string error)
    {
        bool ok = ConsumeString(out List<byte> bytes, out span, error);
        text = Literals.Utf8Text(bytes);
        return ok;
    }

    // ---------------------------------------------------------------- comments

    /// <summary>protoc's TryConsumeEndOfDeclaration: consumes ';', '{' or '}' and hands out the comments gathered so
    /// far (leading and detached from the previous end of declaration, trailing from this one).</summary>
    private bool TryConsumeEndOfDeclaration(string text, bool hasLocation, out Comments comments)
    {
        comments = Comments.None;
        if (!LookingAt(text)) return false;
        var transition = _index + 1 < _transitions.Count ? _transitions[_index + 1] : CommentTransition.None;
        Next();

        var leading = _upcomingDocComments;
        _upcomingDocComments = transition.NextLeading;
        if (hasLocation)
        {
            var detached = _upcomingDetachedComments;
            _upcomingDetachedComments = transition.Detached.ToList();
            if (leading is not null || transition.PreviousTrailing is not null || detached.Count > 0)
            {
                comments = new Comments(leading, transition.PreviousTrailing, detached.ToEquatableArray());
            }
        }
        else if (text == "}")
        {
            _upcomingDetachedComments = transition.Detached.ToList();
        }
        else
        {
            _upcomingDetachedComments.AddRange(transition.Detached);
        }
        return true;
    }

    private bool TryConsumeEndOfDeclaration(string text) => TryConsumeEndOfDeclaration(text, hasLocation: false, out _);

    private bool ConsumeEndOfDeclaration(string text, out Comments comments)
    {
        if (TryConsumeEndOfDeclaration(text, hasLocation: true, out comments)) return true;
        RecordError($"Expected \"{text}\".");
        return false;
    }

    private bool ConsumeEndOfDeclaration(string text) => ConsumeEndOfDeclaration(text, out _);

    // ---------------------------------------------------------------- recovery

    private void SkipStatement()
    {
        while (true)
        {
            if (AtEnd) return;
            if (LookingAtKind(TokenKind.Symbol))
            {
                if (TryConsumeEndOfDeclaration(";")) return;
                if (TryConsume("{"))
                {
                    SkipRestOfBlock();
                    return;
                }
                if (LookingAt("}")) return;
            }
            Next();
        }
    }

    private void SkipRestOfBlock()
    {
        int depth = 1;
        while (true)
        {
            if (AtEnd) return;
            if (LookingAtKind(TokenKind.Symbol))
            {
                if (TryConsumeEndOfDeclaration("}"))
                {
                    if (--depth == 0) return;
                    continue;
                }
                if (TryConsume("{"))
                {
                    depth++;
                    continue;
                }
            }
            Next();
        }
    }

    // ---------------------------------------------------------------- file

    private FileNode ParseFileNode()
    {
        var fileStart = Current.Span;
        var members = new List<SyntaxNode>();
        string? edition = null;
        var syntaxSpan = SourceSpan.Empty;
        var syntaxComments = Comments.None;

        // The first token's leading and detached comments, as protoc's Parse() collects them before anything else.
        var first = _transitions.Count > 0 ? _transitions[0] : CommentTransition.None;
        _upcomingDocComments = first.NextLeading;
        _upcomingDetachedComments = first.Detached.ToList();

        if (LookingAt("syntax") || LookingAt("edition"))
        {
            var start = Current.Span;
            if (ParseSyntaxIdentifier(out var syntax, out edition, out syntaxComments))
            {
                _syntax = syntax;
                _edition = edition;
            }
            else if (!Previous.Is(";"))
            {
                SkipStatement();
            }
            syntaxSpan = From(start);
        }

        while (!AtEnd)
        {
            if (!ParseTopLevelStatement(members))
            {
                SkipStatement();
                if (LookingAt("}"))
                {
                    Report(DiagnosticCatalog.UnmatchedBrace, Current.Span);
                    TryConsumeEndOfDeclaration("}");
                }
            }
        }

        return new FileNode(_syntax, edition, syntaxSpan, syntaxComments, members.ToEquatableArray(), From(fileStart));
    }

    private bool ParseSyntaxIdentifier(out ProtoSyntax syntax, out string? edition, out Comments comments)
    {
        syntax = ProtoSyntax.Proto2;
        edition = null;
        comments = Comments.None;
        if (TryConsume("edition"))
        {
            if (!Consume("=")) return false;
            var editionToken = Current;
            if (!ConsumeString(out string value, out var span, "Expected edition string.")) return false;
            if (!ConsumeEndOfDeclaration(";", out comments)) return false;
            if (value != "2023" && value != "2024")
            {
                Report(DiagnosticCatalog.UnknownEdition, editionToken.Span, value);
            }
            syntax = ProtoSyntax.Editions;
            edition = value;
            return true;
        }

        if (!Consume("syntax", "File must begin with a syntax statement, e.g. 'syntax = \"proto2\";'.")) return false;
        if (!Consume("=")) return false;
        var syntaxToken = Current;
        if (!ConsumeString(out string identifier, out _, "Expected syntax identifier.")) return false;
        if (!ConsumeEndOfDeclaration(";", out comments)) return false;
        if (identifier != "proto2" && identifier != "proto3")
        {
            Report(DiagnosticCatalog.UnrecognizedSyntax, syntaxToken.Span, identifier);
            return false;
        }
        syntax = identifier == "proto3" ? ProtoSyntax.Proto3 : ProtoSyntax.Proto2;
        return true;
    }

    private bool ParseTopLevelStatement(List<SyntaxNode> members)
    {
        if (TryConsumeEndOfDeclaration(";")) return true;
        if (!TrySkipVisibility()) return false;
        if (LookingAt("message")) return Add(members, ParseMessageDefinition());
        if (LookingAt("enum")) return Add(members, ParseEnumDefinition());
        if (LookingAt("service")) return Add(members, ParseServiceDefinition());
        if (LookingAt("extend")) return ParseExtend(members);
        if (LookingAt("import")) return Add(members, ParseImport());
        if (LookingAt("package")) return Add(members, ParsePackage(members));
        if (LookingAt("option"))
        {
            var option = ParseOption(statement: true);
            return Add(members, option is not null && ConsumeEndOfDeclaration(";") ? option : null);
        }
        RecordError("Expected top-level statement (e.g. \"message\").");
        return false;
    }

    private bool IsEdition2024OrLater => _syntax == ProtoSyntax.Editions && string.CompareOrdinal(_edition, "2024") >= 0;

    /// <summary>Edition 2024's <c>export</c> and <c>local</c> before a message or enum. The model has no place for
    /// symbol visibility, so it is read and dropped. False (with protoc's error) when no message or enum follows.</summary>
    private bool TrySkipVisibility()
    {
        if (!IsEdition2024OrLater || !(LookingAt("export") || LookingAt("local"))) return true;
        Next();
        if (LookingAt("message") || LookingAt("enum")) return true;
        RecordError("'local' and 'export' visibility modifiers are valid only on 'message' and 'enum'");
        return false;
    }

    private static bool Add(List<SyntaxNode> members, SyntaxNode? node)
    {
        if (node is null) return false;
        members.Add(node);
        return true;
    }

    private ImportNode? ParseImport()
    {
        var start = Current.Span;
        Consume("import");
        bool isPublic = TryConsume("public");
        bool isWeak = !isPublic && TryConsume("weak");
        bool isOption = !isPublic && !isWeak && LookingAt("option");
        if (isOption)
        {
            if (!IsEdition2024OrLater) Report(DiagnosticCatalog.SyntaxError, Current.Span, "option import is not supported before edition 2024.");
            Next();
        }
        if (!ConsumeString(out string path, out var pathSpan, "Expected a string naming the file to import.")) return null;
        if (!ConsumeEndOfDeclaration(";")) return null;
        return new ImportNode(path, isPublic, isWeak, isOption, pathSpan, From(start));
    }

    private PackageNode? ParsePackage(List<SyntaxNode> members)
    {
        var start = Current.Span;
        if (members.OfType<PackageNode>().Any())
        {
            Report(DiagnosticCatalog.MultiplePackages, Current.Span);
        }
        Consume("package");
        var nameStart = Current.Span;
        var text = new System.Text.StringBuilder();
        while (true)
        {
            if (!ConsumeIdentifier(out var part, "Expected identifier.")) return null;
            text.Append(part.Text);
            if (!TryConsume(".")) break;
            text.Append('.');
        }
        var name = new NameNode(text.ToString(), From(nameStart));
        if (!ConsumeEndOfDeclaration(";")) return null;
        return new PackageNode(name, From(start));
    }
}
