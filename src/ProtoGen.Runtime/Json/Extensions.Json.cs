using ProtoGen.Collections;
using ProtoGen.Json;

namespace ProtoGen.Json
{
    /// <summary>Writes one value of an extension as JSON.</summary>
    public delegate void JsonValueWriter<T>(JsonWriter writer, T value);

    /// <summary>Reads one value of an extension from JSON; <paramref name="existing"/> is the current value (messages
    /// merge into it).</summary>
    public delegate T JsonValueReader<T>(ref JsonReader reader, JsonReadContext context, T? existing);
}

namespace ProtoGen
{
    // ProtoJSON of extensions: "[full.name]": value, after the message's own fields. Generated extensions attach their
    // full name and value codecs with WithJson; a parser reads them when its settings carry an ExtensionRegistry.
    public abstract partial class Extension
    {
        /// <summary>The extension's full protobuf name (such as "pkg.my_ext"), which JSON writes in brackets; null when
        /// the generated code attached no JSON codec.</summary>
        public string? JsonName { get; private protected set; }

        internal abstract bool WritesJson(object value);

        internal abstract void WriteJson(JsonWriter writer, object value);

        internal abstract object ReadJson(ref JsonReader reader, JsonReadContext context, object? existing);
    }

    public sealed partial class Extension<TTarget, TValue>
    {
        private JsonValueWriter<TValue>? _writeJson;
        private JsonValueReader<TValue>? _readJson;

        /// <summary>Attaches the full name and JSON codec (generated code calls it once, in the static initializer).</summary>
        public Extension<TTarget, TValue> WithJson(string fullName, JsonValueWriter<TValue> write, JsonValueReader<TValue> read)
        {
            JsonName = fullName ?? throw new ArgumentNullException(nameof(fullName));
            _writeJson = write ?? throw new ArgumentNullException(nameof(write));
            _readJson = read ?? throw new ArgumentNullException(nameof(read));
            return this;
        }

        internal override bool WritesJson(object value) => _writeJson is not null;

        internal override void WriteJson(JsonWriter writer, object value) => _writeJson!(writer, (TValue)value);

        internal override object ReadJson(ref JsonReader reader, JsonReadContext context, object? existing) =>
            _readJson!(ref reader, context, existing is null ? default : (TValue)existing)!;
    }

    public sealed partial class RepeatedExtension<TTarget, TValue>
    {
        private JsonValueWriter<TValue>? _writeJson;
        private JsonValueReader<TValue>? _readJson;

        /// <summary>Attaches the full name and the JSON codec of one element.</summary>
        public RepeatedExtension<TTarget, TValue> WithJson(string fullName, JsonValueWriter<TValue> write, JsonValueReader<TValue> read)
        {
            JsonName = fullName ?? throw new ArgumentNullException(nameof(fullName));
            _writeJson = write ?? throw new ArgumentNullException(nameof(write));
            _readJson = read ?? throw new ArgumentNullException(nameof(read));
            return this;
        }

        internal override bool WritesJson(object value) => _writeJson is not null && ((RepeatedField<TValue>)value).Count != 0;

        internal override void WriteJson(JsonWriter writer, object value)
        {
            writer.WriteStartArray();
            foreach (var item in ((RepeatedField<TValue>)value).AsSpan()) _writeJson!(writer, item);
            writer.WriteEndArray();
        }

        internal override object ReadJson(ref JsonReader reader, JsonReadContext context, object? existing)
        {
            var list = (RepeatedField<TValue>?)existing ?? new RepeatedField<TValue>();
            context.StartArray(ref reader);
            while (context.NextElement(ref reader)) list.Add(_readJson!(ref reader, context, default));
            return list;
        }
    }

    public sealed partial class ExtensionRegistry
    {
        private readonly Dictionary<(Type, string), Extension> _byJsonName = new();

        /// <summary>Finds the extension of <paramref name="extendedType"/> whose full name is <paramref name="fullName"/>.</summary>
        public bool TryFindByName(Type extendedType, string fullName, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Extension? extension) =>
            _byJsonName.TryGetValue((extendedType, fullName), out extension);
    }

    public sealed partial class ExtensionSet
    {
        /// <summary>Writes every extension value that has a JSON codec as <c>"[full.name]": value</c>, in field-number order.</summary>
        public void WriteJson(JsonWriter writer)
        {
            foreach (var (extension, value) in _values.Values)
            {
                if (extension.JsonName is null || !extension.WritesJson(value)) continue;
                writer.WriteName("[" + extension.JsonName + "]");
                extension.WriteJson(writer, value);
            }
        }

        /// <summary>Reads the value of the extension the JSON parser just found (the reader on its value) into
        /// <paramref name="set"/>.</summary>
        public static void MergeJson(ref ExtensionSet? set, ref JsonReader reader, JsonReadContext context)
        {
            var extension = context.TakeExtension();
            set ??= new ExtensionSet();
            set.TryGet(extension.FieldNumber, out object? existing);
            if (reader.TokenType == JsonToken.Null)
            {
                return;
            }
            set.Set(extension, extension.ReadJson(ref reader, context, existing));
        }
    }
}
