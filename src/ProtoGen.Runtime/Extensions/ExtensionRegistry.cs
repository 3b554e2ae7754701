namespace ProtoGen;

/// <summary>The extensions a parser reads as typed values (MessageParser.WithExtensionRegistry); fields of extension
/// ranges that are not registered are kept as unknown fields and written back unchanged.</summary>
public sealed partial class ExtensionRegistry
{
    private readonly Dictionary<(Type, int), Extension> _extensions = new();

    /// <summary>Registers <paramref name="extension"/>; a second extension with the same target and number replaces it.</summary>
    public void Add(Extension extension)
    {
        ArgumentNullException.ThrowIfNull(extension);
        _extensions[(extension.ExtendedType, extension.FieldNumber)] = extension;
        if (extension.JsonName is not null) _byJsonName[(extension.ExtendedType, extension.JsonName)] = extension;
    }

    /// <summary>Registers every extension given.</summary>
    public void AddRange(IEnumerable<Extension> extensions)
    {
        ArgumentNullException.ThrowIfNull(extensions);
        foreach (var extension in extensions)
        {
            Add(extension);
        }
    }

    /// <summary>Finds the extension of <paramref name="extendedType"/> with field number <paramref name="fieldNumber"/>.</summary>
    public bool TryFind(Type extendedType, int fieldNumber, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Extension? extension) =>
        _extensions.TryGetValue((extendedType, fieldNumber), out extension);
}
