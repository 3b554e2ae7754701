using System.Buffers;
using System.Text;

namespace ProtoGen.Json;

/// <summary>
/// Formats messages as ProtoJSON (the <see href="https://protobuf.dev/programming-guides/json/">JSON mapping</see>),
/// through each message's generated <see cref="IJsonMessage.WriteJsonFields"/>: no reflection. The text is the same as
/// Google.Protobuf's JsonFormatter writes with the same settings. Instances are immutable and thread-safe.
/// </summary>
public sealed class JsonFormatter
{
    [ThreadStatic]
    private static JsonWriter? t_writer;

    private readonly Settings _settings;
    private readonly bool _diagnostic;

    /// <summary>A formatter with the default settings.</summary>
    public static JsonFormatter Default { get; } = new(Settings.Default);

    private static readonly JsonFormatter Diagnostic = new(Settings.Default, diagnostic: true);

    /// <summary>Creates a formatter with <paramref name="settings"/>.</summary>
    public JsonFormatter(Settings settings)
        : this(settings, diagnostic: false)
    {
    }

    private JsonFormatter(Settings settings, bool diagnostic)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _diagnostic = diagnostic;
    }

    /// <summary>The JSON of <paramref name="message"/> for logs and <c>ToString()</c>: as <see cref="Default"/> formats
    /// it, except that an <c>Any</c> is written as its type URL and base64 bytes (<c>@value</c>) instead of being
    /// resolved, and nothing throws on values ProtoJSON cannot represent.</summary>
    public static string ToDiagnosticString(IMessage message) => Diagnostic.Format(message);

    /// <summary>Formats <paramref name="message"/> as a JSON string.</summary>
    /// <exception cref="InvalidOperationException">The message holds a value ProtoJSON cannot represent (a Timestamp
    /// or Duration out of range, an Any whose type the registry does not know, a NaN in a Value...).</exception>
    public string Format(IMessage message) => FormatValue(new MessageValue(AsJson(message)));

    /// <summary>A JSON value written by <see cref="FormatValue{TValue}"/>: a message, or a list or map on its own.</summary>
    internal interface IValue
    {
        void WriteTo(JsonWriter writer);
    }

    private readonly struct MessageValue : IValue
    {
        private readonly IJsonMessage _message;

        public MessageValue(IJsonMessage message) => _message = message;

        public void WriteTo(JsonWriter writer) => writer.WriteMessage(_message);
    }

    /// <summary>The text of one JSON value with these settings. A struct <typeparamref name="TValue"/> gives a copy of
    /// this method per kind of value, with its write call bound directly.</summary>
    internal string FormatValue<TValue>(TValue value)
        where TValue : struct, IValue
    {
        JsonWriter writer = Rent();
        // The text is written whole into the writer's pooled buffer and decoded once.
        writer.Reset(null);
        try
        {
            value.WriteTo(writer);
#if NET8_0_OR_GREATER
            // ASCII text (base64, numbers, names) is widened straight into a string of its length.
            if (Ascii.IsValid(writer.Written)) return Encoding.ASCII.GetString(writer.Written);
#endif
            if (!JsonUtf8.TryDecode(writer.Written, out string text))
            {
                // The writer encodes only whole chars and rejects unpaired surrogates, so its text is valid UTF-8.
                throw new InvalidOperationException("The formatter wrote invalid UTF-8.");
            }
            return text;
        }
        finally
        {
            writer.Shrink(MaxCachedBuffer);
            Return(writer);
        }
    }

    // The largest buffer a writer cached for a thread keeps after formatting to a string.
    private const int MaxCachedBuffer = 64 * 1024;

    private static IJsonMessage AsJson(IMessage message)
    {
        if (message is null) throw new ArgumentNullException(nameof(message));
        if (message is not IJsonMessage json) throw new ArgumentException($"{message.GetType()} has no generated JSON code.", nameof(message));
        return json;
    }

    /// <summary>Formats <paramref name="message"/> as UTF-8 JSON into <paramref name="output"/>, without an
    /// intermediate string; allocates nothing when the output has room and the message holds no Any.</summary>
    public void Format(IMessage message, IBufferWriter<byte> output)
    {
        IJsonMessage json = AsJson(message);
        if (output is null) throw new ArgumentNullException(nameof(output));
        JsonWriter writer = Rent();
        writer.Reset(output);
        try
        {
            writer.WriteMessage(json);
            writer.Flush();
        }
        finally
        {
            Return(writer);
        }
    }

    /// <summary>Formats <paramref name="message"/> as UTF-8 JSON into <paramref name="output"/>.</summary>
    public void Format(IMessage message, Stream output)
    {
        if (output is null) throw new ArgumentNullException(nameof(output));
        var sink = new StreamBufferWriter(output);
        Format(message, sink);
        sink.Flush();
    }

    /// <summary>Formats <paramref name="message"/> into <paramref name="writer"/>.</summary>
    public void Format(IMessage message, TextWriter writer)
    {
        if (writer is null) throw new ArgumentNullException(nameof(writer));
        writer.Write(Format(message));
    }

    private JsonWriter Rent()
    {
        JsonWriter? writer = t_writer;
        if (writer is not null && ReferenceEquals(writer.Settings, _settings) && writer.IsDiagnostic == _diagnostic)
        {
            t_writer = null;
            writer.Reacquire();
            return writer;
        }
        return new JsonWriter(_settings, _diagnostic);
    }

    private static void Return(JsonWriter writer)
    {
        // A writer keeps its buffer while cached for this thread; a replaced one gives its buffer back to the pool.
        t_writer?.Release();
        t_writer = writer;
    }

    /// <summary>Settings of a <see cref="JsonFormatter"/>, in the shape of Google.Protobuf's.</summary>
    public sealed class Settings
    {
        /// <summary>Field names in lowerCamelCase, enums by name, no default values, one line, an empty type registry.</summary>
        public static Settings Default { get; } = new(false);

        /// <summary>Creates settings that write default values of fields without presence when
        /// <paramref name="formatDefaultValues"/> is true.</summary>
        public Settings(bool formatDefaultValues)
            : this(formatDefaultValues, TypeRegistry.Empty)
        {
        }

        /// <summary>Creates settings with a type registry for Any.</summary>
        public Settings(bool formatDefaultValues, TypeRegistry typeRegistry)
            : this(formatDefaultValues, typeRegistry, false, false, null)
        {
        }

        private Settings(bool formatDefaultValues, TypeRegistry? typeRegistry, bool formatEnumsAsIntegers, bool preserveProtoFieldNames, string? indentation)
        {
            FormatDefaultValues = formatDefaultValues;
            TypeRegistry = typeRegistry ?? TypeRegistry.Empty;
            FormatEnumsAsIntegers = formatEnumsAsIntegers;
            PreserveProtoFieldNames = preserveProtoFieldNames;
            Indentation = indentation;
        }

        /// <summary>Whether fields without presence (proto3 scalars, lists, maps) are written when empty or default.</summary>
        public bool FormatDefaultValues { get; }

        /// <summary>The types an Any may hold (well-known types are always known).</summary>
        public TypeRegistry TypeRegistry { get; }

        /// <summary>Whether enum values are written as numbers.</summary>
        public bool FormatEnumsAsIntegers { get; }

        /// <summary>Whether fields are named by their .proto names instead of their JSON names.</summary>
        public bool PreserveProtoFieldNames { get; }

        /// <summary>The string written per level of nesting, one value per line; null for a single line.</summary>
        public string? Indentation { get; }

        /// <summary>These settings with <see cref="FormatDefaultValues"/> changed.</summary>
        public Settings WithFormatDefaultValues(bool formatDefaultValues) => new(formatDefaultValues, TypeRegistry, FormatEnumsAsIntegers, PreserveProtoFieldNames, Indentation);

        /// <summary>These settings with <see cref="TypeRegistry"/> changed.</summary>
        public Settings WithTypeRegistry(TypeRegistry typeRegistry) => new(FormatDefaultValues, typeRegistry, FormatEnumsAsIntegers, PreserveProtoFieldNames, Indentation);

        /// <summary>These settings with <see cref="FormatEnumsAsIntegers"/> changed.</summary>
        public Settings WithFormatEnumsAsIntegers(bool formatEnumsAsIntegers) => new(FormatDefaultValues, TypeRegistry, formatEnumsAsIntegers, PreserveProtoFieldNames, Indentation);

        /// <summary>These settings with <see cref="PreserveProtoFieldNames"/> changed.</summary>
        public Settings WithPreserveProtoFieldNames(bool preserveProtoFieldNames) => new(FormatDefaultValues, TypeRegistry, FormatEnumsAsIntegers, preserveProtoFieldNames, Indentation);

        /// <summary>These settings with <see cref="Indentation"/> changed (two spaces by default; null for one line).</summary>
        public Settings WithIndentation(string? indentation = "  ") => new(FormatDefaultValues, TypeRegistry, FormatEnumsAsIntegers, PreserveProtoFieldNames, indentation);
    }

    // Passes writes through to a stream (JsonWriter buffers them already).
    private sealed class StreamBufferWriter : IBufferWriter<byte>
    {
        private readonly Stream _stream;
        private byte[] _buffer = Array.Empty<byte>();

        public StreamBufferWriter(Stream stream) => _stream = stream;

        public void Advance(int count) => _stream.Write(_buffer, 0, count);

        public Memory<byte> GetMemory(int sizeHint = 0) => Ensure(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => Ensure(sizeHint);

        private byte[] Ensure(int sizeHint)
        {
            if (_buffer.Length < Math.Max(sizeHint, 1))
            {
                if (_buffer.Length != 0) ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(sizeHint, 4096));
            }
            return _buffer;
        }

        public void Flush()
        {
            if (_buffer.Length != 0) ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = Array.Empty<byte>();
            _stream.Flush();
        }
    }
}
