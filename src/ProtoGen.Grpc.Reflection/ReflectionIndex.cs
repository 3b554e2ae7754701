using ProtoGen.Reflection;

namespace ProtoGen.GrpcReflection;

/// <summary>
/// What the reflection services know: the services to list (in the order given, duplicates dropped) and every file
/// those services' files reach through their imports. Symbol, file and extension questions are answered from that
/// closure only, as protoc's reflection answers from its descriptor pool. Immutable once built, so the services share
/// one instance across calls and threads.
/// </summary>
internal sealed class ReflectionIndex
{
    private readonly Dictionary<string, FileDescriptor> _filesByName = new(StringComparer.Ordinal);
    private readonly List<FileDescriptor> _files = new();

    public ReflectionIndex(IEnumerable<ServiceDescriptor> services)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            if (!seen.Add(service.FullName)) continue;
            names.Add(service.FullName);
            AddFile(service.File);
        }
        ServiceNames = names;
    }

    /// <summary>The full names of the services to list.</summary>
    public IReadOnlyList<string> ServiceNames { get; }

    /// <summary>The file with this import path, or null.</summary>
    public FileDescriptor? FileByName(string name) => _filesByName.TryGetValue(name, out var file) ? file : null;

    /// <summary>The file that declares this fully-qualified symbol (a service, method, message, nested type, field,
    /// oneof-member field, enum, enum value or extension), or null. A leading dot is not accepted, as in protoc.</summary>
    public FileDescriptor? FileContainingSymbol(string symbol)
    {
        if (symbol.Length == 0) return null;
        foreach (var file in _files)
        {
            if (file.FindSymbol(symbol) is not null) return file;
        }
        return null;
    }

    /// <summary>The file that declares the extension of <paramref name="containingType"/> with this number, or null.</summary>
    public FileDescriptor? FileContainingExtension(string containingType, int number)
    {
        string extendee = "." + containingType;
        foreach (var file in _files)
        {
            foreach (var extension in file.AllExtensions())
            {
                if (extension.Number == number && extension.ExtendeeTypeName == extendee) return file;
            }
        }
        return null;
    }

    /// <summary>Whether a message with this full name is known.</summary>
    public bool HasMessage(string fullName)
    {
        foreach (var file in _files)
        {
            if (file.FindMessageType(fullName) is not null) return true;
        }
        return false;
    }

    /// <summary>The numbers of the known extensions of <paramref name="fullName"/>, ascending.</summary>
    public List<int> ExtensionNumbersOf(string fullName)
    {
        string extendee = "." + fullName;
        var numbers = new SortedSet<int>();
        foreach (var file in _files)
        {
            foreach (var extension in file.AllExtensions())
            {
                if (extension.ExtendeeTypeName == extendee) numbers.Add(extension.Number);
            }
        }
        return numbers.ToList();
    }

    /// <summary>
    /// The file and every file it imports, transitively, each once: the file first, then its imports depth first in
    /// declaration order (the order protoc's and grpc-dotnet's reflection services use). An import without a
    /// descriptor (descriptor.proto when the application does not generate it) is not in the list.
    /// </summary>
    public static List<FileDescriptor> WithDependencies(FileDescriptor file)
    {
        var ordered = new List<FileDescriptor>();
        var seen = new HashSet<FileDescriptor>();
        var pending = new Stack<FileDescriptor>();
        pending.Push(file);
        while (pending.Count > 0)
        {
            var next = pending.Pop();
            if (!seen.Add(next)) continue;
            ordered.Add(next);
            var dependencies = next.Dependencies;
            for (int i = dependencies.Count - 1; i >= 0; i--) pending.Push(dependencies[i]);
        }
        return ordered;
    }

    private void AddFile(FileDescriptor file)
    {
        foreach (var each in WithDependencies(file))
        {
            if (_filesByName.ContainsKey(each.Name)) continue;
            _filesByName.Add(each.Name, each);
            _files.Add(each);
        }
    }
}
