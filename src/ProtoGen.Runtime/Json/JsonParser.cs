using System.Buffers;
using System.Text;

namespace ProtoGen.Json;

/// <summary>
/// Parses ProtoJSON into messages through their generated <see cref="IJsonMessage.MergeJson"/> code (no reflection),
/// over ProtoGen's own UTF-8 tokenizer (<see cref="JsonReader"/>). Every malformed input fails with
/// <see cref="InvalidProtocolBufferException"/>, whose message names the path and the problem. Instances are immutable
/// and thread-safe.
/// </summary>
public sealed class JsonParser
{
    private readonly Settings _settings;

    /// <summary>A parser with the default settings.</summary>
    public static JsonParser Default { get; } = new(Settings.Default);

    /// <summary>Creates a parser with <paramref name="settings"/>.</summary>
    public JsonParser(Settings settings)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
    }

    /// <summary>Parses <paramref name="json"/> as a <typeparamref name="T"/>.</summary>
    public T Parse<T>(string json)
        where T : IMessage, new()
    {
        var message = new T();
        Merge(message, json);
        return message;
    }

    /// <summary>Parses UTF-8 <paramref name="utf8Json"/> as a <typeparamref name="T"/>.</summary>
    public T Parse<T>(ReadOnlySpan<byte> utf8Json)
        where T : IMessage, new()
    {
        var message = new T();
        Merge(message, utf8Json);
        return message;
    }

    /// <summary>Parses <paramref name="json"/> as the type <paramref name="parser"/> makes.</summary>
    public IMessage Parse(string json, MessageParser parser)
    {
        if (parser is null) throw new ArgumentNullException(nameof(parser));
        var message = parser.CreateMessage();
        Merge(message, json);
        return message;
    }

    /// <summary>Parses UTF-8 <paramref name="utf8Json"/> as the type <paramref name="parser"/> makes.</summary>
    public IMessage Parse(ReadOnlySpan<byte> utf8Json, MessageParser parser)
    {
        if (parser is null) throw new ArgumentNullException(nameof(parser));
        var message = parser.CreateMessage();
        Merge(message, utf8Json);
        return message;
    }

    /// <summary>Merges the JSON object in <paramref name="json"/> into <paramref name="message"/>.</summary>
    public void Merge(IMessage message, string json)
    {
        if (json is null) throw new ArgumentNullException(nameof(json));
        if (JsonUtf8.HasUnpairedSurrogate(json.AsSpan()))
        {
            throw new InvalidProtocolBufferException("Invalid JSON: the text holds an unpaired surrogate.");
        }
        // At most 3 UTF-8 bytes per UTF-16 char (a surrogate pair's 4 bytes are 2 per char).
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(checked(json.Length * 3), 1));
        try
        {
            Wire.Utf8Transcoder.TryEncode(json.AsSpan(), buffer, out int length);
            Merge(message, new ReadOnlySpan<byte>(buffer, 0, length), json);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Merges the JSON object read from <paramref name="input"/> (to its end) into <paramref name="message"/>.</summary>
    public void Merge(IMessage message, Stream input)
    {
        if (input is null) throw new ArgumentNullException(nameof(input));
        byte[] buffer = ArrayPool<byte>.Shared.Rent(4096);
        int length = 0;
        try
        {
            int read;
            while ((read = input.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, larger, 0, length);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
            Merge(message, new ReadOnlySpan<byte>(buffer, 0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Merges the JSON object in <paramref name="textReader"/> into <paramref name="message"/>.</summary>
    public void Merge(IMessage message, TextReader textReader)
    {
        if (textReader is null) throw new ArgumentNullException(nameof(textReader));
        Merge(message, textReader.ReadToEnd());
    }

    /// <summary>Merges the UTF-8 JSON in <paramref name="utf8Json"/> into <paramref name="message"/>.</summary>
    public void Merge(IMessage message, ReadOnlySpan<byte> utf8Json) => Merge(message, utf8Json, null);

    // With source: utf8Json is exactly source encoded (source has no unpaired surrogate), and strings without escapes
    // are taken from source.
    private void Merge(IMessage message, ReadOnlySpan<byte> utf8Json, string? source)
    {
        if (message is null) throw new ArgumentNullException(nameof(message));
        if (message is not IJsonMessage target) throw new ArgumentException($"{message.GetType()} has no generated JSON code.", nameof(message));
        var context = new JsonReadContext(_settings);
        // Every message level is an object, and a map or list adds one more; Struct values nest through two.
        int maxDepth = Math.Max(64, _settings.RecursionLimit * 2 + 8);
        var reader = source is null ? new JsonReader(utf8Json, maxDepth, context) : new JsonReader(utf8Json, source, maxDepth, context);
        try
        {
            reader.Read();
            target.MergeJson(ref reader, context);
            reader.Read();
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidProtocolBufferException($"Invalid JSON at {context.Path}: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            throw new InvalidProtocolBufferException($"Invalid JSON at {context.Path}: {e.Message}", e);
        }
    }

    /// <summary>Settings of a <see cref="JsonParser"/>, in the shape of Google.Protobuf's.</summary>
    public sealed class Settings
    {
        /// <summary>Recursion limit 100, unknown fields rejected, an empty type registry.</summary>
        public static Settings Default { get; } = new(100);

        /// <summary>Creates settings with a recursion limit.</summary>
        public Settings(int recursionLimit)
            : this(recursionLimit, TypeRegistry.Empty)
        {
        }

        /// <summary>Creates settings with a recursion limit and a type registry for Any.</summary>
        public Settings(int recursionLimit, TypeRegistry typeRegistry)
            : this(recursionLimit, typeRegistry, false)
        {
        }

        private Settings(int recursionLimit, TypeRegistry? typeRegistry, bool ignoreUnknownFields, ExtensionRegistry? extensionRegistry = null)
        {
            ExtensionRegistry = extensionRegistry;
            if (recursionLimit < 1) throw new ArgumentOutOfRangeException(nameof(recursionLimit));
            RecursionLimit = recursionLimit;
            TypeRegistry = typeRegistry ?? TypeRegistry.Empty;
            IgnoreUnknownFields = ignoreUnknownFields;
        }

        /// <summary>How deeply messages (and lists, maps and Struct values) may nest.</summary>
        public int RecursionLimit { get; }

        /// <summary>The types an Any may hold (well-known types are always known).</summary>
        public TypeRegistry TypeRegistry { get; }

        /// <summary>Whether unknown field names and enum value names are skipped rather than rejected.</summary>
        public bool IgnoreUnknownFields { get; }

        /// <summary>The extensions read from <c>"[full.name]"</c> members; null: such members are unknown fields.</summary>
        public ExtensionRegistry? ExtensionRegistry { get; }

        /// <summary>These settings with <see cref="IgnoreUnknownFields"/> changed.</summary>
        public Settings WithIgnoreUnknownFields(bool ignoreUnknownFields) => new(RecursionLimit, TypeRegistry, ignoreUnknownFields, ExtensionRegistry);

        /// <summary>These settings with <see cref="RecursionLimit"/> changed.</summary>
        public Settings WithRecursionLimit(int recursionLimit) => new(recursionLimit, TypeRegistry, IgnoreUnknownFields, ExtensionRegistry);

        /// <summary>These settings with <see cref="TypeRegistry"/> changed.</summary>
        public Settings WithTypeRegistry(TypeRegistry typeRegistry) => new(RecursionLimit, typeRegistry, IgnoreUnknownFields, ExtensionRegistry);

        /// <summary>These settings with <see cref="ExtensionRegistry"/> changed.</summary>
        public Settings WithExtensionRegistry(ExtensionRegistry? extensionRegistry) => new(RecursionLimit, TypeRegistry, IgnoreUnknownFields, extensionRegistry);
    }
}
