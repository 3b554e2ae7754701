using System.Threading;

namespace ProtoGen.Reflection;

/// <summary>
/// A .proto file's descriptor, built from the serialized <c>FileDescriptorProto</c> that generated code embeds (the bytes
/// <c>protoc --descriptor_set_out</c> writes for the file). Parsed on first use, without reflection; safe to share
/// between threads.
/// </summary>
public sealed class FileDescriptor
{
    private readonly byte[] _data;
    private readonly Func<FileDescriptor?[]> _dependencies;
    private Contents? _contents;
    private IReadOnlyList<FileDescriptor>? _resolvedDependencies;
    private Dictionary<string, object>? _symbols;

    private FileDescriptor(byte[] data, Func<FileDescriptor?[]> dependencies)
    {
        _data = data;
        _dependencies = dependencies;
    }

    /// <summary>For generated code: the file's serialized FileDescriptorProto and its imports' descriptors, in import
    /// order (null for an import whose generated code is not available, such as descriptor.proto).</summary>
    public static FileDescriptor FromGeneratedCode(byte[] descriptorData, Func<FileDescriptor?[]> dependencies) =>
        new(descriptorData ?? throw new ArgumentNullException(nameof(descriptorData)), dependencies ?? throw new ArgumentNullException(nameof(dependencies)));

    /// <summary>The import path (<c>acme/store/v1/store.proto</c>).</summary>
    public string Name => Parsed.Name;

    /// <summary>The package, empty when the file declares none.</summary>
    public string Package => Parsed.Package;

    /// <summary><c>proto2</c>, <c>proto3</c> or <c>editions</c>.</summary>
    public string Syntax => Parsed.Syntax;

    /// <summary>The edition of an editions file (<c>2023</c>, <c>2024</c>), else null.</summary>
    public string? Edition => Parsed.Edition;

    /// <summary>The import paths, in declaration order.</summary>
    public IReadOnlyList<string> DependencyNames => Parsed.DependencyNames;

    /// <summary>The imported files whose descriptors are available, in declaration order.</summary>
    public IReadOnlyList<FileDescriptor> Dependencies
    {
        get
        {
            var resolved = Volatile.Read(ref _resolvedDependencies);
            if (resolved is not null) return resolved;
            var list = new List<FileDescriptor>();
            foreach (var dependency in _dependencies()) if (dependency is not null) list.Add(dependency);
            Interlocked.CompareExchange(ref _resolvedDependencies, list.ToArray(), null);
            return _resolvedDependencies!;
        }
    }

    public IReadOnlyList<MessageDescriptor> MessageTypes => Parsed.Messages;

    public IReadOnlyList<EnumDescriptor> EnumTypes => Parsed.Enums;

    public IReadOnlyList<ServiceDescriptor> Services => Parsed.Services;

    /// <summary>The extensions declared at the top level of the file.</summary>
    public IReadOnlyList<FieldDescriptor> Extensions => Parsed.Extensions;

    /// <summary>A copy of the serialized FileDescriptorProto.</summary>
    public byte[] ToByteArray() => (byte[])_data.Clone();

    /// <summary>The serialized FileDescriptorProto, without copying.</summary>
    public ReadOnlyMemory<byte> SerializedData => _data;

    /// <summary>A message declared in this file (nested ones included) by full name, or null.</summary>
    public MessageDescriptor? FindMessageType(string fullName) => FindLocal(fullName) as MessageDescriptor;

    /// <summary>An enum declared in this file (nested ones included) by full name, or null.</summary>
    public EnumDescriptor? FindEnumType(string fullName) => FindLocal(fullName) as EnumDescriptor;

    /// <summary>A service declared in this file by full name, or null.</summary>
    public ServiceDescriptor? FindService(string fullName) => FindLocal(fullName) as ServiceDescriptor;

    /// <summary>Every extension declared in this file, top-level and nested.</summary>
    public IEnumerable<FieldDescriptor> AllExtensions()
    {
        foreach (var extension in Extensions) yield return extension;
        foreach (var message in MessageTypes)
        {
            foreach (var extension in message.AllExtensions()) yield return extension;
        }
    }

    /// <summary>The descriptor (message, enum, service, method, field, extension or enum value) with this full name,
    /// declared in this file, or null.</summary>
    public object? FindSymbol(string fullName) => FindLocal(fullName);

    private object? FindLocal(string fullName)
    {
        var symbols = Volatile.Read(ref _symbols);
        if (symbols is null)
        {
            symbols = new Dictionary<string, object>(StringComparer.Ordinal);
            foreach (var message in MessageTypes) message.AddSymbols(symbols);
            foreach (var enumType in EnumTypes) enumType.AddSymbols(symbols);
            foreach (var extension in Extensions) symbols[extension.FullName] = extension;
            foreach (var service in Services)
            {
                symbols[service.FullName] = service;
                foreach (var method in service.Methods) symbols[method.FullName] = method;
            }
            Interlocked.CompareExchange(ref _symbols, symbols, null);
            symbols = _symbols!;
        }
        return symbols.TryGetValue(fullName, out var symbol) ? symbol : null;
    }

    /// <summary>A type by full name (leading dot optional) in this file or the files it reaches through imports.</summary>
    internal object? ResolveType(string typeName)
    {
        string fullName = typeName.Length > 0 && typeName[0] == '.' ? typeName.Substring(1) : typeName;
        var seen = new HashSet<FileDescriptor>();
        var pending = new Stack<FileDescriptor>();
        pending.Push(this);
        while (pending.Count > 0)
        {
            var file = pending.Pop();
            if (!seen.Add(file)) continue;
            if (file.FindLocal(fullName) is { } found and (MessageDescriptor or EnumDescriptor)) return found;
            foreach (var dependency in file.Dependencies) pending.Push(dependency);
        }
        return null;
    }

    private Contents Parsed
    {
        get
        {
            var contents = Volatile.Read(ref _contents);
            if (contents is not null) return contents;
            Interlocked.CompareExchange(ref _contents, new Contents(this, _data), null);
            return _contents!;
        }
    }

    public override string ToString() => Name;

    /// <summary>The file's parts, parsed together on first use.</summary>
    private sealed class Contents
    {
        public string Name = "";
        public string Package = "";
        public string Syntax = "proto2";
        public string? Edition;
        public readonly List<string> DependencyNames = new();
        public readonly List<MessageDescriptor> Messages = new();
        public readonly List<EnumDescriptor> Enums = new();
        public readonly List<ServiceDescriptor> Services = new();
        public readonly List<FieldDescriptor> Extensions = new();

        public Contents(FileDescriptor file, byte[] data)
        {
            var reader = new DescriptorReader(data);
            var messages = new List<DescriptorReader>();
            var enums = new List<DescriptorReader>();
            var services = new List<DescriptorReader>();
            var extensions = new List<DescriptorReader>();
            int? fieldPresence = null;
            while (reader.Next())
            {
                switch (reader.FieldNumber)
                {
                    case 1: Name = reader.ReadString(); break;
                    case 2: Package = reader.ReadString(); break;
                    case 3: DependencyNames.Add(reader.ReadString()); break;
                    case 4: messages.Add(reader.ReadMessage()); break;
                    case 5: enums.Add(reader.ReadMessage()); break;
                    case 6: services.Add(reader.ReadMessage()); break;
                    case 7: extensions.Add(reader.ReadMessage()); break;
                    case 8: fieldPresence = Features.FieldPresence(reader.ReadMessage(), Features.FileOptionsFeatures); break;
                    case 12: Syntax = reader.ReadString(); break;
                    case 14: Edition = EditionName(reader.ReadInt32()); break;
                    default: reader.Skip(); break;
                }
            }
            // Parts are built once the header is known: their full names need the package, presence needs the syntax.
            var scope = new Scope(file, Package, null, Syntax, fieldPresence);
            foreach (var message in messages) Messages.Add(new MessageDescriptor(message, scope, Messages.Count));
            foreach (var enumType in enums) Enums.Add(new EnumDescriptor(enumType, scope, Enums.Count));
            foreach (var service in services) Services.Add(new ServiceDescriptor(service, scope, Services.Count));
            foreach (var extension in extensions) Extensions.Add(new FieldDescriptor(extension, scope, Extensions.Count, isExtension: true));
        }

        private static string EditionName(int edition) => edition switch
        {
            998 => "proto2",
            999 => "proto3",
            1000 => "2023",
            1001 => "2024",
            _ => edition.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}

/// <summary>Where a descriptor is declared: its file, the prefix of its full name, its containing message, and the
/// field presence its scope sets (editions' <c>features.field_presence</c>, nearest scope first).</summary>
internal sealed class Scope
{
    public Scope(FileDescriptor file, string prefix, MessageDescriptor? message, string syntax, int? fieldPresence)
    {
        File = file;
        Prefix = prefix;
        Message = message;
        Syntax = syntax;
        FieldPresence = fieldPresence;
    }

    public FileDescriptor File { get; }
    public string Prefix { get; }
    public MessageDescriptor? Message { get; }
    public string Syntax { get; }
    public int? FieldPresence { get; }

    public string Qualify(string name) => Prefix.Length == 0 ? name : Prefix + "." + name;
}

/// <summary>Reads editions features from options messages: the field numbers of descriptor.proto's <c>features</c>
/// fields and of FeatureSet.field_presence.</summary>
internal static class Features
{
    public const int FileOptionsFeatures = 50, MessageOptionsFeatures = 12, FieldOptionsFeatures = 21;

    /// <summary>FeatureSet.FieldPresence values.</summary>
    public const int Explicit = 1, Implicit = 2, LegacyRequired = 3;

    /// <summary>The <c>features.field_presence</c> an options message sets, or null.</summary>
    public static int? FieldPresence(DescriptorReader options, int featuresField)
    {
        int? presence = null;
        while (options.Next())
        {
            if (options.FieldNumber != featuresField || options.WireType != 2)
            {
                options.Skip();
                continue;
            }
            var features = options.ReadMessage();
            while (features.Next())
            {
                if (features.FieldNumber == 1 && features.WireType == 0) presence = features.ReadInt32();
                else features.Skip();
            }
        }
        return presence;
    }
}
