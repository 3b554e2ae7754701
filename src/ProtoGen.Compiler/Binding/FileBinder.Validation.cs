using ProtoGen.Compiler.Diagnostics;
using ProtoGen.Compiler.Model;
using ProtoGen.Compiler.Syntax;

namespace ProtoGen.Compiler.Binding;

internal sealed partial class FileBinder
{
    /// <summary>Field numbers, reserved and extension ranges, reserved names and JSON names of one message, with
    /// protoc's messages. Errors point at the offending number, range or name.</summary>
    private void ValidateMessage(MessageDecl message, List<(ReservedRange Range, RangeNode Node)> reservedRanges, List<NameNode> reservedNames)
    {
        var extensionRanges = ExtensionRanges(message).ToList();

        foreach (var (start, end, _, range) in extensionRanges)
        {
            if (start <= 0) Report(DiagnosticCatalog.RangeStartNotPositive, range.Span, "Extension");
            else if (end <= start) Report(DiagnosticCatalog.RangeEndBeforeStart, range.Span, "Extension");
        }
        foreach (var (range, node) in reservedRanges)
        {
            if (range.Start <= 0) Report(DiagnosticCatalog.RangeStartNotPositive, node.Span, "Reserved");
            else if (range.End <= range.Start) Report(DiagnosticCatalog.RangeEndBeforeStart, node.Span, "Reserved");
        }


        var byNumber = new Dictionary<int, FieldDecl>();
        var reservedNameSet = new HashSet<string>(reservedNames.Select(n => n.Text), StringComparer.Ordinal);
        foreach (var field in message.Fields)
        {
            var node = field.Node;
            if (node.Number is not int number) continue;
            if (number <= 0)
            {
                Report(DiagnosticCatalog.FieldNumberNotPositive, node.NumberSpan);
            }
            else if (number > MaxFieldNumber)
            {
                Report(DiagnosticCatalog.FieldNumberTooLarge, node.NumberSpan);
            }
            else if (number >= 19000 && number <= 19999)
            {
                Report(DiagnosticCatalog.FieldNumberInImplementationRange, node.NumberSpan);
            }

            if (byNumber.TryGetValue(number, out var first))
            {
                int nextAvailable = NextAvailableFieldNumber(message, reservedRanges, extensionRanges);
                Report(DiagnosticCatalog.DuplicateFieldNumber, node.NumberSpan, number, message.FullName, first.Node.Name.Text, nextAvailable);
            }
            else
            {
                byNumber[number] = field;
            }

            foreach (var (start, end, _, _) in extensionRanges)
            {
                if (start <= number && number < end)
                {
                    Report(DiagnosticCatalog.ExtensionRangeIncludesField, node.NumberSpan, start, end - 1, node.Name.Text, number);
                }
            }
            foreach (var (range, _) in reservedRanges)
            {
                if (range.Start <= number && number < range.End)
                {
                    Report(DiagnosticCatalog.ReservedFieldNumberUsed, node.NumberSpan, node.Name.Text, number);
                }
            }
            if (reservedNameSet.Contains(node.Name.Text))
            {
                Report(DiagnosticCatalog.ReservedFieldNameUsed, node.Name.Span, node.Name.Text);
            }
        }

        for (int i = 0; i < extensionRanges.Count; i++)
        {
            var first = extensionRanges[i];
            foreach (var (range, _) in reservedRanges)
            {
                if (first.End > range.Start && range.End > first.Start)
                {
                    Report(DiagnosticCatalog.ReservedRangeIncludesField, first.Range.Span, first.Start, first.End - 1, range.Start, range.End - 1);
                }
            }
            for (int j = i + 1; j < extensionRanges.Count; j++)
            {
                var second = extensionRanges[j];
                if (first.End > second.Start && second.End > first.Start)
                {
                    Report(DiagnosticCatalog.ExtensionRangeOverlap, second.Range.Span, second.Start, second.End - 1, first.Start, first.End - 1);
                }
            }
        }
        for (int i = 0; i < reservedRanges.Count; i++)
        {
            for (int j = i + 1; j < reservedRanges.Count; j++)
            {
                var first = reservedRanges[i].Range;
                var second = reservedRanges[j].Range;
                if (first.End > second.Start && second.End > first.Start)
                {
                    Report(DiagnosticCatalog.ReservedRangeOverlap, reservedRanges[j].Node.Span, second.Start, second.End - 1, first.Start, first.End - 1);
                }
            }
        }

        if (IsProto3 && extensionRanges.Count > 0)
        {
            Report(DiagnosticCatalog.Proto3ExtensionRange, extensionRanges[0].Range.Span);
        }

        CheckJsonNames(message, useCustomNames: false);
        CheckJsonNames(message, useCustomNames: true);
    }

    /// <summary>protoc's hint: the smallest number that no field, reserved range or extension range takes.</summary>
    private static int NextAvailableFieldNumber(
        MessageDecl message,
        List<(ReservedRange Range, RangeNode Node)> reservedRanges,
        List<(int Start, int End, ExtensionsNode Node, RangeNode Range)> extensionRanges)
    {
        var taken = new HashSet<int>(message.Fields.Select(f => f.Node.Number ?? 0));
        var ranges = reservedRanges.Select(r => (r.Range.Start, r.Range.End)).Concat(extensionRanges.Select(r => (r.Start, r.End))).ToList();
        long candidate = 1;
        bool moved = true;
        while (moved && candidate < MaxFieldNumber)
        {
            moved = false;
            if (taken.Contains((int)candidate))
            {
                candidate++;
                moved = true;
                continue;
            }
            foreach (var (start, end) in ranges)
            {
                if (start <= candidate && candidate < end)
                {
                    candidate = end;
                    moved = true;
                }
            }
        }
        return (int)Math.Min(candidate, MaxFieldNumber);
    }

    /// <summary>protoc's CheckFieldJsonNameUniqueness: JSON names must differ (ignoring case); in proto2 a clash
    /// that involves a default name is only a warning.</summary>
    private void CheckJsonNames(MessageDecl message, bool useCustomNames)
    {
        var seen = new Dictionary<string, (FieldNode Field, string JsonName, bool IsCustom)>(StringComparer.Ordinal);
        foreach (var field in message.Fields)
        {
            var node = field.Node;
            bool isCustom = useCustomNames && node.JsonName is not null;
            var jsonName = isCustom ? node.JsonName!.Text : NameRules.ToJsonName(node.Name.Text);
            var key = jsonName;
            if (!seen.TryGetValue(key, out var match))
            {
                seen[key] = (node, jsonName, isCustom);
                continue;
            }
            if (useCustomNames && !isCustom && !match.IsCustom) continue;
            var suffix = jsonName != match.JsonName ? " (\"" + match.JsonName + "\")" : string.Empty;
            bool involvesDefault = !isCustom || !match.IsCustom;
            var descriptor = _root.Syntax == ProtoSyntax.Proto2 && involvesDefault ? DiagnosticCatalog.JsonNameConflictWarning : DiagnosticCatalog.JsonNameConflict;
            Report(descriptor, node.Name.Span, isCustom ? "custom" : "default", node.Name.Text, jsonName,
                match.IsCustom ? "custom" : "default", match.Field.Name.Text, suffix);
        }
    }

    /// <summary>protoc's CheckEnumValueUniqueness: value names must stay distinct once the enum's name prefix is
    /// stripped and they are PascalCased, unless they are aliases of the same number.</summary>
    private void CheckEnumValueNames(EnumNode node, List<EnumValueNode> values)
    {
        var prefix = new string(node.Name.Text.Where(c => c != '_').Select(char.ToLowerInvariant).ToArray());
        var seen = new Dictionary<string, EnumValueNode>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var key = EnumValueToPascalCase(RemovePrefix(prefix, value.Name.Text));
            if (!seen.TryGetValue(key, out var first))
            {
                seen[key] = value;
                continue;
            }
            if (first.Name.Text != value.Name.Text && first.Number != value.Number)
            {
                Report(DiagnosticCatalog.EnumValueNamesCollide, value.Name.Span, value.Name.Text, first.Name.Text);
            }
        }
    }

    private static string RemovePrefix(string prefix, string name)
    {
        int i = 0;
        int j = 0;
        for (; i < name.Length && j < prefix.Length; i++)
        {
            if (name[i] == '_') continue;
            if (char.ToLowerInvariant(name[i]) != prefix[j++]) return name;
        }
        if (j < prefix.Length) return name;
        while (i < name.Length && name[i] == '_') i++;
        return i == name.Length ? name : name.Substring(i);
    }

    private static string EnumValueToPascalCase(string name)
    {
        var builder = new System.Text.StringBuilder(name.Length);
        bool nextUpper = true;
        foreach (char c in name)
        {
            if (c == '_')
            {
                nextUpper = true;
                continue;
            }
            builder.Append(nextUpper ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
            nextUpper = false;
        }
        return builder.ToString();
    }

    private void ValidateEnum(EnumNode node, string fullName, OptionsModel options, List<(ReservedRange Range, RangeNode Node)> reservedRanges, List<NameNode> reservedNames)
    {
        var values = node.Members.OfType<EnumValueNode>().ToList();
        if (values.Count == 0)
        {
            Report(DiagnosticCatalog.EnumWithoutValues, node.Name.Span);
            return;
        }

        foreach (var (range, rangeNode) in reservedRanges)
        {
            if (range.End < range.Start) Report(DiagnosticCatalog.RangeEndBeforeStart, rangeNode.Span, "Reserved");
        }

        bool isOpen = !EditionFeatures.IsClosedEnum(_root.Syntax, feature => Feature(feature, node.Members.OfType<OptionNode>()));
        if (Table.Find(fullName) is { } symbol && symbol.FilePath == _path) symbol.IsClosedEnum = !isOpen;
        if (isOpen && values[0].Number != 0)
        {
            Report(DiagnosticCatalog.Proto3FirstEnumValueNotZero, values[0].NumberSpan);
        }

        var scope = fullName.LastIndexOf('.') is var dot && dot >= 0 ? fullName.Substring(0, dot) : string.Empty;
        bool allowAlias = options.GetBool("allow_alias");
        var byNumber = new Dictionary<int, EnumValueNode>();
        bool hasAlias = false;
        int nextAvailable = values.Max(v => v.Number) == int.MaxValue ? int.MaxValue : values.Max(v => v.Number) + 1;
        foreach (var value in values)
        {
            if (byNumber.TryGetValue(value.Number, out var first))
            {
                hasAlias = true;
                if (!allowAlias)
                {
                    Report(DiagnosticCatalog.DuplicateEnumNumber, value.NumberSpan,
                        NameRules.Qualify(scope, value.Name.Text), NameRules.Qualify(scope, first.Name.Text), nextAvailable);
                }
            }
            else
            {
                byNumber[value.Number] = value;
            }

            foreach (var (range, _) in reservedRanges)
            {
                if (range.Start <= value.Number && value.Number <= range.End)
                {
                    Report(DiagnosticCatalog.ReservedEnumNumberUsed, value.NumberSpan, value.Name.Text, value.Number);
                }
            }
            if (reservedNames.Any(n => n.Text == value.Name.Text))
            {
                Report(DiagnosticCatalog.ReservedEnumNameUsed, value.Name.Span, value.Name.Text);
            }
        }

        CheckEnumValueNames(node, values);

        if (allowAlias && !hasAlias)
        {
            var option = node.Members.OfType<OptionNode>().LastOrDefault(o => o.NameText == "allow_alias");
            Report(DiagnosticCatalog.AllowAliasWithoutAliases, option?.Span ?? node.Name.Span, node.Name.Text);
        }
    }
}
