using ProtoGen.Compiler.Model;
using ProtoGen.Compiler.Syntax;

namespace ProtoGen.Compiler.Tests.Binding;

/// <summary>
/// What protoc's descriptors cannot say about options as written, taken out of both models before they are compared:
/// an option's bytes hold its value, not its spelling. Everything else (names, order, values) is compared as is.
/// <list type="bullet">
/// <item>Numbers: <c>5</c> and <c>5.0</c> set the same double; integer and float kinds compare as one kind, by value.</item>
/// <item>Message literals: fields in the bytes come in field-number order, not as written, and separators (<c>,</c>
/// <c>;</c>, the optional <c>:</c>) leave no trace; both sides are rewritten as <c>name value</c> entries sorted by name
/// (stable, so a repeated field's elements keep their order), nested literals likewise.</item>
/// </list>
/// </summary>
internal static class OptionComparison
{
    public static FileModel Normalize(FileModel file) => file with
    {
        MessageTypes = file.MessageTypes.Select(Message).ToEquatableArray(),
        EnumTypes = file.EnumTypes.Select(Enum).ToEquatableArray(),
        Services = file.Services.Select(s => s with
        {
            Options = Options(s.Options),
            Methods = s.Methods.Select(m => m with { Options = Options(m.Options) }).ToEquatableArray(),
        }).ToEquatableArray(),
        Extensions = file.Extensions.Select(Field).ToEquatableArray(),
        Options = Options(file.Options),
    };

    private static MessageModel Message(MessageModel message) => message with
    {
        Fields = message.Fields.Select(Field).ToEquatableArray(),
        Extensions = message.Extensions.Select(Field).ToEquatableArray(),
        NestedTypes = message.NestedTypes.Select(Message).ToEquatableArray(),
        EnumTypes = message.EnumTypes.Select(Enum).ToEquatableArray(),
        ExtensionRanges = message.ExtensionRanges.Select(r => r with { Options = Options(r.Options) }).ToEquatableArray(),
        Oneofs = message.Oneofs.Select(o => o with { Options = Options(o.Options) }).ToEquatableArray(),
        Options = Options(message.Options),
    };

    private static FieldModel Field(FieldModel field) => field with { Options = Options(field.Options) };

    private static EnumModel Enum(EnumModel enumModel) => enumModel with
    {
        Values = enumModel.Values.Select(v => v with { Options = Options(v.Options) }).ToEquatableArray(),
        Options = Options(enumModel.Options),
    };

    private static OptionsModel Options(OptionsModel options) =>
        options.Items.IsEmpty ? options : new OptionsModel(options.Items.Select(Option).ToEquatableArray());

    private static OptionModel Option(OptionModel option) => option.Kind switch
    {
        OptionValueKind.Integer or OptionValueKind.Float when double.TryParse(option.Value, System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out var number) => option with
        {
            Kind = OptionValueKind.Float,
            Value = number.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        },
        OptionValueKind.Aggregate => option with { Value = CanonicalAggregate(option.Value) },
        _ => option,
    };

    /// <summary>Text-format tokens (as the parser joins them: single spaces) rewritten canonically.</summary>
    private static string CanonicalAggregate(string text)
    {
        var tokens = Tokens(text).Where(t => t is not ("," or ";")).ToList();
        int position = 0;
        return Entries(tokens, ref position);
    }

    private static string Value(List<string> tokens, ref int position)
    {
        if (position >= tokens.Count) return "";
        if (tokens[position] is "{" or "<")
        {
            position++;
            var value = "{ " + Entries(tokens, ref position) + " }";
            position++;
            return value;
        }
        var scalar = tokens[position++];
        if (scalar == "-" && position < tokens.Count) scalar += tokens[position++];
        return scalar;
    }

    /// <summary>Splits at spaces outside string literals; adjacent string literals become one, decoded and re-escaped.</summary>
    private static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        List<byte>? pendingString = null;
        void FlushString()
        {
            if (pendingString is null) return;
            tokens.Add("\"" + Literals.CEscape(pendingString) + "\"");
            pendingString = null;
        }
        int i = 0;
        while (i < text.Length)
        {
            if (text[i] == ' ')
            {
                i++;
                continue;
            }
            int start = i;
            if (text[i] is '"' or '\'')
            {
                char quote = text[i++];
                while (i < text.Length && text[i] != quote) i += text[i] == '\\' ? 2 : 1;
                i++;
                Literals.DecodeStringAppend(text.Substring(start, Math.Min(i, text.Length) - start), pendingString ??= new List<byte>());
                continue;
            }
            while (i < text.Length && text[i] != ' ') i++;
            FlushString();
            tokens.Add(text.Substring(start, i - start));
        }
        FlushString();
        return tokens;
    }

    private static string Entries(List<string> tokens, ref int position)
    {
        var entries = new List<(string Name, string Value)>();
        while (position < tokens.Count && tokens[position] is not ("}" or ">"))
        {
            // A name: an identifier, or an extension or Any URL in brackets, whose tokens are joined.
            string name = tokens[position++];
            if (name == "[")
            {
                var parts = new List<string>();
                while (position < tokens.Count && tokens[position] != "]") parts.Add(tokens[position++]);
                position++;
                name = "[" + string.Concat(parts) + "]";
            }
            if (position < tokens.Count && tokens[position] == ":") position++;
            if (position < tokens.Count && tokens[position] == "[")
            {
                // A list, [a, b]: the same as the field repeated once per element.
                position++;
                while (position < tokens.Count && tokens[position] != "]") entries.Add((name, Value(tokens, ref position)));
                position++;
            }
            else
            {
                entries.Add((name, Value(tokens, ref position)));
            }
        }
        return string.Join(" ", entries.OrderBy(e => e.Name, StringComparer.Ordinal).Select(e => e.Name + " " + e.Value));
    }
}
