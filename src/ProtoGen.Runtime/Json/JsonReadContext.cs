using System.Buffers;
using System.Text;

namespace ProtoGen.Json;

/// <summary>The state of one JSON parse, which generated MergeJson methods share: the settings, the message depth (for
/// the recursion limit), the path to the field being read (for error messages) and a scratch buffer for unescaping.</summary>
public sealed class JsonReadContext
{
    private PathEntry[] _path = new PathEntry[16];
    private int _depth;
    private byte[] _scratch = Array.Empty<byte>();
    private bool _skipTypeUrl;

    private struct PathEntry
    {
        public JsonNames? Names;
        public int Field;
    }

    internal JsonReadContext(JsonParser.Settings settings)
    {
        Settings = settings;
    }

    internal JsonParser.Settings Settings { get; }

    /// <summary>Whether fields (and enum names) the message does not know are skipped instead of rejected.</summary>
    public bool IgnoreUnknownFields => Settings.IgnoreUnknownFields;

    /// <summary>Marks that the next object entered is the body of an Any whose <c>@type</c> was read already.</summary>
    internal void SkipTypeUrlOfNextObject() => _skipTypeUrl = true;

    /// <summary>Where the parse is, as <c>$.field.sub</c>, for error messages.</summary>
    public string Path
    {
        get
        {
            var text = new StringBuilder("$");
            for (int i = 1; i <= _depth && i < _path.Length; i++)
            {
                var entry = _path[i];
                if (entry.Names is not null && entry.Field >= 0) text.Append('.').Append(entry.Names.NameOf(entry.Field));
            }
            return text.ToString();
        }
    }

    /// <summary>An exception naming the path and <paramref name="problem"/>.</summary>
    public InvalidProtocolBufferException Error(string problem) => new($"Invalid JSON at {Path}: {problem}");

    private static string Describe(JsonToken token) => token switch
    {
        JsonToken.StartObject => "an object",
        JsonToken.StartArray => "an array",
        JsonToken.String => "a string",
        JsonToken.Number => "a number",
        JsonToken.True or JsonToken.False => "a bool",
        JsonToken.Null => "null",
        _ => token.ToString(),
    };

    /// <summary>An exception for a value of the wrong JSON type.</summary>
    public InvalidProtocolBufferException Unexpected(ref JsonReader reader, string expected) =>
        Error($"expected {expected}, found {Describe(reader.TokenType)}");

    /// <summary>What <see cref="NextField"/> returns at the end of the object.</summary>
    public const int End = -1;

    /// <summary>What <see cref="NextField"/> returns for an extension (<c>"[pkg.ext]"</c>) that the parser's
    /// extension registry knows; <see cref="ExtensionSet.MergeJson"/> reads it.</summary>
    public const int ExtensionField = -2;

    private Extension? _pendingExtension;

    /// <summary>Enters a message's object: the reader must be on its <c>{</c>. Checks the recursion limit.</summary>
    public JsonObjectScope EnterObject(ref JsonReader reader, JsonNames names) => EnterObject(ref reader, names, null);

    /// <summary>Enters the object of a message that has extensions of type <paramref name="extendedType"/>.</summary>
    public JsonObjectScope EnterObject(ref JsonReader reader, JsonNames names, Type? extendedType)
    {
        if (reader.TokenType != JsonToken.StartObject) throw Unexpected(ref reader, "an object");
        Push(names);
        var scope = new JsonObjectScope(names.Count, _skipTypeUrl) { ExtendedType = extendedType };
        _skipTypeUrl = false;
        return scope;
    }

    internal Extension TakeExtension()
    {
        var extension = _pendingExtension ?? throw new InvalidOperationException("No extension was found.");
        _pendingExtension = null;
        return extension;
    }

    /// <summary>Enters a nested value that is no message object (a list, a map, a well-known type's value): for the
    /// recursion limit and the path.</summary>
    public void Enter()
    {
        Push(null);
    }

    /// <summary>Leaves what <see cref="Enter"/> or <c>EnterObject</c> entered.</summary>
    public void Exit() => _depth--;

    private void Push(JsonNames? names)
    {
        if (_depth >= Settings.RecursionLimit)
        {
            throw Error($"the input nests messages more than the recursion limit ({Settings.RecursionLimit}) allows");
        }
        _depth++;
        if (_depth >= _path.Length) Array.Resize(ref _path, _path.Length * 2);
        _path[_depth] = new PathEntry { Names = names, Field = -1 };
    }

    /// <summary>Moves to the next field of the object entered with <c>EnterObject</c> and returns its index
    /// in <paramref name="names"/>, the reader on its value; or -1 at the object's end (which leaves it). Unknown
    /// names are skipped or rejected per the settings; a field named twice (by either name) is rejected. A field whose
    /// value is <c>null</c> is skipped (ProtoJSON's null leaves a field unset) unless <paramref name="names"/> marks
    /// null as a value of that field (<c>google.protobuf.Value</c> and <c>NullValue</c> fields).</summary>
    public int NextField(ref JsonReader reader, ref JsonObjectScope scope, JsonNames names)
    {
        while (true)
        {
            if (!reader.ReadPropertyNameOrEnd())
            {
                _depth--;
                return End;
            }
            int field = names.Find(reader.ValueIsEscaped ? NameSpan(ref reader) : reader.ValueSpan, scope.Last + 1);
            if (field < 0)
            {
                ReadOnlySpan<byte> name = NameSpan(ref reader);
                if (scope.SkipTypeUrl && name.SequenceEqual("@type"u8))
                {
                    scope.SkipTypeUrl = false;
                    reader.Skip();
                    continue;
                }
                string unknown = reader.GetString();
                if (scope.ExtendedType is not null && unknown.Length > 2 && unknown[0] == '[' && unknown[unknown.Length - 1] == ']'
                    && Settings.ExtensionRegistry is { } registry
                    && registry.TryFindByName(scope.ExtendedType, unknown.Substring(1, unknown.Length - 2), out var extension))
                {
                    if (!scope.MarkExtension(extension.FieldNumber)) throw Error($"extension \"{unknown}\" appears more than once");
                    _pendingExtension = extension;
                    reader.Read();
                    return ExtensionField;
                }
                if (Settings.IgnoreUnknownFields)
                {
                    reader.Skip();
                    continue;
                }
                throw Error($"unknown field \"{unknown}\" in this message");
            }
            if (!scope.Mark(field)) throw Error($"field \"{names.NameOf(field)}\" appears more than once");
            scope.Last = field;
            _path[_depth].Field = field;
            reader.Read();
            if (reader.TokenType == JsonToken.Null && !names.NullIsValue(field)) continue;
            return field;
        }
    }

    /// <summary>Records that a member of oneof <paramref name="oneof"/> was set in this object; a second member is an
    /// error.</summary>
    public void SetOneof(ref JsonObjectScope scope, int oneof, string oneofName)
    {
        if (!scope.MarkOneof(oneof)) throw Error($"more than one field of oneof \"{oneofName}\" is set");
    }

    /// <summary>The current property name or string value, unescaped, as UTF-8 (valid until the next call).</summary>
    internal ReadOnlySpan<byte> NameSpan(scoped ref JsonReader reader)
    {
        if (!reader.ValueIsEscaped) return reader.ValueSpan;
        if (_scratch.Length < reader.ValueSpan.Length) _scratch = new byte[Math.Max(reader.ValueSpan.Length, 64)];
        return reader.UnescapeUtf8(_scratch);
    }

    /// <summary>Starts a repeated field's array; the caller handles <c>null</c>.</summary>
    public void StartArray(ref JsonReader reader)
    {
        if (reader.TokenType != JsonToken.StartArray) throw Unexpected(ref reader, "an array");
        Enter();
    }

    /// <summary>Moves to the next element of an array, or returns false at its end (which leaves it).</summary>
    public bool NextElement(ref JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonToken.EndArray)
        {
            _depth--;
            return false;
        }
        return true;
    }

    /// <summary>Starts a map field's object; the caller handles <c>null</c>.</summary>
    public void StartMap(ref JsonReader reader)
    {
        if (reader.TokenType != JsonToken.StartObject) throw Unexpected(ref reader, "an object");
        Enter();
    }

    /// <summary>Moves to the next key of a map, the reader on it, or returns false at the map's end (which leaves it).</summary>
    public bool NextKey(ref JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonToken.EndObject)
        {
            _depth--;
            return false;
        }
        return true;
    }

    /// <summary>Reads a message value into <paramref name="message"/>.</summary>
    public void ReadMessage(ref JsonReader reader, IJsonMessage message) => message.MergeJson(ref reader, this);

    /// <summary>Reads a message value into <paramref name="message"/> and returns it (generated code assigns it to
    /// the field: <c>X = context.ReadMessage(ref reader, X ?? new T());</c>).</summary>
    public T ReadMessage<T>(ref JsonReader reader, T message)
        where T : IJsonMessage
    {
        message.MergeJson(ref reader, this);
        return message;
    }
}

/// <summary>What one object being read has seen: its fields (to reject duplicates) and oneofs (to reject two members).</summary>
public struct JsonObjectScope
{
    private ulong _seen;
    private ulong _oneofs;
    private bool[]? _moreSeen;
    private bool[]? _moreOneofs;

    internal JsonObjectScope(int fieldCount, bool skipTypeUrl)
    {
        _seen = 0;
        _oneofs = 0;
        _moreSeen = fieldCount > 64 ? new bool[fieldCount - 64] : null;
        _moreOneofs = null;
        SkipTypeUrl = skipTypeUrl;
        Last = -1;
    }

    internal bool SkipTypeUrl;

    // The index of the field read last (-1 before the first): the next is probably the one after it.
    internal int Last;

    internal Type? ExtendedType;

    private HashSet<int>? _extensions;

    internal bool MarkExtension(int fieldNumber) => (_extensions ??= new HashSet<int>()).Add(fieldNumber);

    internal bool Mark(int field)
    {
        if (field < 64)
        {
            ulong bit = 1UL << field;
            if ((_seen & bit) != 0) return false;
            _seen |= bit;
            return true;
        }
        if (_moreSeen![field - 64]) return false;
        _moreSeen[field - 64] = true;
        return true;
    }

    internal bool MarkOneof(int oneof)
    {
        if (oneof < 64)
        {
            ulong bit = 1UL << oneof;
            if ((_oneofs & bit) != 0) return false;
            _oneofs |= bit;
            return true;
        }
        _moreOneofs ??= new bool[1024];
        if (oneof - 64 >= _moreOneofs.Length) Array.Resize(ref _moreOneofs, oneof);
        if (_moreOneofs[oneof - 64]) return false;
        _moreOneofs[oneof - 64] = true;
        return true;
    }
}
