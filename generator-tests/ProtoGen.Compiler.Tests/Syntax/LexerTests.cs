using ProtoGen.Compiler.Syntax;

namespace ProtoGen.Compiler.Tests.Syntax;

public class LexerTests
{
    private static List<Token> Tokens(string text) => Lexer.Lex("t.proto", text).Tokens.ToList();

    private static string Decode(string literal)
    {
        var bytes = new List<byte>();
        Literals.DecodeStringAppend(literal, bytes);
        return Literals.Utf8Text(bytes);
    }

    [Fact]
    public void Lexer_gives_each_token_its_kind_text_and_exact_span()
    {
        var tokens = Tokens("message Foo {\n  int32 x = 0x1F; // c\n}");
        Assert.Equal(
            new[] { "message", "Foo", "{", "int32", "x", "=", "0x1F", ";", "}", "" },
            tokens.Select(t => t.Text));
        Assert.Equal(TokenKind.Integer, tokens[6].Kind);
        Assert.Equal(TokenKind.EndOfFile, tokens[^1].Kind);

        var hex = tokens[6].Span;
        Assert.Equal((26, 4), (hex.Start, hex.Length));
        Assert.Equal((1, 12), (hex.StartPosition.Line, hex.StartPosition.Column));
        Assert.Equal((1, 16), (hex.EndPosition.Line, hex.EndPosition.Column));
        Assert.Equal((2, 0), (tokens[8].Span.StartPosition.Line, tokens[8].Span.StartPosition.Column));
    }

    [Theory]
    [InlineData("123", TokenKind.Integer)]
    [InlineData("0", TokenKind.Integer)]
    [InlineData("0x7fffffff", TokenKind.Integer)]
    [InlineData("0X1a", TokenKind.Integer)]
    [InlineData("0755", TokenKind.Integer)]
    [InlineData("1.5", TokenKind.Float)]
    [InlineData("1.", TokenKind.Float)]
    [InlineData(".5", TokenKind.Float)]
    [InlineData("1e5", TokenKind.Float)]
    [InlineData("1E-5", TokenKind.Float)]
    [InlineData("2.5e+10", TokenKind.Float)]
    [InlineData("inf", TokenKind.Identifier)]
    [InlineData("nan", TokenKind.Identifier)]
    [InlineData("_under_score9", TokenKind.Identifier)]
    [InlineData("\"double\"", TokenKind.String)]
    [InlineData("'single'", TokenKind.String)]
    [InlineData("=", TokenKind.Symbol)]
    [InlineData("/", TokenKind.Symbol)]
    public void Lexer_reads_one_token_of_each_kind(string text, TokenKind kind)
    {
        var lexed = Lexer.Lex("t.proto", text);
        Assert.Empty(lexed.Diagnostics);
        Assert.Equal(2, lexed.Tokens.Count);
        Assert.Equal(kind, lexed.Tokens[0].Kind);
        Assert.Equal(text, lexed.Tokens[0].Text);
    }

    [Theory]
    [InlineData("\"\\a\\b\\f\\n\\r\\t\\v\\\\\\'\\\"\\?\"", "\a\b\f\n\r\t\v\\'\"?")]
    [InlineData("\"\\101\\60\\0\"", "A0\0")]
    [InlineData("\"\\x41\\x4a\"", "AJ")]
    [InlineData("\"\\u00e9\"", "é")]
    [InlineData("\"\\U0001F600\"", "😀")]
    [InlineData("'it\"s'", "it\"s")]
    [InlineData("\"héllo\"", "héllo")]
    public void Lexer_string_literals_decode_every_escape(string literal, string expected)
    {
        Assert.Empty(Lexer.Lex("t.proto", literal).Diagnostics);
        Assert.Equal(expected, Decode(literal));
    }

    [Theory]
    [InlineData("\"a\\qb\"", "Invalid escape sequence in string literal.")]
    [InlineData("\"open", "Unexpected end of string.")]
    [InlineData("\"line\nbreak\"", "Multiline strings are not allowed. Did you miss a \"?.")]
    [InlineData("\"\\xZ\"", "Expected hex digits for escape sequence.")]
    [InlineData("\"\\u12\"", "Expected four hex digits for \\u escape sequence.")]
    [InlineData("123abc", "Need space between number and identifier.")]
    [InlineData("0x", "\"0x\" must be followed by hex digits.")]
    [InlineData("089", "Numbers starting with leading zero must be in octal.")]
    [InlineData("1e", "\"e\" must be followed by exponent.")]
    [InlineData("/* open", "End-of-file inside block comment.")]
    [InlineData("\u0001", "Invalid control characters encountered in text.")]
    [InlineData("é", "Interpreting non ascii codepoint 195.")]
    public void Lexer_reports_protocs_wording_for_malformed_tokens(string text, string message)
    {
        var lexed = Lexer.Lex("t.proto", text);
        Assert.Contains(lexed.Diagnostics, d => d.Code == "PG0002" && d.Message == message);
    }

    [Fact]
    public void Lexer_skips_a_byte_order_mark()
    {
        var tokens = Tokens("\uFEFFsyntax");
        Assert.Equal("syntax", tokens[0].Text);
    }

    [Fact]
    public void Lexer_attributes_comments_as_protoc_does()
    {
        var lexed = Lexer.Lex("t.proto", "a; // trailing a\n\n// detached\n\n// leading b\nb;");
        // Moving from ';' (index 1) to 'b' (index 2): trailing of ';', one detached, leading of 'b'.
        var transition = lexed.Transitions[2];
        Assert.Equal(" trailing a\n", transition.PreviousTrailing);
        Assert.Equal(new[] { " detached\n" }, transition.Detached);
        Assert.Equal(" leading b\n", transition.NextLeading);
    }

    [Fact]
    public void Lexer_strips_block_comment_markers_and_continuation_stars()
    {
        var lexed = Lexer.Lex("t.proto", "a;\n/* one\n * two\n */\nb;");
        Assert.Equal(" one\n two\n", lexed.Transitions[2].NextLeading);
    }

    [Theory]
    [InlineData(1e10, "10000000000")]
    [InlineData(1e16, "1e+16")]
    [InlineData(2.5, "2.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e-5, "1e-05")]
    [InlineData(-0.001, "-0.001")]
    [InlineData(123456789012345680000.0, "1.2345678901234568e+20")]
    [InlineData(100000.0, "100000")]
    [InlineData(1e15, "1e+15")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    [InlineData(double.NaN, "nan")]
    public void Literals_print_doubles_like_protocs_SimpleDtoa(double value, string expected)
    {
        Assert.Equal(expected, Literals.FormatDouble(value));
    }

    [Theory]
    [InlineData(1e10f, "1e+10")]
    [InlineData(0.1f, "0.1")]
    [InlineData(-0.001f, "-0.001")]
    [InlineData(3.14159265f, "3.14159274")]
    [InlineData(16777217f, "16777216")]
    public void Literals_print_floats_like_protocs_SimpleFtoa(float value, string expected)
    {
        Assert.Equal(expected, Literals.FormatFloat(value));
    }

    [Theory]
    [InlineData("0x10", 16UL)]
    [InlineData("017", 15UL)]
    [InlineData("0", 0UL)]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    public void Literals_parse_decimal_hex_and_octal_integers(string text, ulong expected)
    {
        Assert.True(Literals.TryParseInteger(text, ulong.MaxValue, out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Literals_reject_integers_above_the_maximum()
    {
        Assert.False(Literals.TryParseInteger("2147483648", int.MaxValue, out _));
        Assert.False(Literals.TryParseInteger("18446744073709551616", ulong.MaxValue, out _));
    }

    [Fact]
    public void Literals_c_escape_bytes_as_descriptor_proto_stores_bytes_defaults()
    {
        var bytes = new List<byte> { 0, 1, 0xFF, (byte)'a', (byte)'\t', (byte)'"', (byte)'\\' };
        Assert.Equal("\\000\\001\\377a\\t\\\"\\\\", Literals.CEscape(bytes));
    }
}
