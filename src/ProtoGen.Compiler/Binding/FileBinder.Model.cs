using ProtoGen.Compiler.Diagnostics;
using ProtoGen.Compiler.Model;
using ProtoGen.Compiler.Syntax;

namespace ProtoGen.Compiler.Binding;

internal sealed partial class FileBinder
{
    private const int MaxFieldNumber = 536870911;

    /// <summary>The options of the messages enclosing what is being built, innermost first: editions features
    /// are inherited from them.</summary>
    private readonly Stack<List<OptionNode>> _featureScopes = new();

    /// <summary>An editions feature's value for an element: its own option, else the enclosing messages', else the file's.</summary>
    private string? Feature(string name, IEnumerable<OptionNode> own)
    {
        var optionName = "features." + name;
        var scopes = new[] { own }.Concat(_featureScopes).Concat(new[] { _root.Members.OfType<OptionNode>() });
        foreach (var options in scopes)
        {
            var value = options.LastOrDefault(o => o.NameText == optionName)?.Value.Text;
            if (value is not null) return value;
        }
        return null;
    }

    private FileModel BuildFile(FileDecl file)
    {
        var imports = _root.Members.OfType<ImportNode>().Where(i => !i.IsOption).ToList();
        var publicIndices = new List<int>();
        var weakIndices = new List<int>();
        for (int i = 0; i < imports.Count; i++)
        {
            if (imports[i].IsPublic) publicIndices.Add(i);
            if (imports[i].IsWeak) weakIndices.Add(i);
        }

        var fileScope = _package.Length == 0 ? "dummy" : _package + ".dummy";
        var options = BuildOptions(file.Options, "FileOptions", fileScope);
        var messages = file.Messages.Select(BuildMessage).ToList();
        var enums = file.Enums.Select(e => BuildEnum(e, _package)).ToList();
        var services = file.Services.Select(BuildService).ToList();
        var extensions = file.Extensions.Select(BuildExtension).ToList();

        return new FileModel(
            _path,
            _package,
            imports.Select(i => i.Path).ToEquatableArray(),
            publicIndices.ToEquatableArray(),
            weakIndices.ToEquatableArray(),
            messages.ToEquatableArray(),
            enums.ToEquatableArray(),
            services.ToEquatableArray(),
            extensions.ToEquatableArray(),
            options,
            _root.Syntax,
            _root.Edition,
            _root.SyntaxComments);
    }

    // ---------------------------------------------------------------- messages

    private MessageModel BuildMessage(MessageDecl message)
    {
        if (message.MapField is not null) return BuildMapEntry(message);

        var node = message.Node!;
        var options = BuildOptions(message.Options, "MessageOptions", message.FullName);
        foreach (var option in message.Options.Where(o => o.NameText == "map_entry"))
        {
            Report(DiagnosticCatalog.MapEntryOptionSet, option.Name[0].Span);
        }
        var fields = message.Fields.Select(BuildField).ToList();
        _featureScopes.Push(message.Options);
        var nested = message.Nested.Select(BuildMessage).ToList();
        var enums = message.Enums.Select(e => BuildEnum(e, message.FullName)).ToList();
        _featureScopes.Pop();
        var extensions = message.Extensions.Select(BuildExtension).ToList();
        var oneofs = message.Oneofs.Select(o => new OneofModel(
            o.Name,
            o.Node is null ? OptionsModel.None : BuildOptions(o.Node.Members.OfType<OptionNode>(), "OneofOptions", NameRules.Qualify(message.FullName, o.Name)),
            o.Node?.Comments ?? Comments.None)).ToList();

        // One statement's options apply to each of its ranges; build (and check) them once.
        var rangeOptions = message.ExtensionRanges.ToDictionary(n => n, n => BuildOptions(n.Options, "ExtensionRangeOptions", message.FullName));
        var extensionRanges = ExtensionRanges(message).Select(r => new ExtensionRangeModel(r.Start, r.End, rangeOptions[r.Node])).ToList();

        long reservedMax = message.IsMessageSet ? int.MaxValue : 536870912;
        var reservedRanges = new List<(ReservedRange Range, RangeNode Node)>();
        var reservedNames = new List<NameNode>();
        foreach (var reserved in message.Reserved)
        {
            foreach (var range in reserved.Ranges)
            {
                long end = range.EndIsMax ? reservedMax : range.End + 1;
                reservedRanges.Add((new ReservedRange((int)range.Start, (int)Math.Min(end, int.MaxValue)), range));
            }
            reservedNames.AddRange(reserved.Names);
        }

        ValidateMessage(message, reservedRanges, reservedNames);

        return new MessageModel(
            message.Name,
            message.FullName,
            fields.ToEquatableArray(),
            extensions.ToEquatableArray(),
            nested.ToEquatableArray(),
            enums.ToEquatableArray(),
            extensionRanges.ToEquatableArray(),
            oneofs.ToEquatableArray(),
            reservedRanges.Select(r => r.Range).ToEquatableArray(),
            reservedNames.Select(n => n.Text).ToEquatableArray(),
            options,
            false,
            node.Comments);
    }

    private MessageModel BuildMapEntry(MessageDecl entry)
    {
        var mapField = entry.MapField!;
        // protoc copies the map field's enforce_utf8 option to string keys and values.
        var utf8 = mapField.Options.Where(o => o.Name.Count == 1 && !o.Name[0].IsExtension && o.Name[0].Name == "enforce_utf8").ToList();
        FieldModel Part(string name, int number, NameNode type)
        {
            var (fieldType, typeName) = ResolveFieldType(type, entry.FullName + "." + name);
            var options = fieldType == FieldType.String ? BuildOptions(utf8, "FieldOptions", entry.FullName) : OptionsModel.None;
            return new FieldModel(name, number, FieldLabel.Optional, fieldType, typeName, null, null, null, name, false, options, Comments.None);
        }

        var key = Part("key", 1, mapField.MapKey!);
        var value = Part("value", 2, mapField.MapValue!);
        // A key type that did not resolve is reported as not defined already.
        bool keyResolved = key.TypeName is null || Table.Find(key.TypeName.Substring(1)) is { IsType: true };
        if (keyResolved && key.Type is FieldType.Float or FieldType.Double or FieldType.Bytes or FieldType.Message or FieldType.Group)
        {
            Report(DiagnosticCatalog.MapKeyNotScalar, mapField.MapKey!.Span);
        }
        else if (keyResolved && key.Type == FieldType.Enum)
        {
            Report(DiagnosticCatalog.MapKeyEnum, mapField.MapKey!.Span);
        }

        return new MessageModel(
            entry.Name,
            entry.FullName,
            new[] { key, value }.ToEquatableArray(),
            EquatableArray<FieldModel>.Empty,
            EquatableArray<MessageModel>.Empty,
            EquatableArray<EnumModel>.Empty,
            EquatableArray<ExtensionRangeModel>.Empty,
            EquatableArray<OneofModel>.Empty,
            EquatableArray<ReservedRange>.Empty,
            EquatableArray<string>.Empty,
            OptionsModel.None,
            true,
            Comments.None);
    }

    // ---------------------------------------------------------------- fields

    /// <summary>A field's type: a scalar keyword, or a message or enum found by name from the field's scope.</summary>
    private (FieldType Type, string? TypeName) ResolveFieldType(NameNode type, string fieldFullName)
    {
        var scalar = Parser.ScalarType(type.Text);
        if (scalar is not null && scalar != FieldType.Group) return (scalar.Value, null);

        var symbol = Resolve(type, fieldFullName, typesOnly: true);
        if (symbol is null) return (FieldType.Message, "." + type.Text.TrimStart('.'));
        if (!symbol.IsType)
        {
            Report(DiagnosticCatalog.NotAType, type.Span, type.Text);
            return (FieldType.Message, "." + symbol.FullName);
        }
        return (symbol.Kind == SymbolKind.Enum ? FieldType.Enum : FieldType.Message, "." + symbol.FullName);
    }

    private FieldModel BuildField(FieldDecl field) => BuildFieldOrExtension(field, isExtension: false);

    private FieldModel BuildExtension(FieldDecl field) => BuildFieldOrExtension(field, isExtension: true);

    private FieldModel BuildFieldOrExtension(FieldDecl field, bool isExtension)
    {
        var node = field.Node;
        FieldLabel label;
        FieldType type;
        string? typeName;
        if (node.IsMap)
        {
            label = FieldLabel.Repeated;
            type = FieldType.Message;
            typeName = "." + field.MapEntry!.FullName;
        }
        else if (field.Group is not null)
        {
            label = node.Label ?? FieldLabel.Optional;
            type = FieldType.Group;
            typeName = "." + field.Group.FullName;
        }
        else
        {
            label = node.Label ?? FieldLabel.Optional;
            (type, typeName) = field.ResolvedType ?? ResolveFieldType(node.Type!, field.FullName);
        }
        RecordFieldType(field.FullName, type, typeName);

        ValidateLabelAndSyntax(field, label, type, typeName, isExtension);
        bool packable = label == FieldLabel.Repeated && type is not (FieldType.String or FieldType.Bytes or FieldType.Message or FieldType.Group);
        // protoc checks the value: [packed = false] is allowed on any field.
        foreach (var option in node.Options.Where(o => o.NameText == "packed" && o.Value.Text == "true"))
        {
            if (!packable) Report(DiagnosticCatalog.PackedNotPackable, option.Name[0].Span);
        }
        var defaultValue = ValidateDefault(field, label, type, typeName);

        if (isExtension)
        {
            if (node.JsonName is not null) Report(DiagnosticCatalog.JsonNameOnExtension, node.JsonName.Span);
            ValidateExtensionNumber(field);
        }

        string? extendee = isExtension ? "." + (field.ResolvedExtendee ?? field.Extendee!.Text.TrimStart('.')) : null;
        var jsonName = node.JsonName?.Text ?? NameRules.ToJsonName(node.Name.Text);
        var options = BuildOptions(node.Options, "FieldOptions", field.FullName);
        return new FieldModel(node.Name.Text, node.Number ?? 0, label, type, typeName, extendee, defaultValue, field.OneofIndex, jsonName,
            field.Proto3Optional, options, node.Comments);
    }

    private void ValidateLabelAndSyntax(FieldDecl field, FieldLabel label, FieldType type, string? typeName, bool isExtension)
    {
        var node = field.Node;
        if (IsEditions && node.Label is FieldLabel.Optional or FieldLabel.Required)
        {
            Report(DiagnosticCatalog.EditionsLabel, node.LabelSpan, node.Label == FieldLabel.Optional
                ? "Label \"optional\" is not supported in editions. By default, all singular fields have presence unless features.field_presence is set."
                : "Label \"required\" is not supported in editions, use features.field_presence = LEGACY_REQUIRED.");
        }
        if (!IsProto3) return;
        if (label == FieldLabel.Required) Report(DiagnosticCatalog.Proto3Required, node.LabelSpan);
        if (type == FieldType.Group) Report(DiagnosticCatalog.Proto3Group, node.Type?.Span ?? node.Name.Span);
        if (isExtension && field.ResolvedExtendee is { } extendee && !IsOptionsMessage(extendee))
        {
            Report(DiagnosticCatalog.Proto3Extension, field.Extendee!.Span);
        }
        if (type == FieldType.Enum && typeName is not null && Table.Find(typeName.Substring(1)) is { IsClosedEnum: true } closed)
        {
            Report(DiagnosticCatalog.Proto3ClosedEnum, node.Type!.Span, closed.FullName, field.Scope);
        }
    }

    private static bool IsOptionsMessage(string fullName) => fullName is
        "google.protobuf.FileOptions" or "google.protobuf.MessageOptions" or "google.protobuf.FieldOptions" or
        "google.protobuf.OneofOptions" or "google.protobuf.EnumOptions" or "google.protobuf.EnumValueOptions" or
        "google.protobuf.ServiceOptions" or "google.protobuf.MethodOptions" or "google.protobuf.ExtensionRangeOptions" or
        "google.protobuf.FeatureSet" or "google.protobuf.SourceCodeInfo" or "google.protobuf.GeneratedCodeInfo" or "google.protobuf.StreamOptions";

    private string? ValidateDefault(FieldDecl field, FieldLabel label, FieldType type, string? typeName)
    {
        var value = field.Node.DefaultValue;
        if (value is null) return null;
        if (label == FieldLabel.Repeated)
        {
            Report(DiagnosticCatalog.DefaultOnRepeated, value.Span);
        }
        if (IsProto3)
        {
            Report(DiagnosticCatalog.Proto3DefaultValue, value.Span);
        }
        if (field.Node.Type is not null && Parser.ScalarType(field.Node.Type.Text) is null)
        {
            if (type == FieldType.Message)
            {
                if (typeName is not null && Table.Find(typeName.Substring(1)) is not null) Report(DiagnosticCatalog.DefaultOnMessage, value.Span);
            }
            else if (type == FieldType.Enum && Table.Find(typeName!.Substring(1)) is { } enumSymbol)
            {
                if (!IsIdentifier(value.Text))
                {
                    Report(DiagnosticCatalog.EnumDefaultNotIdentifier, value.Span);
                }
                else if (enumSymbol.EnumValueNames is { } names && !names.Contains(value.Text))
                {
                    Report(DiagnosticCatalog.EnumDefaultNotValue, value.Span, enumSymbol.FullName, value.Text);
                }
            }
        }
        return value.Text;
    }

    private static bool IsIdentifier(string text) =>
        text.Length > 0 && (char.IsLetter(text[0]) || text[0] == '_') && text.All(c => (c < 0x80 && char.IsLetterOrDigit(c)) || c == '_');

    private void ValidateExtensionNumber(FieldDecl field)
    {
        var node = field.Node;
        if (node.Number is not int number) return;
        if (number <= 0)
        {
            Report(DiagnosticCatalog.FieldNumberNotPositive, node.NumberSpan);
            return;
        }
        if (field.ResolvedExtendee is not { } extendee) return;
        var extendeeSymbol = Table.Find(extendee);
        if (extendeeSymbol?.ExtensionRanges is { } ranges && !ranges.Any(r => r.Start <= number && number < r.End))
        {
            Report(DiagnosticCatalog.ExtensionNumberNotDeclared, node.NumberSpan, extendee, number);
            return;
        }
        var existing = Table.FindExtension(extendee, number);
        if (existing is not null)
        {
            Report(DiagnosticCatalog.DuplicateExtensionNumber, node.NumberSpan, number, extendee, existing.FullName, existing.FilePath);
            return;
        }
        var own = Table.Find(field.FullName);
        if (own is not null && own.FilePath == _path)
        {
            Table.AddExtension(extendee, number, own);
            _addedExtensions.Add((extendee, number, own));
        }
    }

    // ---------------------------------------------------------------- enums and services

    private EnumModel BuildEnum(EnumNode node, string scope)
    {
        var fullName = NameRules.Qualify(scope, node.Name.Text);
        var options = BuildOptions(node.Members.OfType<OptionNode>(), "EnumOptions", fullName);
        var values = new List<EnumValueModel>();
        foreach (var value in node.Members.OfType<EnumValueNode>())
        {
            var valueOptions = BuildOptions(value.Options, "EnumValueOptions", NameRules.Qualify(scope, value.Name.Text));
            values.Add(new EnumValueModel(value.Name.Text, value.Number, valueOptions, value.Comments));
        }

        var reservedRanges = new List<(ReservedRange Range, RangeNode Node)>();
        var reservedNames = new List<NameNode>();
        foreach (var reserved in node.Members.OfType<ReservedNode>())
        {
            foreach (var range in reserved.Ranges)
            {
                long end = range.EndIsMax ? int.MaxValue : range.End;
                reservedRanges.Add((new ReservedRange((int)range.Start, (int)end), range));
            }
            reservedNames.AddRange(reserved.Names);
        }

        ValidateEnum(node, fullName, options, reservedRanges, reservedNames);

        return new EnumModel(
            node.Name.Text,
            fullName,
            values.ToEquatableArray(),
            reservedRanges.Select(r => r.Range).ToEquatableArray(),
            reservedNames.Select(n => n.Text).ToEquatableArray(),
            options,
            node.Comments);
    }

    private ServiceModel BuildService(ServiceNode node)
    {
        var fullName = NameRules.Qualify(_package, node.Name.Text);
        var options = BuildOptions(node.Members.OfType<OptionNode>(), "ServiceOptions", fullName);
        var methods = new List<MethodModel>();
        foreach (var method in node.Members.OfType<MethodNode>())
        {
            var methodName = NameRules.Qualify(fullName, method.Name.Text);
            methods.Add(new MethodModel(
                method.Name.Text,
                ResolveMessageType(method.InputType, methodName),
                ResolveMessageType(method.OutputType, methodName),
                method.ClientStreaming,
                method.ServerStreaming,
                BuildOptions(method.Options, "MethodOptions", methodName),
                method.Comments,
                method.HasBody));
        }
        return new ServiceModel(node.Name.Text, fullName, methods.ToEquatableArray(), options, node.Comments);
    }

    private string ResolveMessageType(NameNode name, string relativeTo)
    {
        var symbol = Resolve(name, relativeTo, typesOnly: false);
        if (symbol is null) return "." + name.Text.TrimStart('.');
        if (symbol.Kind != SymbolKind.Message) Report(DiagnosticCatalog.NotAMessageType, name.Span, name.Text);
        return "." + symbol.FullName;
    }
}
