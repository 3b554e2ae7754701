using System.Globalization;
using ProtoGen.Compiler.Diagnostics;
using ProtoGen.Compiler.Model;
using ProtoGen.Compiler.Syntax;

namespace ProtoGen.Compiler.Binding;

internal sealed partial class FileBinder
{
    /// <summary>
    /// Checks a message literal (<c>(opt) = { a: 1 b { c: "x" } }</c>) against the option's message type, as protoc's
    /// text-format parser does when it interprets the option, and reports its first error the way protoc words it.
    /// Fields whose types are not known yet (declared later in this file) are accepted as they are.
    /// </summary>
    private void CheckAggregate(OptionValueNode value, OptionField field)
    {
        if (field.FindField is null) return;
        var tokens = Lexer.Lex(_path, value.Text).Tokens;
        var reader = new AggregateReader(tokens);
        var error = reader.ReadMessage(field.FindField, field.MessageFullName ?? field.FullName, end: null);
        if (error is null && !reader.AtEnd) error = $"Expected identifier, got: {reader.Current.Text}";
        if (error is not null)
        {
            Report(DiagnosticCatalog.InvalidOptionValueType, value.Span, $"Error while parsing option value for \"{field.ShortName}\": {error}");
        }
    }

    private sealed class AggregateReader
    {
        private readonly EquatableArray<Token> _tokens;
        private int _index;

        public AggregateReader(EquatableArray<Token> tokens) => _tokens = tokens;

        public Token Current => _tokens[_index];

        public bool AtEnd => Current.Kind == TokenKind.EndOfFile;

        private void Next()
        {
            if (_index < _tokens.Count - 1) _index++;
        }

        private bool TryConsume(string text)
        {
            if (!Current.Is(text)) return false;
            Next();
            return true;
        }

        /// <summary>Fields until <paramref name="end"/> (or the end of the text); the first error, or null.</summary>
        public string? ReadMessage(Func<string, OptionField?> findField, string messageName, string? end)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (end is null ? !AtEnd : !Current.Is(end))
            {
                if (AtEnd) return $"Expected \"{end}\", found \"\".";
                string? error = ReadField(findField, messageName, seen);
                if (error is not null) return error;
                if (!TryConsume(";")) TryConsume(",");
            }
            if (end is not null) Next();
            return null;
        }

        private string? ReadField(Func<string, OptionField?> findField, string messageName, HashSet<string> seen)
        {
            if (TryConsume("["))
            {
                // An extension or an Any type URL: accepted without checking its contents.
                while (!AtEnd && !Current.Is("]")) Next();
                if (!TryConsume("]")) return "Expected \"]\", found \"\".";
                return SkipValue();
            }
            if (Current.Kind != TokenKind.Identifier) return $"Expected identifier, got: {Current.Text}";
            var name = Current.Text;
            // A group may also be named by its type name, which is its field name capitalized.
            var field = findField(name) ?? (findField(name.ToLowerInvariant()) is { Type: FieldType.Group } group ? group : null);
            if (field is null) return $"Message type \"{messageName}\" has no field named \"{name}\".";
            Next();

            if (!field.IsRepeated && !seen.Add(field.ShortName)) return $"Non-repeated field \"{field.ShortName}\" is specified multiple times.";

            if (field.Type is null) return SkipValue();
            bool isMessage = field.Type is FieldType.Message or FieldType.Group;
            bool colon = TryConsume(":");
            if (!isMessage && !colon) return $"Expected \":\", found \"{Current.Text}\".";
            if (colon && field.IsRepeated && TryConsume("["))
            {
                if (TryConsume("]")) return null;
                while (true)
                {
                    var error = ReadValue(field);
                    if (error is not null) return error;
                    if (TryConsume("]")) return null;
                    if (!TryConsume(",")) return $"Expected \",\", found \"{Current.Text}\".";
                }
            }
            return ReadValue(field);
        }

        private string? ReadValue(OptionField field)
        {
            switch (field.Type)
            {
                case FieldType.Message:
                case FieldType.Group:
                {
                    string? end = TryConsume("{") ? "}" : TryConsume("<") ? ">" : null;
                    if (end is null) return $"Expected \"{{\", found \"{Current.Text}\".";
                    if (field.FindField is null) return SkipUntil(end);
                    return ReadMessage(field.FindField, field.MessageFullName ?? field.FullName, end);
                }
                case FieldType.String:
                case FieldType.Bytes:
                    if (Current.Kind != TokenKind.String) return $"Expected string, got: {Current.Text}";
                    while (Current.Kind == TokenKind.String) Next();
                    return null;
                case FieldType.Bool:
                {
                    var text = Current.Text;
                    if (Current.Kind == TokenKind.Integer ? text is "0" or "1" : text is "true" or "True" or "t" or "false" or "False" or "f")
                    {
                        Next();
                        return null;
                    }
                    return $"Invalid value for boolean field \"{field.ShortName}\". Value: \"{text}\".";
                }
                case FieldType.Enum:
                {
                    bool negative = TryConsume("-");
                    if (Current.Kind == TokenKind.Identifier && !negative)
                    {
                        if (field.EnumValues is { } values && !values.Contains(Current.Text))
                        {
                            return $"Unknown enumeration value of \"{Current.Text}\" for field \"{field.ShortName}\".";
                        }
                        Next();
                        return null;
                    }
                    if (Current.Kind == TokenKind.Integer)
                    {
                        Next();
                        return null;
                    }
                    return $"Expected identifier, got: {Current.Text}";
                }
                case FieldType.Float:
                case FieldType.Double:
                {
                    TryConsume("-");
                    if (Current.Kind is TokenKind.Integer or TokenKind.Float ||
                        (Current.Kind == TokenKind.Identifier && Current.Text.ToLowerInvariant() is "inf" or "infinity" or "nan"))
                    {
                        Next();
                        return null;
                    }
                    return $"Expected double, got: {Current.Text}";
                }
                default:
                {
                    bool signed = field.Type is FieldType.Int32 or FieldType.Int64 or FieldType.SInt32 or FieldType.SInt64 or FieldType.SFixed32 or FieldType.SFixed64;
                    bool negative = signed && TryConsume("-");
                    if (Current.Kind != TokenKind.Integer) return $"Expected integer, got: {Current.Text}";
                    var text = Current.Text;
                    ulong max = field.Type switch
                    {
                        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => negative ? 2147483648UL : int.MaxValue,
                        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => negative ? 9223372036854775808UL : long.MaxValue,
                        FieldType.UInt32 or FieldType.Fixed32 => uint.MaxValue,
                        _ => ulong.MaxValue,
                    };
                    if (!Literals.TryParseInteger(text, max, out _)) return $"Integer out of range ({(negative ? "-" : string.Empty)}{text})";
                    Next();
                    return null;
                }
            }
        }

        /// <summary>Skips one value whose type is unknown: a scalar, a list, or a message literal.</summary>
        private string? SkipValue()
        {
            TryConsume(":");
            if (TryConsume("{")) return SkipUntil("}");
            if (TryConsume("<")) return SkipUntil(">");
            if (TryConsume("["))
            {
                return SkipUntil("]");
            }
            TryConsume("-");
            if (AtEnd) return "Expected value, found end of input.";
            if (Current.Kind != TokenKind.String)
            {
                Next();
                return null;
            }
            while (Current.Kind == TokenKind.String) Next();
            return null;
        }

        private string? SkipUntil(string end)
        {
            string open = end switch { "}" => "{", ">" => "<", _ => "[" };
            int depth = 1;
            while (!AtEnd)
            {
                if (Current.Is(open)) depth++;
                else if (Current.Is(end) && --depth == 0)
                {
                    Next();
                    return null;
                }
                Next();
            }
            return $"Expected \"{end}\", found \"\".";
        }
    }
}
