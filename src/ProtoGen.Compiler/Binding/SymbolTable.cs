using ProtoGen.Compiler.Syntax;

namespace ProtoGen.Compiler.Binding;

internal enum SymbolKind
{
    Package,
    Message,
    Enum,
    EnumValue,
    Field,
    Oneof,
    Extension,
    Service,
    Method,
}

/// <summary>A named element in protoc's pool: its kind, full name (no leading dot) and defining file, plus the few
/// facts other files need before this one is fully built.</summary>
internal sealed class Symbol
{
    public Symbol(SymbolKind kind, string fullName, string filePath)
    {
        Kind = kind;
        FullName = fullName;
        FilePath = filePath;
    }

    public SymbolKind Kind { get; }

    public string FullName { get; }

    public string FilePath { get; }

    /// <summary>For enums: the value names in declaration order.</summary>
    public List<string>? EnumValueNames { get; set; }

    /// <summary>For enums: whether closed (declared in a proto2 file).</summary>
    public bool IsClosedEnum { get; set; }

    /// <summary>For messages: extension ranges, end exclusive.</summary>
    public List<(long Start, long End)>? ExtensionRanges { get; set; }

    /// <summary>For extensions: the extendee's full name once resolved.</summary>
    public string? Extendee { get; set; }

    /// <summary>For fields and extensions, once resolved: the scalar type, or <see cref="FieldType.Message"/>,
    /// <see cref="FieldType.Group"/> or <see cref="FieldType.Enum"/> with <see cref="TypeSymbol"/> set.</summary>
    public Model.FieldType? FieldType { get; set; }

    /// <summary>For fields and extensions: declared repeated (maps included).</summary>
    public bool IsRepeated { get; set; }

    /// <summary>For message and enum fields and extensions, once resolved: the type's symbol.</summary>
    public Symbol? TypeSymbol { get; set; }

    /// <summary>For map entry messages.</summary>
    public bool IsMapEntry { get; set; }

    public bool IsType => Kind is SymbolKind.Message or SymbolKind.Enum;

    public bool IsAggregate => Kind is SymbolKind.Message or SymbolKind.Enum or SymbolKind.Package or SymbolKind.Service;

    public override string ToString() => $"{Kind} {FullName} ({FilePath})";
}

/// <summary>The pool of symbols of every file built so far in one bind, keyed by full name.</summary>
internal sealed class SymbolTable
{
    private readonly Dictionary<string, Symbol> _symbols = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Extendee, int Number), Symbol> _extensionsByNumber = new();

    public Symbol? Find(string fullName) => _symbols.TryGetValue(fullName, out var symbol) ? symbol : null;

    public void Add(Symbol symbol) => _symbols[symbol.FullName] = symbol;

    public void Remove(Symbol symbol)
    {
        if (_symbols.TryGetValue(symbol.FullName, out var existing) && ReferenceEquals(existing, symbol)) _symbols.Remove(symbol.FullName);
    }

    public Symbol? FindExtension(string extendee, int number) =>
        _extensionsByNumber.TryGetValue((extendee, number), out var symbol) ? symbol : null;

    public void AddExtension(string extendee, int number, Symbol symbol) => _extensionsByNumber[(extendee, number)] = symbol;

    public void RemoveExtension(string extendee, int number, Symbol symbol)
    {
        if (_extensionsByNumber.TryGetValue((extendee, number), out var existing) && ReferenceEquals(existing, symbol))
        {
            _extensionsByNumber.Remove((extendee, number));
        }
    }
}

/// <summary>What one bind knows about a file: its parse, and once built its model and its diagnostics.</summary>
internal sealed class FileState
{
    public FileState(ParsedFile parsed) => Parsed = parsed;

    public ParsedFile Parsed { get; }

    public string Path => Parsed.Path;

    public string Package => Parsed.Root.Members.OfType<PackageNode>().LastOrDefault()?.Name.Text ?? string.Empty;

    public Model.FileModel? Model { get; set; }

    public List<Diagnostics.ProtoDiagnostic> Diagnostics { get; } = new();

    /// <summary>True once built without errors: only then are its symbols in the pool (protoc builds files atomically).</summary>
    public bool Succeeded { get; set; }

    /// <summary>The files this one imports that were built, with their positions in the import list.</summary>
    public List<FileState> BuiltDependencies { get; } = new();

    /// <summary>The files this one imports with edition 2024's <c>import option</c>: seen only by option names.</summary>
    public List<FileState> OptionDependencies { get; } = new();

    /// <summary>The files this one re-exports with <c>import public</c>.</summary>
    public List<FileState> PublicDependencies { get; } = new();
}
