using ProtoGen.Compiler.Diagnostics;
using ProtoGen.Compiler.Model;
using ProtoGen.Compiler.Syntax;
using ProtoGen.Compiler.WellKnownTypes;

namespace ProtoGen.Compiler.Binding;

internal sealed partial class FileBinder
{
    /// <summary>The field names of each google.protobuf.*Options message, read once from the embedded descriptor.proto.</summary>
    private static readonly Lazy<Dictionary<string, HashSet<string>>> BuiltInOptions = new(() =>
    {
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var descriptor = WellKnownTypeSources.GetParsed("google/protobuf/descriptor.proto");
        if (descriptor is null) return result;
        foreach (var message in descriptor.Root.Members.OfType<MessageNode>())
        {
            if (!message.Name.Text.EndsWith("Options", StringComparison.Ordinal)) continue;
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var member in message.Members)
            {
                if (member is FieldNode field) names.Add(field.Name.Text);
                if (member is OneofNode oneof) names.UnionWith(oneof.Members.OfType<FieldNode>().Select(f => f.Name.Text));
            }
            result[message.Name.Text] = names;
        }
        return result;
    });

    /// <summary>Options in source order with their names resolved: built-in ones checked against descriptor.proto,
    /// custom ones (<c>(name)</c>) looked up from <paramref name="scope"/> as protoc's OptionInterpreter does.</summary>
    private OptionsModel BuildOptions(IEnumerable<OptionNode> options, string optionsMessage, string scope)
    {
        List<OptionModel>? items = null;
        foreach (var option in options)
        {
            var name = ResolveOptionName(option, optionsMessage, scope);
            if (name is null) continue;
            (items ??= new List<OptionModel>()).Add(new OptionModel(name, option.Value.Kind, option.Value.Text));
        }
        return items is null ? OptionsModel.None : new OptionsModel(items.ToEquatableArray());
    }

    private string? ResolveOptionName(OptionNode option, string optionsMessage, string scope)
    {
        var parts = new List<string>();
        for (int i = 0; i < option.Name.Count; i++)
        {
            var part = option.Name[i];
            var shownSoFar = string.Join(".", option.Name.Take(i + 1).Select(p => p.IsExtension ? "(" + p.Name + ")" : p.Name));
            if (!part.IsExtension)
            {
                if (i == 0 && BuiltInOptions.Value.TryGetValue(optionsMessage, out var known) && !known.Contains(part.Name))
                {
                    Report(DiagnosticCatalog.UnknownOption, part.Span, shownSoFar);
                    return null;
                }
                parts.Add(part.Name);
                continue;
            }

            var symbol = LookupSymbol(part.Name, scope, typesOnly: false);
            if (symbol is null || symbol.Kind != SymbolKind.Extension)
            {
                Report(DiagnosticCatalog.UnknownOption, part.Span, shownSoFar);
                return null;
            }
            if (i == 0 && symbol.Extendee is { } extendee && extendee != "google.protobuf." + optionsMessage)
            {
                Report(DiagnosticCatalog.OptionExtendsOtherMessage, part.Span, shownSoFar, optionsMessage);
                return null;
            }
            parts.Add("(" + symbol.FullName + ")");
        }
        return string.Join(".", parts);
    }
}
