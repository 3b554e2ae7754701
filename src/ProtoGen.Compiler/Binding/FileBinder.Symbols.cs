using ProtoGen.Compiler.Diagnostics;
using ProtoGen.Compiler.Model;
using ProtoGen.Compiler.Syntax;

namespace ProtoGen.Compiler.Binding;

internal sealed partial class FileBinder
{
    // ---------------------------------------------------------------- adding symbols (DescriptorBuilder::AddSymbol)

    private void AddPackage(string name, SourceSpan span)
    {
        int dot = name.LastIndexOf('.');
        var existing = Table.Find(name);
        if (existing is null)
        {
            var symbol = new Symbol(SymbolKind.Package, name, _path);
            Table.Add(symbol);
            _added.Add(symbol);
            if (dot > 0) AddPackage(name.Substring(0, dot), span);
        }
        else if (existing.Kind != SymbolKind.Package)
        {
            Report(DiagnosticCatalog.PackageNameConflict, span, name, existing.FilePath);
        }
    }

    private Symbol? AddSymbol(SymbolKind kind, string fullName, SourceSpan span)
    {
        var existing = Table.Find(fullName);
        if (existing is not null)
        {
            if (existing.FilePath == _path)
            {
                int dot = fullName.LastIndexOf('.');
                if (dot < 0) Report(DiagnosticCatalog.DuplicateTopLevelSymbol, span, fullName);
                else Report(DiagnosticCatalog.DuplicateSymbol, span, fullName.Substring(dot + 1), fullName.Substring(0, dot));
            }
            else
            {
                Report(DiagnosticCatalog.DuplicateSymbolInOtherFile, span, fullName, existing.FilePath);
            }
            return null;
        }
        var symbol = new Symbol(kind, fullName, _path);
        Table.Add(symbol);
        _added.Add(symbol);
        return symbol;
    }

    private void Declare(FileDecl file)
    {
        foreach (var message in file.Messages) DeclareMessage(message);
        foreach (var enumNode in file.Enums) DeclareEnum(enumNode, _package);
        foreach (var service in file.Services)
        {
            var fullName = NameRules.Qualify(_package, service.Name.Text);
            AddSymbol(SymbolKind.Service, fullName, service.Name.Span);
            foreach (var method in service.Members.OfType<MethodNode>())
            {
                AddSymbol(SymbolKind.Method, NameRules.Qualify(fullName, method.Name.Text), method.Name.Span);
            }
        }
        foreach (var extension in file.Extensions) DeclareExtension(extension);
    }

    private void DeclareMessage(MessageDecl message)
    {
        var symbol = AddSymbol(SymbolKind.Message, message.FullName, message.NameSpan);
        if (symbol is not null)
        {
            symbol.IsMapEntry = message.MapField is not null;
            symbol.ExtensionRanges = ExtensionRanges(message).Select(r => ((long)r.Start, (long)r.End)).ToList();
        }

        if (message.MapField is not null)
        {
            AddSymbol(SymbolKind.Field, message.FullName + ".key", message.MapField.MapKey!.Span);
            AddSymbol(SymbolKind.Field, message.FullName + ".value", message.MapField.MapValue!.Span);
            return;
        }

        foreach (var oneof in message.Oneofs)
        {
            AddSymbol(SymbolKind.Oneof, NameRules.Qualify(message.FullName, oneof.Name), oneof.Node?.Name.Span ?? message.NameSpan);
        }
        foreach (var field in message.Fields)
        {
            var fieldSymbol = AddSymbol(SymbolKind.Field, field.FullName, field.Node.Name.Span);
            if (fieldSymbol is not null) fieldSymbol.IsRepeated = field.Node.IsMap || field.Node.Label == FieldLabel.Repeated;
        }
        // protoc's DescriptorBuilder order, which decides which of two clashing names is reported.
        foreach (var enumNode in message.Enums) DeclareEnum(enumNode, message.FullName);
        foreach (var extension in message.Extensions) DeclareExtension(extension);
        foreach (var nested in message.Nested)
        {
            DeclareMessage(nested);
            if (nested.MapField is not null && message.Nested.Count(n => n.Name == nested.Name) > 1)
            {
                Report(DiagnosticCatalog.MapEntryNameConflict, nested.NameSpan, nested.Name);
            }
        }
    }

    private void DeclareExtension(FieldDecl extension)
    {
        var symbol = AddSymbol(SymbolKind.Extension, extension.FullName, extension.Node.Name.Span);
        if (symbol is not null) symbol.IsRepeated = extension.Node.Label == FieldLabel.Repeated;
    }

    private void DeclareEnum(EnumNode enumNode, string scope)
    {
        var fullName = NameRules.Qualify(scope, enumNode.Name.Text);
        var symbol = AddSymbol(SymbolKind.Enum, fullName, enumNode.Name.Span);
        var values = enumNode.Members.OfType<EnumValueNode>().ToList();
        if (symbol is not null)
        {
            symbol.EnumValueNames = values.Select(v => v.Name.Text).ToList();
            symbol.IsClosedEnum = _root.Syntax == ProtoSyntax.Proto2;
        }

        // Enum values are siblings of their enum (C++ scoping), so they live in the enum's own scope.
        var inner = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            bool addedInner = inner.Add(value.Name.Text);
            var added = AddSymbol(SymbolKind.EnumValue, NameRules.Qualify(scope, value.Name.Text), value.Name.Span);
            if (added is null && addedInner)
            {
                var outer = scope.Length == 0 ? "the global scope" : "\"" + scope + "\"";
                Report(DiagnosticCatalog.DuplicateEnumValueSibling, value.Name.Span, value.Name.Text, outer, enumNode.Name.Text);
            }
        }
    }

    // ---------------------------------------------------------------- name lookup (DescriptorBuilder::LookupSymbol)

    private string? _possibleUndeclaredFile;
    private string? _possibleUndeclaredName;
    private string? _undefinedResolvedName;

    private static bool IsInPackage(string package, string name) =>
        package == name || (package.Length > name.Length && package.StartsWith(name, StringComparison.Ordinal) && package[name.Length] == '.');

    /// <summary>A symbol by full name, if this file can see it.</summary>
    private Symbol? FindSymbol(string name)
    {
        var symbol = Table.Find(name);
        if (symbol is null) return null;
        if (_visibleFiles.Contains(symbol.FilePath)) return symbol;
        if (_resolvingOptionName && _optionFiles.Contains(symbol.FilePath)) return symbol;
        if (symbol.Kind == SymbolKind.Package)
        {
            // A package may be declared by several files; it is visible when any visible file declares it.
            if (IsInPackage(_package, name)) return symbol;
            foreach (var dependency in _visibleDependencies)
            {
                if (IsInPackage(dependency.Package, name)) return symbol;
            }
        }
        _possibleUndeclaredFile = symbol.FilePath;
        _possibleUndeclaredName = name;
        return null;
    }

    /// <summary>Resolves <paramref name="name"/> as written in the element named <paramref name="relativeTo"/>: innermost
    /// scope first; once the first component matches an aggregate, the rest must be found inside it.</summary>
    private Symbol? LookupSymbol(string name, string relativeTo, bool typesOnly)
    {
        _possibleUndeclaredFile = null;
        _possibleUndeclaredName = null;
        _undefinedResolvedName = null;

        if (name.StartsWith(".", StringComparison.Ordinal)) return FindSymbol(name.Substring(1));

        int firstDot = name.IndexOf('.');
        var firstPart = firstDot < 0 ? name : name.Substring(0, firstDot);
        var scope = relativeTo;
        while (true)
        {
            int dot = scope.LastIndexOf('.');
            if (dot < 0) return FindSymbol(name);
            scope = scope.Substring(0, dot);

            var candidate = scope + "." + firstPart;
            var result = FindSymbol(candidate);
            if (result is not null)
            {
                if (firstPart.Length < name.Length)
                {
                    if (result.IsAggregate)
                    {
                        var full = candidate + name.Substring(firstPart.Length);
                        result = FindSymbol(full);
                        if (result is null) _undefinedResolvedName = full;
                        return result;
                    }
                }
                else if (!typesOnly || result.IsType)
                {
                    return result;
                }
            }
        }
    }

    /// <summary>Looks a name up and reports protoc's errors when it cannot be found.</summary>
    private Symbol? Resolve(NameNode name, string relativeTo, bool typesOnly)
    {
        var result = LookupSymbol(name.Text, relativeTo, typesOnly);
        if (result is null) ReportNotDefined(name.Text, name.Span);
        return result;
    }

    private void ReportNotDefined(string name, SourceSpan span)
    {
        if (_possibleUndeclaredFile is null && _undefinedResolvedName is null)
        {
            Report(DiagnosticCatalog.UndefinedSymbol, span, name);
            return;
        }
        if (_possibleUndeclaredFile is not null)
        {
            Report(DiagnosticCatalog.SymbolNotImported, span, _possibleUndeclaredName!, _possibleUndeclaredFile, _path);
        }
        if (_undefinedResolvedName is not null)
        {
            Report(DiagnosticCatalog.ResolvedToUndefined, span, name, _undefinedResolvedName);
        }
    }

    /// <summary>Resolves each extension's extendee before anything uses it (custom options check it).</summary>
    private void ResolveExtendees(FileDecl file)
    {
        void ResolveAll(IEnumerable<FieldDecl> extensions)
        {
            foreach (var extension in extensions)
            {
                extension.ResolvedType = extension.Group is not null
                    ? (FieldType.Group, "." + extension.Group.FullName)
                    : extension.Node.Type is null ? (FieldType.Message, null) : ResolveFieldType(extension.Node.Type, extension.FullName);
                RecordFieldType(extension.FullName, extension.ResolvedType.Value.Type, extension.ResolvedType.Value.TypeName);
                var symbol = Resolve(extension.Extendee!, extension.FullName, typesOnly: false);
                if (symbol is null) continue;
                if (symbol.Kind != SymbolKind.Message)
                {
                    Report(DiagnosticCatalog.NotAMessageType, extension.Extendee!.Span, extension.Extendee.Text);
                    continue;
                }
                extension.ResolvedExtendee = symbol.FullName;
                var own = Table.Find(extension.FullName);
                if (own is not null && own.FilePath == _path) own.Extendee = symbol.FullName;
            }
        }

        void Walk(MessageDecl message)
        {
            ResolveAll(message.Extensions);
            foreach (var nested in message.Nested) Walk(nested);
        }

        ResolveAll(file.Extensions);
        foreach (var message in file.Messages) Walk(message);
    }

    /// <summary>Notes a field's resolved type on its symbol, for option values that name the field later.</summary>
    private void RecordFieldType(string fullName, FieldType type, string? typeName)
    {
        var symbol = Table.Find(fullName);
        if (symbol is null || symbol.FilePath != _path || symbol.Kind is not (SymbolKind.Field or SymbolKind.Extension)) return;
        symbol.FieldType = type;
        symbol.TypeSymbol = typeName is null ? null : Table.Find(typeName.Substring(1));
    }

    /// <summary>Extension ranges with protoc's exclusive ends (<c>max</c> is 2^29, or 2^31-1 for message sets).</summary>
    private static IEnumerable<(int Start, int End, ExtensionsNode Node, RangeNode Range)> ExtensionRanges(MessageDecl message)
    {
        long max = message.IsMessageSet ? int.MaxValue : 536870912;
        foreach (var node in message.ExtensionRanges)
        {
            foreach (var range in node.Ranges)
            {
                long end = range.EndIsMax ? max : range.End + 1;
                yield return ((int)range.Start, (int)Math.Min(end, int.MaxValue), node, range);
            }
        }
    }
}
