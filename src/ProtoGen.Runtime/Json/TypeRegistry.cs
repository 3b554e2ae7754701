namespace ProtoGen.Json;

/// <summary>
/// The message types an <c>Any</c> may hold, by full name, for JSON: each entry is the type's
/// <see cref="MessageParser"/> (which makes its messages; generated code fills nothing in by reflection). The well-known
/// types are always known. Immutable and thread-safe. See docs/type-registry.md for how descriptors will hang off the
/// same entries.
/// </summary>
public sealed class TypeRegistry
{
    private readonly Dictionary<string, MessageParser> _types;

    private TypeRegistry(Dictionary<string, MessageParser> types) => _types = types;

    /// <summary>A registry of the well-known types only.</summary>
    public static TypeRegistry Empty { get; } = new(new Dictionary<string, MessageParser>(StringComparer.Ordinal));

    /// <summary>A registry of the types <paramref name="parsers"/> parse (such as <c>Foo.Parser</c>).</summary>
    public static TypeRegistry FromParsers(params MessageParser[] parsers) => FromParsers((IEnumerable<MessageParser>)parsers);

    /// <summary>A registry of the types <paramref name="parsers"/> parse.</summary>
    public static TypeRegistry FromParsers(IEnumerable<MessageParser> parsers)
    {
        if (parsers is null) throw new ArgumentNullException(nameof(parsers));
        var types = new Dictionary<string, MessageParser>(StringComparer.Ordinal);
        foreach (var parser in parsers)
        {
            if (parser is null) throw new ArgumentException("A parser is null.", nameof(parsers));
            types[parser.TypeName] = parser;
        }
        return new TypeRegistry(types);
    }

    /// <summary>The parser of the type named <paramref name="fullName"/> (such as "acme.store.v1.Item"), or null.</summary>
    public MessageParser? Find(string fullName)
    {
        if (fullName is null) throw new ArgumentNullException(nameof(fullName));
        if (_types.TryGetValue(fullName, out var parser)) return parser;
        return WellKnownJson.FindWellKnown(fullName);
    }
}
