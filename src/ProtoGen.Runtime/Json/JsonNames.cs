using System.Buffers;
using System.Text;

namespace ProtoGen.Json;

/// <summary>
/// The JSON names of one message type's fields, made once per type by its generated code: for each field (by its
/// index in the generated JSON code) the JSON name (lowerCamelCase or <c>json_name</c>) and the .proto name, each
/// precomputed as the UTF-8 bytes a writer copies (<c>"name": </c>), and a table that finds a field by either name
/// in incoming UTF-8 without decoding it to a string.
/// </summary>
public sealed class JsonNames
{
    private readonly byte[][] _jsonNames;
    private readonly byte[][] _protoNames;
    private readonly byte[][] _rawJsonNames;
    private readonly string[] _names;
    private readonly Utf8NameTable _lookup;
    private readonly bool[]? _nullIsValue;

    /// <summary>Creates the table from pairs: JSON name then .proto name of field 0, then of field 1, ...</summary>
    public JsonNames(params string[] jsonAndProtoNames)
        : this(jsonAndProtoNames, Array.Empty<int>())
    {
    }

    /// <summary>Creates the table from name pairs and the indexes of the fields for which a JSON <c>null</c> is a
    /// value to read (fields of type <c>google.protobuf.Value</c> or <c>NullValue</c>); for every other field the
    /// parser skips a <c>null</c>, which ProtoJSON reads as "not set".</summary>
    public JsonNames(string[] jsonAndProtoNames, int[] nullIsValueFields)
    {
        if (jsonAndProtoNames is null || jsonAndProtoNames.Length % 2 != 0)
        {
            throw new ArgumentException("Expected a JSON name and a proto name per field.", nameof(jsonAndProtoNames));
        }
        int count = jsonAndProtoNames.Length / 2;
        _jsonNames = new byte[count][];
        _protoNames = new byte[count][];
        _rawJsonNames = new byte[count][];
        _names = new string[count];
        _lookup = new Utf8NameTable(count * 2);
        for (int i = 0; i < count; i++)
        {
            string json = jsonAndProtoNames[2 * i];
            string proto = jsonAndProtoNames[2 * i + 1];
            _names[i] = json;
            _jsonNames[i] = NameBytes(json);
            _protoNames[i] = NameBytes(proto);
            _rawJsonNames[i] = Encoding.UTF8.GetBytes(json);
            _lookup.Add(_rawJsonNames[i], i);
            _lookup.Add(Encoding.UTF8.GetBytes(proto), i);
        }
        if (nullIsValueFields is { Length: > 0 })
        {
            _nullIsValue = new bool[count];
            foreach (int field in nullIsValueFields) _nullIsValue[field] = true;
        }
    }

    /// <summary>Whether a JSON <c>null</c> is a value of field <paramref name="field"/> rather than "not set".</summary>
    public bool NullIsValue(int field) => _nullIsValue is not null && _nullIsValue[field];

    /// <summary>The number of fields.</summary>
    public int Count => _names.Length;

    // "name": with the name escaped as JsonWriter escapes strings.
    private static byte[] NameBytes(string name)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new JsonWriter(JsonFormatter.Settings.Default, diagnostic: false);
        writer.Reset(buffer);
        writer.WriteString(name);
        writer.Flush();
        writer.Release();
        var bytes = new byte[buffer.WrittenCount + 2];
        buffer.WrittenSpan.CopyTo(bytes);
        bytes[bytes.Length - 2] = (byte)':';
        bytes[bytes.Length - 1] = (byte)' ';
        return bytes;
    }

    internal ReadOnlySpan<byte> Utf8Name(int field, bool protoName) => protoName ? _protoNames[field] : _jsonNames[field];

    /// <summary>The JSON name of a field, for error messages.</summary>
    public string NameOf(int field) => _names[field];

    /// <summary>The index of the field named <paramref name="utf8Name"/> (its JSON or .proto name), or -1.</summary>
    public int Find(ReadOnlySpan<byte> utf8Name) => _lookup.TryFind(utf8Name, out int field) ? field : -1;

    /// <summary>The index of the field named <paramref name="utf8Name"/>, trying field <paramref name="guess"/>'s JSON
    /// name first: text written by a formatter names fields in index order, so one compare usually finds it.</summary>
    internal int Find(ReadOnlySpan<byte> utf8Name, int guess)
    {
        if ((uint)guess < (uint)_rawJsonNames.Length && utf8Name.SequenceEqual(_rawJsonNames[guess])) return guess;
        return _lookup.TryFind(utf8Name, out int field) ? field : -1;
    }
}

/// <summary>The names of one enum type's values for JSON: each number's name (the first declared for it) as the quoted
/// UTF-8 a writer copies, and every name's number for reading.</summary>
public sealed class JsonEnumNames
{
    private readonly Dictionary<int, byte[]> _quoted = new();
    private readonly Utf8NameTable _lookup;

    /// <summary>Creates the table from the enum's value names and their numbers, in declaration order.</summary>
    public JsonEnumNames(string[] names, int[] numbers)
    {
        if (names is null || numbers is null || names.Length != numbers.Length)
        {
            throw new ArgumentException("Expected one number per name.");
        }
        _lookup = new Utf8NameTable(names.Length);
        for (int i = 0; i < names.Length; i++)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(names[i]);
            _lookup.Add(utf8, numbers[i]);
            if (!_quoted.ContainsKey(numbers[i]))
            {
                var quoted = new byte[utf8.Length + 2];
                quoted[0] = (byte)'"';
                utf8.CopyTo(quoted, 1);
                quoted[quoted.Length - 1] = (byte)'"';
                _quoted.Add(numbers[i], quoted);
            }
        }
    }

    internal bool TryGetUtf8Name(int number, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? quoted) =>
        _quoted.TryGetValue(number, out quoted);

    /// <summary>Whether <paramref name="number"/> is a declared value.</summary>
    public bool IsDefined(int number) => _quoted.ContainsKey(number);

    /// <summary>Finds the number of the value named <paramref name="utf8Name"/>.</summary>
    public bool TryFind(ReadOnlySpan<byte> utf8Name, out int number) => _lookup.TryFind(utf8Name, out number);
}

/// <summary>An open-addressing table from UTF-8 names to ints, searched with a span (no string made). Filled once,
/// then read by any number of threads.</summary>
internal sealed class Utf8NameTable
{
    private readonly byte[]?[] _keys;
    private readonly int[] _values;
    private readonly int _mask;

    public Utf8NameTable(int capacity)
    {
        int size = 4;
        while (size < capacity * 2) size <<= 1;
        _keys = new byte[size][];
        _values = new int[size];
        _mask = size - 1;
    }

    // The length and the first and last (up to) 8 bytes, mixed by one multiply: names differ there far more often
    // than not, and a collision only costs a probe.
    private static uint Hash(ReadOnlySpan<byte> name)
    {
        ulong head;
        ulong tail;
        if (name.Length >= 8)
        {
            head = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(name);
            tail = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(name.Slice(name.Length - 8));
        }
        else
        {
            head = 0;
            for (int i = 0; i < name.Length; i++) head |= (ulong)name[i] << (8 * i);
            tail = 0;
        }
        ulong mixed = (head ^ (tail * 0x9E3779B97F4A7C15UL) ^ (ulong)name.Length) * 0xFF51AFD7ED558CCDUL;
        return (uint)(mixed >> 32);
    }

    /// <summary>Adds a name; a name already present keeps its first value.</summary>
    public void Add(byte[] name, int value)
    {
        int slot = (int)(Hash(name) & (uint)_mask);
        while (_keys[slot] is { } key)
        {
            if (key.AsSpan().SequenceEqual(name)) return;
            slot = (slot + 1) & _mask;
        }
        _keys[slot] = name;
        _values[slot] = value;
    }

    public bool TryFind(ReadOnlySpan<byte> name, out int value)
    {
        int slot = (int)(Hash(name) & (uint)_mask);
        while (_keys[slot] is { } key)
        {
            if (key.AsSpan().SequenceEqual(name))
            {
                value = _values[slot];
                return true;
            }
            slot = (slot + 1) & _mask;
        }
        value = 0;
        return false;
    }
}
