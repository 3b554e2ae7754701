using ProtoGen.Compiler.Diagnostics;
using ProtoGen.Compiler.Model;
using ProtoGen.Compiler.Syntax;

namespace ProtoGen.Compiler.Binding;

/// <summary>
/// Binds one file whose imports are already built: shapes its declarations as descriptor.proto lays them out
/// (map entry and group messages included), adds its symbols to the pool, resolves names, builds the model and
/// validates it. If anything is wrong its symbols leave the pool again, as protoc builds a file all or nothing.
/// </summary>
internal sealed partial class FileBinder
{
    private readonly BindSession _session;
    private readonly FileState _state;
    private readonly FileNode _root;
    private readonly string _path;
    private readonly List<Symbol> _added = new();
    private readonly List<(string Extendee, int Number, Symbol Symbol)> _addedExtensions = new();
    private readonly HashSet<string> _visibleFiles = new(StringComparer.Ordinal);
    private readonly List<FileState> _visibleDependencies = new();
    /// <summary>Files of <c>import option</c> statements (and what they re-export): visible to option names only.</summary>
    private readonly HashSet<string> _optionFiles = new(StringComparer.Ordinal);
    private bool _resolvingOptionName;
    private string _package = string.Empty;

    public FileBinder(BindSession session, FileState state)
    {
        _session = session;
        _state = state;
        _root = state.Parsed.Root;
        _path = state.Path;
    }

    private SymbolTable Table => _session.Table;

    private bool IsProto3 => _root.Syntax == ProtoSyntax.Proto3;

    private bool IsEditions => _root.Syntax == ProtoSyntax.Editions;

    public void Report(DiagnosticDescriptor descriptor, SourceSpan span, params object[] args) =>
        _state.Diagnostics.Add(descriptor.Create(_path, span, args));

    public void Build()
    {
        var package = _root.Members.OfType<PackageNode>().LastOrDefault();
        _package = package?.Name.Text ?? string.Empty;
        ComputeVisibility();
        CheckImports();

        var file = ShapeFile();
        if (package is not null) AddPackage(package.Name.Text, package.Name.Span);
        Declare(file);
        ResolveExtendees(file);
        _state.Model = BuildFile(file);
        if (_session.ChecksCSharp && !_state.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error)) CheckCSharp(_state.Model);

        if (_state.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            foreach (var symbol in _added) Table.Remove(symbol);
            foreach (var (extendee, number, symbol) in _addedExtensions) Table.RemoveExtension(extendee, number, symbol);
        }
        else
        {
            _state.Succeeded = true;
        }
    }

    /// <summary>This file, its direct imports and everything they re-export with <c>import public</c>, transitively.</summary>
    private void ComputeVisibility()
    {
        _visibleFiles.Add(_path);
        var pending = new Stack<FileState>(_state.BuiltDependencies);
        while (pending.Count > 0)
        {
            var dependency = pending.Pop();
            if (!_visibleFiles.Add(dependency.Path)) continue;
            _visibleDependencies.Add(dependency);
            foreach (var reexported in dependency.PublicDependencies) pending.Push(reexported);
        }
        var optionPending = new Stack<FileState>(_state.OptionDependencies);
        while (optionPending.Count > 0)
        {
            var dependency = optionPending.Pop();
            if (!_optionFiles.Add(dependency.Path)) continue;
            foreach (var reexported in dependency.PublicDependencies) optionPending.Push(reexported);
        }
    }

    private void CheckImports()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var import in _root.Members.OfType<ImportNode>())
        {
            if (!seen.Add(import.Path)) Report(DiagnosticCatalog.DuplicateImport, import.PathSpan, import.Path);
        }
    }

    // ---------------------------------------------------------------- declarations as descriptor.proto lays them out

    private sealed class FileDecl
    {
        public List<MessageDecl> Messages { get; } = new();
        public List<EnumNode> Enums { get; } = new();
        public List<ServiceNode> Services { get; } = new();
        public List<FieldDecl> Extensions { get; } = new();
        public List<OptionNode> Options { get; } = new();
    }

    private sealed class MessageDecl
    {
        public MessageDecl(string name, string fullName, SourceSpan nameSpan)
        {
            Name = name;
            FullName = fullName;
            NameSpan = nameSpan;
        }

        public string Name { get; }
        public string FullName { get; }
        public SourceSpan NameSpan { get; }
        public MessageNode? Node { get; set; }
        /// <summary>For a synthesized map entry: the map field it was made for.</summary>
        public FieldNode? MapField { get; set; }
        public List<FieldDecl> Fields { get; } = new();
        public List<OneofDecl> Oneofs { get; } = new();
        public List<MessageDecl> Nested { get; } = new();
        public List<EnumNode> Enums { get; } = new();
        public List<FieldDecl> Extensions { get; } = new();
        public List<ExtensionsNode> ExtensionRanges { get; } = new();
        public List<ReservedNode> Reserved { get; } = new();
        public List<OptionNode> Options { get; } = new();
        public bool IsMessageSet => Options.Any(o => o.NameText == "message_set_wire_format" && o.Value.Text == "true");
    }

    private sealed class FieldDecl
    {
        public FieldDecl(FieldNode node, string scope)
        {
            Node = node;
            Scope = scope;
            FullName = NameRules.Qualify(scope, node.Name.Text);
        }

        public FieldNode Node { get; }
        /// <summary>The message (or, for file-level extensions, the package) the field is declared in.</summary>
        public string Scope { get; }
        public string FullName { get; }
        public int? OneofIndex { get; set; }
        public NameNode? Extendee { get; set; }
        public string? ResolvedExtendee { get; set; }
        /// <summary>Extensions resolve their type early, since options anywhere in the file may use them.</summary>
        public (FieldType Type, string? TypeName)? ResolvedType { get; set; }
        public MessageDecl? Group { get; set; }
        public MessageDecl? MapEntry { get; set; }
        public bool Proto3Optional { get; set; }
    }

    private sealed class OneofDecl
    {
        public OneofDecl(string name, OneofNode? node)
        {
            Name = name;
            Node = node;
        }

        public string Name { get; }
        public OneofNode? Node { get; }
    }

    private FileDecl ShapeFile()
    {
        var file = new FileDecl();
        foreach (var member in _root.Members)
        {
            switch (member)
            {
                case MessageNode message:
                    file.Messages.Add(ShapeMessage(message, _package, isGroup: false));
                    break;
                case EnumNode enumNode:
                    file.Enums.Add(enumNode);
                    break;
                case ServiceNode service:
                    file.Services.Add(service);
                    break;
                case ExtendNode extend:
                    ShapeExtend(extend, _package, file.Extensions, file.Messages);
                    break;
                case OptionNode option:
                    file.Options.Add(option);
                    break;
            }
        }
        return file;
    }

    private MessageDecl ShapeMessage(MessageNode node, string scope, bool isGroup)
    {
        var message = new MessageDecl(node.Name.Text, NameRules.Qualify(scope, node.Name.Text), node.Name.Span) { Node = node };
        foreach (var member in node.Members)
        {
            switch (member)
            {
                case FieldNode field:
                    AddField(message, field, null);
                    break;
                case OneofNode oneof:
                    int index = message.Oneofs.Count;
                    message.Oneofs.Add(new OneofDecl(oneof.Name.Text, oneof));
                    foreach (var field in oneof.Members.OfType<FieldNode>()) AddField(message, field, index);
                    break;
                case MessageNode nested:
                    message.Nested.Add(ShapeMessage(nested, message.FullName, isGroup: false));
                    break;
                case EnumNode enumNode:
                    message.Enums.Add(enumNode);
                    break;
                case ExtendNode extend:
                    ShapeExtend(extend, message.FullName, message.Extensions, message.Nested);
                    break;
                case ExtensionsNode ranges:
                    message.ExtensionRanges.Add(ranges);
                    break;
                case ReservedNode reserved:
                    message.Reserved.Add(reserved);
                    break;
                case OptionNode option:
                    message.Options.Add(option);
                    break;
            }
        }

        if (IsProto3 && !isGroup) AddSyntheticOneofs(message);
        return message;
    }

    /// <summary>An extend block's fields; a group extension's message joins the messages of the enclosing scope.</summary>
    private void ShapeExtend(ExtendNode extend, string scope, List<FieldDecl> extensions, List<MessageDecl> messages)
    {
        foreach (var field in extend.Fields)
        {
            var extension = new FieldDecl(field, scope) { Extendee = extend.Extendee, Proto3Optional = IsProto3 && field.Label == FieldLabel.Optional };
            if (field.GroupBody is not null)
            {
                extension.Group = ShapeMessage(field.GroupBody, scope, isGroup: true);
                messages.Add(extension.Group);
            }
            extensions.Add(extension);
        }
    }

    private void AddField(MessageDecl message, FieldNode node, int? oneofIndex)
    {
        var field = new FieldDecl(node, message.FullName)
        {
            OneofIndex = oneofIndex,
            Proto3Optional = IsProto3 && oneofIndex is null && node.Label == FieldLabel.Optional,
        };
        if (node.GroupBody is not null)
        {
            field.Group = ShapeMessage(node.GroupBody, message.FullName, isGroup: true);
            message.Nested.Add(field.Group);
        }
        if (node.IsMap)
        {
            var entryName = NameRules.MapEntryName(node.Name.Text);
            field.MapEntry = new MessageDecl(entryName, NameRules.Qualify(message.FullName, entryName), node.Name.Span) { MapField = node };
            message.Nested.Add(field.MapEntry);
        }
        message.Fields.Add(field);
    }

    /// <summary>protoc's GenerateSyntheticOneofs: one oneof per proto3 optional field, after the real ones, named
    /// <c>_name</c> with 'X' prepended until unique among the message's field and oneof names.</summary>
    private static void AddSyntheticOneofs(MessageDecl message)
    {
        if (!message.Fields.Any(f => f.Proto3Optional)) return;
        var names = new HashSet<string>(message.Fields.Select(f => f.Node.Name.Text), StringComparer.Ordinal);
        names.UnionWith(message.Oneofs.Select(o => o.Name));
        foreach (var field in message.Fields)
        {
            if (!field.Proto3Optional) continue;
            var name = field.Node.Name.Text;
            if (name.Length == 0 || name[0] != '_') name = "_" + name;
            while (names.Contains(name)) name = "X" + name;
            names.Add(name);
            field.OneofIndex = message.Oneofs.Count;
            message.Oneofs.Add(new OneofDecl(name, null));
        }
    }
}
