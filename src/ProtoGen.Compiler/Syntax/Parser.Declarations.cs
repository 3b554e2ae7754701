using ProtoGen.Compiler.Diagnostics;
using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.Syntax;

public sealed partial class Parser
{
    private bool IsEditions => _syntax == ProtoSyntax.Editions;

    private bool DefaultToOptionalFields => _syntax == ProtoSyntax.Proto3 || IsEditions;

    private Token Peek => _index + 1 < _tokens.Count ? _tokens[_index + 1] : Current;

    // ---------------------------------------------------------------- messages

    private MessageNode? ParseMessageDefinition()
    {
        var start = Current.Span;
        Consume("message");
        if (!ConsumeIdentifier(out var name, "Expected message name.")) return null;
        return ParseMessageBlock(name, start);
    }

    private MessageNode? ParseMessageBlock(NameNode name, SourceSpan start) =>
        ParseBlock("message definition", ParseMessageStatement, out var members, out var comments)
            ? new MessageNode(name, members, comments, From(start))
            : null;

    /// <summary>A <c>{ statements }</c> body as protoc parses message, enum and service bodies: a statement that fails
    /// is skipped and the next one parsed.</summary>
    private bool ParseBlock(string what, Func<List<SyntaxNode>, bool> parseStatement, out EquatableArray<SyntaxNode> members, out Comments comments)
    {
        members = EquatableArray<SyntaxNode>.Empty;
        if (!ConsumeEndOfDeclaration("{", out comments)) return false;
        var list = new List<SyntaxNode>();
        while (!TryConsumeEndOfDeclaration("}"))
        {
            if (AtEnd)
            {
                Report(DiagnosticCatalog.UnexpectedEndOfFile, Current.Span, what);
                return false;
            }
            if (!parseStatement(list)) SkipStatement();
        }
        members = list.ToEquatableArray();
        return true;
    }

    private bool ParseMessageStatement(List<SyntaxNode> members)
    {
        if (TryConsumeEndOfDeclaration(";")) return true;
        if (!TrySkipVisibility()) return false;
        if (LookingAt("message")) return Add(members, ParseMessageDefinition());
        if (LookingAt("enum")) return Add(members, ParseEnumDefinition());
        if (LookingAt("extensions")) return Add(members, ParseExtensions());
        if (LookingAt("reserved")) return Add(members, ParseReserved(forEnum: false));
        if (LookingAt("extend")) return ParseExtend(members);
        if (LookingAt("option"))
        {
            var option = ParseOption(statement: true);
            return Add(members, option is not null && ConsumeEndOfDeclaration(";") ? option : null);
        }
        if (LookingAt("oneof")) return Add(members, ParseOneof());
        return Add(members, ParseMessageField(isExtension: false));
    }

    private FieldNode? ParseMessageField(bool isExtension)
    {
        var start = Current.Span;
        FieldLabel? label = null;
        var labelSpan = SourceSpan.Empty;
        if (LookingAt("optional") || LookingAt("required") || LookingAt("repeated"))
        {
            label = Current.Text switch
            {
                "optional" => FieldLabel.Optional,
                "required" => FieldLabel.Required,
                _ => FieldLabel.Repeated,
            };
            labelSpan = Current.Span;
            Next();
        }
        return ParseMessageFieldNoLabel(start, label, labelSpan, inOneof: false, isExtension);
    }

    private FieldNode? ParseMessageFieldNoLabel(SourceSpan start, FieldLabel? label, SourceSpan labelSpan, bool inOneof, bool isExtension)
    {
        NameNode? type = null;
        NameNode? mapKey = null;
        NameNode? mapValue = null;
        FieldType? scalar = null;

        if (LookingAt("map") && Peek.Is("<"))
        {
            Next();
            if (inOneof)
            {
                Report(DiagnosticCatalog.InvalidMapField, Current.Span, "Map fields are not allowed in oneofs.");
                return null;
            }
            if (label is not null)
            {
                Report(DiagnosticCatalog.InvalidMapField, Current.Span, "Field labels (required/optional/repeated) are not allowed on map fields.");
                return null;
            }
            if (isExtension)
            {
                Report(DiagnosticCatalog.InvalidMapField, Current.Span, "Map fields are not allowed to be extensions.");
                return null;
            }
            if (!Consume("<")) return null;
            if (!ParseType(out mapKey, out _)) return null;
            if (!Consume(",")) return null;
            if (!ParseType(out mapValue, out _)) return null;
            if (!Consume(">")) return null;
        }
        else
        {
            // A message or enum named "map": protoc has consumed the identifier already and takes it as the type name.
            bool namedMap = LookingAt("map");
            if (namedMap)
            {
                type = new NameNode("map", Current.Span);
                Next();
            }
            if (label is null && !inOneof && !DefaultToOptionalFields)
            {
                Report(DiagnosticCatalog.MissingLabel, Current.Span);
            }
            if (!namedMap && !ParseType(out type, out scalar))
            {
                return null;
            }
        }

        var nameToken = Current;
        if (!ConsumeIdentifier(out var name, "Expected field name.")) return null;
        if (!Consume("=", "Missing field number.")) return null;
        var numberSpan = Current.Span;
        if (!ConsumeInteger(out int number, "Expected field number.")) return null;

        var options = new List<OptionNode>();
        NameNode? defaultValue = null;
        NameNode? jsonName = null;
        if (!ParseFieldOptions(scalar, options, ref defaultValue, ref jsonName)) return null;

        MessageNode? groupBody = null;
        var comments = Comments.None;
        if (scalar == FieldType.Group)
        {
            if (name.Text.Length > 0 && (name.Text[0] < 'A' || name.Text[0] > 'Z'))
            {
                Report(DiagnosticCatalog.GroupNameNotCapitalized, nameToken.Span);
            }
            if (!LookingAt("{"))
            {
                RecordError("Missing group body.");
                return null;
            }
            groupBody = ParseMessageBlock(name, start);
            if (groupBody is null) return null;
            name = name with { Text = name.Text.ToLowerInvariant() };
        }
        else if (!ConsumeEndOfDeclaration(";", out comments))
        {
            return null;
        }

        return new FieldNode(label, labelSpan, type, mapKey, mapValue, name, number, numberSpan, options.ToEquatableArray(),
            defaultValue, jsonName, groupBody, comments, From(start));
    }

    private bool ParseType(out NameNode type, out FieldType? scalar)
    {
        scalar = null;
        if (LookingAtKind(TokenKind.Identifier) && ScalarTypes.TryGetValue(Current.Text, out var found))
        {
            if (IsEditions && found == FieldType.Group)
            {
                Report(DiagnosticCatalog.EditionsGroup, Current.Span);
            }
            scalar = found;
            type = new NameNode(Current.Text, Current.Span);
            Next();
            return true;
        }
        return ParseUserDefinedType(out type);
    }

    private bool ParseUserDefinedType(out NameNode type)
    {
        var start = Current.Span;
        if (LookingAtKind(TokenKind.Identifier) && ScalarTypes.ContainsKey(Current.Text))
        {
            RecordError("Expected message type.");
            type = new NameNode(Current.Text, Current.Span);
            Next();
            return true;
        }

        var text = new System.Text.StringBuilder();
        if (TryConsume(".")) text.Append('.');
        if (!ConsumeIdentifier(out var first, "Expected type name."))
        {
            type = new NameNode(text.ToString(), start);
            return false;
        }
        text.Append(first.Text);
        while (TryConsume("."))
        {
            if (!ConsumeIdentifier(out var part, "Expected identifier."))
            {
                type = new NameNode(text.ToString(), From(start));
                return false;
            }
            text.Append('.').Append(part.Text);
        }
        type = new NameNode(text.ToString(), From(start));
        return true;
    }

    private bool ParseFieldOptions(FieldType? scalar, List<OptionNode> options, ref NameNode? defaultValue, ref NameNode? jsonName)
    {
        if (!LookingAt("[")) return true;
        Consume("[");
        do
        {
            if (LookingAt("default"))
            {
                if (!ParseDefaultAssignment(scalar, ref defaultValue)) return false;
            }
            else if (LookingAt("json_name"))
            {
                if (jsonName is not null)
                {
                    Report(DiagnosticCatalog.PseudoOptionSetTwice, Current.Span, "json_name");
                    jsonName = null;
                }
                var keyword = Current.Span;
                Consume("json_name");
                if (!Consume("=")) return false;
                if (!ConsumeString(out string json, out _, "Expected string for JSON name.")) return false;
                jsonName = new NameNode(json, From(keyword));
            }
            else
            {
                var option = ParseOption(statement: false);
                if (option is null) return false;
                options.Add(option);
            }
        }
        while (TryConsume(","));
        return Consume("]");
    }

    private bool ParseDefaultAssignment(FieldType? scalar, ref NameNode? defaultValue)
    {
        if (defaultValue is not null)
        {
            Report(DiagnosticCatalog.PseudoOptionSetTwice, Current.Span, "default");
            defaultValue = null;
        }
        Consume("default");
        if (!Consume("=")) return false;

        var start = Current.Span;
        if (scalar is null)
        {
            // An enum (or, wrongly, a message): keep the token; the binder checks it against the enum's values.
            if (AtEnd)
            {
                RecordError("Expected enum identifier for field default value.");
                return false;
            }
            defaultValue = new NameNode(Current.Text, Current.Span);
            Next();
            return true;
        }

        string text;
        switch (scalar.Value)
        {
            case FieldType.Int32:
            case FieldType.Int64:
            case FieldType.SInt32:
            case FieldType.SInt64:
            case FieldType.SFixed32:
            case FieldType.SFixed64:
            {
                ulong max = scalar is FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 ? (ulong)int.MaxValue : long.MaxValue;
                bool negative = TryConsume("-");
                if (negative) max++;
                if (!ConsumeInteger64(max, out var value, "Expected integer for field default value.")) return false;
                text = (negative ? "-" : string.Empty) + value.ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            }
            case FieldType.UInt32:
            case FieldType.UInt64:
            case FieldType.Fixed32:
            case FieldType.Fixed64:
            {
                ulong max = scalar is FieldType.UInt32 or FieldType.Fixed32 ? uint.MaxValue : ulong.MaxValue;
                if (TryConsume("-"))
                {
                    Report(DiagnosticCatalog.InvalidDefaultValue, Previous.Span, "Unsigned field can't have negative default value.");
                }
                if (!ConsumeInteger64(max, out var value, "Expected integer for field default value.")) return false;
                text = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            }
            case FieldType.Float:
            case FieldType.Double:
            {
                bool negative = TryConsume("-");
                if (!ConsumeNumber(out double value, "Expected number.")) return false;
                // descriptor.proto spells float defaults as protoc prints the float (SimpleFtoa), doubles with SimpleDtoa.
                if (negative) value = -value;
                text = scalar == FieldType.Float ? Literals.FormatFloat((float)value) : Literals.FormatDouble(value);
                break;
            }
            case FieldType.Bool:
                if (TryConsume("true")) text = "true";
                else if (TryConsume("false")) text = "false";
                else
                {
                    Report(DiagnosticCatalog.InvalidDefaultValue, Current.Span, "Expected \"true\" or \"false\".");
                    return false;
                }
                break;
            case FieldType.String:
            {
                if (!ConsumeString(out string value, out _, "Expected string for field default value.")) return false;
                text = value;
                break;
            }
            case FieldType.Bytes:
            {
                if (!ConsumeString(out List<byte> value, out _, "Expected string.")) return false;
                text = Literals.CEscape(value);
                break;
            }
            default:
                Report(DiagnosticCatalog.DefaultOnMessage, Current.Span);
                return false;
        }
        defaultValue = new NameNode(text, From(start));
        return true;
    }

    private bool ConsumeNumber(out double value, string error)
    {
        value = 0;
        if (LookingAtKind(TokenKind.Float))
        {
            value = Literals.ParseFloat(Current.Text);
            Next();
            return true;
        }
        if (LookingAtKind(TokenKind.Integer))
        {
            if (!Literals.TryParseInteger(Current.Text, ulong.MaxValue, out var integer))
            {
                Report(DiagnosticCatalog.IntegerOutOfRange, Current.Span);
            }
            value = integer;
            Next();
            return true;
        }
        if (LookingAt("inf"))
        {
            value = double.PositiveInfinity;
            Next();
            return true;
        }
        if (LookingAt("nan"))
        {
            value = double.NaN;
            Next();
            return true;
        }
        RecordError(error);
        return false;
    }

    private OneofNode? ParseOneof()
    {
        var start = Current.Span;
        Consume("oneof");
        if (!ConsumeIdentifier(out var name, "Expected oneof name.")) return null;
        if (!ConsumeEndOfDeclaration("{", out var comments)) return null;
        var members = new List<SyntaxNode>();
        do
        {
            if (AtEnd)
            {
                Report(DiagnosticCatalog.UnexpectedEndOfFile, Current.Span, "oneof definition");
                return null;
            }
            if (LookingAt("option"))
            {
                var option = ParseOption(statement: true);
                if (option is null || !ConsumeEndOfDeclaration(";")) return null;
                members.Add(option);
                continue;
            }
            if (LookingAt("required") || LookingAt("optional") || LookingAt("repeated"))
            {
                Report(DiagnosticCatalog.LabelInOneof, Current.Span);
                Next();
            }
            var field = ParseMessageFieldNoLabel(Current.Span, null, SourceSpan.Empty, inOneof: true, isExtension: false);
            if (field is null) SkipStatement();
            else members.Add(field);
        }
        while (!TryConsumeEndOfDeclaration("}"));
        return new OneofNode(name, members.ToEquatableArray(), comments, From(start));
    }

    private ExtensionsNode? ParseExtensions()
    {
        var start = Current.Span;
        Consume("extensions");
        var ranges = new List<RangeNode>();
        do
        {
            var rangeStart = Current.Span;
            if (!ConsumeInteger(out int first, "Expected field number range.")) return null;
            long last = first;
            bool isMax = false;
            if (TryConsume("to"))
            {
                if (TryConsume("max")) isMax = true;
                else if (ConsumeInteger(out int end, "Expected integer.")) last = end;
                else return null;
            }
            ranges.Add(new RangeNode(first, last, isMax, From(rangeStart)));
        }
        while (TryConsume(","));

        var options = new List<OptionNode>();
        if (!ParseBracketedOptions(options)) return null;
        if (!ConsumeEndOfDeclaration(";")) return null;
        return new ExtensionsNode(ranges.ToEquatableArray(), options.ToEquatableArray(), From(start));
    }

    private ReservedNode? ParseReserved(bool forEnum)
    {
        var start = Current.Span;
        Consume("reserved");
        var ranges = new List<RangeNode>();
        var names = new List<NameNode>();
        string nameKind = forEnum ? "enum value" : "field name";
        if (LookingAtKind(TokenKind.String))
        {
            if (IsEditions)
            {
                Report(DiagnosticCatalog.InvalidReservedName, Current.Span, "Reserved names must be identifiers in editions, not string literals.");
                return null;
            }
            do
            {
                if (!ConsumeString(out string name, out var span, $"Expected {nameKind} string literal.")) return null;
                names.Add(new NameNode(name, span));
            }
            while (TryConsume(","));
        }
        else if (LookingAtKind(TokenKind.Identifier))
        {
            if (!IsEditions)
            {
                Report(DiagnosticCatalog.InvalidReservedName, Current.Span, "Reserved names must be string literals. (Only editions supports identifiers.)");
                return null;
            }
            do
            {
                if (!ConsumeIdentifier(out var name, $"Expected {nameKind} identifier.")) return null;
                names.Add(name);
            }
            while (TryConsume(","));
        }
        else
        {
            bool first = true;
            do
            {
                var rangeStart = Current.Span;
                string error = forEnum
                    ? (first ? "Expected enum value or number range." : "Expected enum number range.")
                    : (first ? "Expected field name or number range." : "Expected field number range.");
                int low;
                if (!(forEnum ? ConsumeSignedInteger(out low, error) : ConsumeInteger(out low, error))) return null;
                long high = low;
                bool isMax = false;
                if (TryConsume("to"))
                {
                    if (TryConsume("max")) isMax = true;
                    else if (forEnum ? ConsumeSignedInteger(out int end, "Expected integer.") : ConsumeInteger(out end, "Expected integer.")) high = end;
                    else return null;
                }
                ranges.Add(new RangeNode(low, high, isMax, From(rangeStart)));
                first = false;
            }
            while (TryConsume(","));
        }
        if (!ConsumeEndOfDeclaration(";")) return null;
        return new ReservedNode(ranges.ToEquatableArray(), names.ToEquatableArray(), From(start));
    }

    private bool ParseExtend(List<SyntaxNode> members)
    {
        var start = Current.Span;
        Consume("extend");
        if (!ParseUserDefinedType(out var extendee)) return false;
        if (!ConsumeEndOfDeclaration("{")) return false;
        var fields = new List<FieldNode>();
        do
        {
            if (AtEnd)
            {
                Report(DiagnosticCatalog.UnexpectedEndOfFile, Current.Span, "extend definition");
                return false;
            }
            var field = ParseMessageField(isExtension: true);
            if (field is null) SkipStatement();
            else fields.Add(field);
        }
        while (!TryConsumeEndOfDeclaration("}"));
        members.Add(new ExtendNode(extendee, fields.ToEquatableArray(), From(start)));
        return true;
    }

    // ---------------------------------------------------------------- enums

    private EnumNode? ParseEnumDefinition()
    {
        var start = Current.Span;
        Consume("enum");
        if (!ConsumeIdentifier(out var name, "Expected enum name.")) return null;
        return ParseBlock("enum definition", ParseEnumStatement, out var members, out var comments)
            ? new EnumNode(name, members, comments, From(start))
            : null;
    }

    private bool ParseEnumStatement(List<SyntaxNode> members)
    {
        if (TryConsumeEndOfDeclaration(";")) return true;
        if (LookingAt("option"))
        {
            var option = ParseOption(statement: true);
            return Add(members, option is not null && ConsumeEndOfDeclaration(";") ? option : null);
        }
        if (LookingAt("reserved")) return Add(members, ParseReserved(forEnum: true));
        return Add(members, ParseEnumConstant());
    }

    private EnumValueNode? ParseEnumConstant()
    {
        var start = Current.Span;
        if (!ConsumeIdentifier(out var name, "Expected enum constant name.")) return null;
        if (!Consume("=", "Missing numeric value for enum constant.")) return null;
        var numberStart = Current.Span;
        if (!ConsumeSignedInteger(out int number, "Expected integer.")) return null;
        var numberSpan = From(numberStart);
        var options = new List<OptionNode>();
        if (!ParseBracketedOptions(options)) return null;
        if (!ConsumeEndOfDeclaration(";", out var comments)) return null;
        return new EnumValueNode(name, number, numberSpan, options.ToEquatableArray(), comments, From(start));
    }

    private bool ParseBracketedOptions(List<OptionNode> options)
    {
        if (!LookingAt("[")) return true;
        Consume("[");
        do
        {
            var option = ParseOption(statement: false);
            if (option is null) return false;
            options.Add(option);
        }
        while (TryConsume(","));
        return Consume("]");
    }

    // ---------------------------------------------------------------- services

    private ServiceNode? ParseServiceDefinition()
    {
        var start = Current.Span;
        Consume("service");
        if (!ConsumeIdentifier(out var name, "Expected service name.")) return null;
        return ParseBlock("service definition", ParseServiceStatement, out var members, out var comments)
            ? new ServiceNode(name, members, comments, From(start))
            : null;
    }

    private bool ParseServiceStatement(List<SyntaxNode> members)
    {
        if (TryConsumeEndOfDeclaration(";")) return true;
        if (LookingAt("option"))
        {
            var option = ParseOption(statement: true);
            return Add(members, option is not null && ConsumeEndOfDeclaration(";") ? option : null);
        }
        return Add(members, ParseServiceMethod());
    }

    private MethodNode? ParseServiceMethod()
    {
        var start = Current.Span;
        if (!Consume("rpc")) return null;
        if (!ConsumeIdentifier(out var name, "Expected method name.")) return null;
        if (!Consume("(")) return null;
        bool clientStreaming = LookingAt("stream");
        if (clientStreaming) Next();
        if (!ParseUserDefinedType(out var input)) return null;
        if (!Consume(")")) return null;
        if (!Consume("returns")) return null;
        if (!Consume("(")) return null;
        bool serverStreaming = LookingAt("stream");
        if (serverStreaming) Next();
        if (!ParseUserDefinedType(out var output)) return null;
        if (!Consume(")")) return null;

        var options = new List<OptionNode>();
        Comments comments;
        bool hasBody = LookingAt("{");
        if (hasBody)
        {
            if (!ConsumeEndOfDeclaration("{", out comments)) return null;
            while (!TryConsumeEndOfDeclaration("}"))
            {
                if (AtEnd)
                {
                    Report(DiagnosticCatalog.UnexpectedEndOfFile, Current.Span, "method options");
                    return null;
                }
                if (TryConsumeEndOfDeclaration(";")) continue;
                var option = ParseOption(statement: true);
                if (option is null || !ConsumeEndOfDeclaration(";"))
                {
                    SkipStatement();
                    continue;
                }
                options.Add(option);
            }
        }
        else if (!ConsumeEndOfDeclaration(";", out comments))
        {
            return null;
        }
        return new MethodNode(name, input, clientStreaming, output, serverStreaming, options.ToEquatableArray(), comments, From(start), hasBody);
    }

    // ---------------------------------------------------------------- options

    /// <summary>An option statement (<c>option name = value</c>, without the ';') or a bracketed option entry.</summary>
    private OptionNode? ParseOption(bool statement)
    {
        var start = Current.Span;
        if (statement && !Consume("option")) return null;
        var parts = new List<OptionNamePart>();
        if (!ParseOptionNamePart(parts)) return null;
        while (LookingAt("."))
        {
            Consume(".");
            if (!ParseOptionNamePart(parts)) return null;
        }
        if (!Consume("=")) return null;

        var valueStart = Current.Span;
        bool negative = TryConsume("-");
        OptionValueKind kind;
        string text;
        EquatableArray<byte> bytes = default;
        switch (Current.Kind)
        {
            case TokenKind.EndOfFile:
                Report(DiagnosticCatalog.InvalidOptionValue, Current.Span, "Unexpected end of stream while parsing option value.");
                return null;
            case TokenKind.Identifier:
                if (negative)
                {
                    if (Current.Text == "inf") text = "-inf";
                    else if (Current.Text == "nan") text = "nan";
                    else
                    {
                        Report(DiagnosticCatalog.InvalidOptionValue, Current.Span, "Identifier after '-' symbol must be inf or nan.");
                        return null;
                    }
                    kind = OptionValueKind.Float;
                    Next();
                    break;
                }
                kind = OptionValueKind.Identifier;
                text = Current.Text;
                Next();
                break;
            case TokenKind.Integer:
            {
                ulong max = negative ? (ulong)long.MaxValue + 1 : ulong.MaxValue;
                if (!ConsumeInteger64(max, out var value, "Expected integer.")) return null;
                kind = OptionValueKind.Integer;
                text = negative
                    ? unchecked((long)(0 - value)).ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : value.ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
            }
            case TokenKind.Float:
            {
                double value = Literals.ParseFloat(Current.Text);
                Next();
                kind = OptionValueKind.Float;
                text = Literals.FormatDouble(negative ? -value : value);
                break;
            }
            case TokenKind.String:
            {
                if (negative)
                {
                    Report(DiagnosticCatalog.InvalidOptionValue, Current.Span, "Invalid '-' symbol before string.");
                    return null;
                }
                ConsumeString(out List<byte> value, out _, "Expected string.");
                kind = OptionValueKind.String;
                text = Literals.Utf8Text(value);
                if (!Literals.IsValidUtf8(value)) bytes = value.ToEquatableArray();
                break;
            }
            default:
                if (!LookingAt("{"))
                {
                    Report(DiagnosticCatalog.InvalidOptionValue, Current.Span, "Expected option value.");
                    return null;
                }
                if (!ParseUninterpretedBlock(out text)) return null;
                kind = OptionValueKind.Aggregate;
                break;
        }
        var optionValue = new OptionValueNode(kind, text, From(valueStart), bytes);
        return new OptionNode(parts.ToEquatableArray(), optionValue, From(start));
    }

    private bool ParseOptionNamePart(List<OptionNamePart> parts)
    {
        var start = Current.Span;
        if (LookingAt("("))
        {
            Consume("(");
            var name = new System.Text.StringBuilder();
            if (LookingAtKind(TokenKind.Identifier))
            {
                name.Append(Current.Text);
                Next();
            }
            while (LookingAt("."))
            {
                Consume(".");
                name.Append('.');
                if (!ConsumeIdentifier(out var part, "Expected identifier.")) return false;
                name.Append(part.Text);
            }
            if (!Consume(")")) return false;
            parts.Add(new OptionNamePart(name.ToString(), true, From(start)));
            return true;
        }
        if (!ConsumeIdentifier(out var identifier, "Expected identifier.")) return false;
        parts.Add(new OptionNamePart(identifier.Text, false, identifier.Span));
        return true;
    }

    /// <summary>A message literal: the tokens between the braces, joined by single spaces as protoc stores them.</summary>
    private bool ParseUninterpretedBlock(out string text)
    {
        var builder = new System.Text.StringBuilder();
        text = string.Empty;
        if (!Consume("{")) return false;
        int depth = 1;
        while (!AtEnd)
        {
            if (LookingAt("{"))
            {
                depth++;
            }
            else if (LookingAt("}"))
            {
                depth--;
                if (depth == 0)
                {
                    Next();
                    text = builder.ToString();
                    return true;
                }
            }
            if (builder.Length > 0) builder.Append(' ');
            builder.Append(Current.Text);
            Next();
        }
        Report(DiagnosticCatalog.InvalidOptionValue, Current.Span, "Unexpected end of stream while parsing aggregate value.");
        return false;
    }
}
