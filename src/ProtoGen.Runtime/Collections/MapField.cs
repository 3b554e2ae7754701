using System.Collections;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ProtoGen.Collections;

/// <summary>The dictionary behind a map field: insertion-ordered, rejecting null values, with protobuf equality.</summary>
/// <remarks>
/// Enumeration follows insertion order; replacing a value keeps its key's position; removing then adding appends.
/// Entries live in an array indexed by a dictionary, so removal costs O(n); maps are rarely shrunk.
/// </remarks>
/// <typeparam name="TKey">The key type (integral, bool or string).</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
[DebuggerDisplay("Count = {Count}")]
public sealed class MapField<TKey, TValue> : IDictionary<TKey, TValue>, IReadOnlyDictionary<TKey, TValue>,
    IEquatable<MapField<TKey, TValue>>
    where TKey : notnull
{
    // Created with the first entry: an empty map costs one small object, and the shared Empty map never gets one.
    private Dictionary<TKey, int>? _indexByKey;
    private KeyValuePair<TKey, TValue>[] _entries = [];
    private int _count;

    /// <summary>Creates an empty map.</summary>
    public MapField()
    {
    }

    /// <summary>A shared empty map that cannot be changed (<see cref="IsReadOnly"/> is true; adding throws
    /// NotSupportedException). Generated messages hold it in a map field until the field's map is first asked for,
    /// so that a message whose map stays empty (the common case when parsing) allocates none.</summary>
    public static MapField<TKey, TValue> Empty { get; } = new();

    /// <summary>Number of entries.</summary>
    public int Count => _count;

    /// <summary>False, except for the shared <see cref="Empty"/> map.</summary>
    public bool IsReadOnly => ReferenceEquals(this, Empty);

    /// <summary>The keys, in insertion order.</summary>
    public ICollection<TKey> Keys => new KeyCollection(this);

    /// <summary>The values, in insertion order.</summary>
    public ICollection<TValue> Values => new ValueCollection(this);

    IEnumerable<TKey> IReadOnlyDictionary<TKey, TValue>.Keys => Keys;

    IEnumerable<TValue> IReadOnlyDictionary<TKey, TValue>.Values => Values;

    /// <summary>Gets the value for <paramref name="key"/>, or adds or replaces it (keeping the key's position).</summary>
    public TValue this[TKey key]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(key);
            if (_indexByKey is null || !_indexByKey.TryGetValue(key, out int index))
            {
                throw new KeyNotFoundException($"The key '{key}' was not present in the map.");
            }

            return _entries[index].Value;
        }

        set
        {
            ArgumentNullException.ThrowIfNull(key);
            ThrowIfNullValue(value);
#if NET
            ref int index = ref CollectionsMarshal.GetValueRefOrAddDefault(IndexForAdding(), key, out bool exists);
            if (exists)
            {
                _entries[index] = new KeyValuePair<TKey, TValue>(key, value);
            }
            else
            {
                index = Append(key, value);
            }
#else
            var indexByKey = IndexForAdding();
            if (indexByKey.TryGetValue(key, out int index))
            {
                _entries[index] = new KeyValuePair<TKey, TValue>(key, value);
            }
            else
            {
                indexByKey[key] = Append(key, value);
            }
#endif
        }
    }

    /// <summary>Adds an entry; throws ArgumentException if the key is already present.</summary>
    public void Add(TKey key, TValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfNullValue(value);
#if NET
        ref int index = ref CollectionsMarshal.GetValueRefOrAddDefault(IndexForAdding(), key, out bool exists);
        if (exists)
        {
            throw new ArgumentException($"An entry with the key '{key}' is already in the map.", nameof(key));
        }

        index = Append(key, value);
#else
        var indexByKey = IndexForAdding();
        if (indexByKey.ContainsKey(key))
        {
            throw new ArgumentException($"An entry with the key '{key}' is already in the map.", nameof(key));
        }

        indexByKey.Add(key, Append(key, value));
#endif
    }

    /// <summary>Adds every entry of <paramref name="entries"/> (Google.Protobuf's name); duplicate keys throw.</summary>
    public void Add(IDictionary<TKey, TValue> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (KeyValuePair<TKey, TValue> pair in entries)
        {
            Add(pair.Key, pair.Value);
        }
    }

    void ICollection<KeyValuePair<TKey, TValue>>.Add(KeyValuePair<TKey, TValue> item) => Add(item.Key, item.Value);

    /// <summary>Copies every entry of <paramref name="other"/> into this map, replacing values of existing keys.</summary>
    public void MergeFrom(MapField<TKey, TValue> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (int i = 0; i < other._count; i++)
        {
            this[other._entries[i].Key] = other._entries[i].Value;
        }
    }

    /// <summary>Copies every entry of <paramref name="entries"/> into this map, replacing values of existing keys
    /// (Google.Protobuf's MergeFrom(IDictionary)).</summary>
    public void MergeFrom(IDictionary<TKey, TValue> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (KeyValuePair<TKey, TValue> pair in entries)
        {
            this[pair.Key] = pair.Value;
        }
    }

    /// <summary>Whether <paramref name="key"/> is present.</summary>
    public bool ContainsKey(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return _indexByKey is not null && _indexByKey.ContainsKey(key);
    }

    bool ICollection<KeyValuePair<TKey, TValue>>.Contains(KeyValuePair<TKey, TValue> item) =>
        TryGetValue(item.Key, out TValue? value) && ProtobufEqualityComparers.AreEqual(value, item.Value);

    /// <summary>Gets the value for <paramref name="key"/> if present.</summary>
    public bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_indexByKey is not null && _indexByKey.TryGetValue(key, out int index))
        {
            value = _entries[index].Value;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Removes the entry for <paramref name="key"/>; returns whether it was present.</summary>
    public bool Remove(TKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_indexByKey is null || !_indexByKey.Remove(key, out int index))
        {
            return false;
        }

        _count--;
        for (int i = index; i < _count; i++)
        {
            _entries[i] = _entries[i + 1];
            _indexByKey[_entries[i].Key] = i;
        }

        _entries[_count] = default;
        return true;
    }

    bool ICollection<KeyValuePair<TKey, TValue>>.Remove(KeyValuePair<TKey, TValue> item) =>
        ((ICollection<KeyValuePair<TKey, TValue>>)this).Contains(item) && Remove(item.Key);

    /// <summary>Removes every entry.</summary>
    public void Clear()
    {
        _indexByKey?.Clear();
        Array.Clear(_entries, 0, _count);
        _count = 0;
    }

    /// <summary>Makes room for at least <paramref name="capacity"/> entries in all, so that adding up to that many
    /// allocates nothing more. Parsing asks for the run of entries it is about to read, which spares the index and the
    /// entry array their doubling on the way.</summary>
    /// <exception cref="NotSupportedException">The map is the shared <see cref="Empty"/> map.</exception>
    public void EnsureCapacity(int capacity)
    {
        if (capacity <= _entries.Length)
        {
            return;
        }

        // An empty index is replaced rather than grown: the same allocation, on every target framework.
        if (_indexByKey is { Count: 0 }) _indexByKey = null;
        var index = IndexForAdding(capacity);
#if NET
        index.EnsureCapacity(capacity);
#endif
        // netstandard2.0's Dictionary cannot grow on request: a non-empty index grows as entries arrive.
        Array.Resize(ref _entries, capacity);
    }

    /// <summary>Copies the entries, in insertion order, into <paramref name="array"/>.</summary>
    public void CopyTo(KeyValuePair<TKey, TValue>[] array, int arrayIndex) => Array.Copy(_entries, 0, array, arrayIndex, _count);

    /// <summary>The entries in insertion order, as a read-only span (valid until the map changes).</summary>
    /// <remarks>Made without the span constructor's checks: the count never exceeds the array's length.</remarks>
    public ReadOnlySpan<KeyValuePair<TKey, TValue>> AsSpan() =>
#if NET
        MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(_entries), _count);
#else
        new(_entries, 0, _count);
#endif

    /// <summary>A shallow copy: the same keys and values, in the same order.</summary>
    public MapField<TKey, TValue> Clone()
    {
        var clone = new MapField<TKey, TValue>();
        clone.MergeFrom(this);
        return clone;
    }

    /// <summary>An enumerator over the entries in insertion order that does not allocate.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<TKey, TValue>> IEnumerable<KeyValuePair<TKey, TValue>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Same keys with equal values, whatever the order; float and double values compare bit patterns.</summary>
    public bool Equals(MapField<TKey, TValue>? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other._count != _count)
        {
            return false;
        }

        for (int i = 0; i < _count; i++)
        {
            KeyValuePair<TKey, TValue> entry = _entries[i];
            // Both maps have entries here, so both have their index.
            if (!other._indexByKey!.TryGetValue(entry.Key, out int otherIndex)
                || !ProtobufEqualityComparers.AreEqual(entry.Value, other._entries[otherIndex].Value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Equality with another MapField, order-insensitive.</summary>
    public override bool Equals(object? obj) => Equals(obj as MapField<TKey, TValue>);

    /// <summary>Order-insensitive hash, consistent with Equals.</summary>
    public override int GetHashCode()
    {
        int hash = 0;
        for (int i = 0; i < _count; i++)
        {
            KeyValuePair<TKey, TValue> entry = _entries[i];
            hash ^= HashCode.Combine(
                EqualityComparer<TKey>.Default.GetHashCode(entry.Key),
                ProtobufEqualityComparers.GetHashCode(entry.Value));
        }

        return hash;
    }

    /// <summary>The map as ProtoJSON, such as <c>{ "a": 1 }</c>, in insertion order, as Google.Protobuf's MapField
    /// prints it (enums by number).</summary>
    /// <exception cref="InvalidOperationException">A message in the map holds a value ProtoJSON cannot represent.</exception>
    public override string ToString() => Json.CollectionJson.Format(this);

    // Every change that adds an entry asks for the index first, so this is where the shared Empty map refuses.
    private Dictionary<TKey, int> IndexForAdding(int capacity = 0)
    {
        if (_indexByKey is null)
        {
            if (IsReadOnly)
            {
                throw new NotSupportedException("MapField<TKey, TValue>.Empty is shared and cannot be changed.");
            }

            _indexByKey = new Dictionary<TKey, int>(capacity);
        }

        return _indexByKey;
    }

    private int Append(TKey key, TValue value)
    {
        if (_count == _entries.Length)
        {
            Array.Resize(ref _entries, Math.Max(4, _entries.Length * 2));
        }

        _entries[_count] = new KeyValuePair<TKey, TValue>(key, value);
        return _count++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ThrowIfNullValue(TValue value)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value), "Map fields cannot contain null values.");
        }
    }

    /// <summary>Enumerates a MapField in insertion order without allocating.</summary>
    public struct Enumerator : IEnumerator<KeyValuePair<TKey, TValue>>
    {
        private readonly MapField<TKey, TValue> _map;
        private int _index;

        internal Enumerator(MapField<TKey, TValue> map)
        {
            _map = map;
            _index = -1;
        }

        /// <summary>The entry at the current position.</summary>
        public readonly KeyValuePair<TKey, TValue> Current => _map._entries[_index];

        readonly object IEnumerator.Current => Current;

        /// <summary>Moves to the next entry.</summary>
        public bool MoveNext() => ++_index < _map._count;

        /// <summary>Moves back before the first entry.</summary>
        public void Reset() => _index = -1;

        /// <summary>Does nothing.</summary>
        public readonly void Dispose()
        {
        }
    }

    private sealed class KeyCollection(MapField<TKey, TValue> map) : ICollection<TKey>
    {
        public int Count => map._count;

        public bool IsReadOnly => true;

        public bool Contains(TKey item) => map.ContainsKey(item);

        public void CopyTo(TKey[] array, int arrayIndex)
        {
            for (int i = 0; i < map._count; i++)
            {
                array[arrayIndex + i] = map._entries[i].Key;
            }
        }

        public IEnumerator<TKey> GetEnumerator()
        {
            for (int i = 0; i < map._count; i++)
            {
                yield return map._entries[i].Key;
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public void Add(TKey item) => throw new NotSupportedException();

        public void Clear() => throw new NotSupportedException();

        public bool Remove(TKey item) => throw new NotSupportedException();
    }

    private sealed class ValueCollection(MapField<TKey, TValue> map) : ICollection<TValue>
    {
        public int Count => map._count;

        public bool IsReadOnly => true;

        public bool Contains(TValue item)
        {
            for (int i = 0; i < map._count; i++)
            {
                if (ProtobufEqualityComparers.AreEqual(map._entries[i].Value, item))
                {
                    return true;
                }
            }

            return false;
        }

        public void CopyTo(TValue[] array, int arrayIndex)
        {
            for (int i = 0; i < map._count; i++)
            {
                array[arrayIndex + i] = map._entries[i].Value;
            }
        }

        public IEnumerator<TValue> GetEnumerator()
        {
            for (int i = 0; i < map._count; i++)
            {
                yield return map._entries[i].Value;
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public void Add(TValue item) => throw new NotSupportedException();

        public void Clear() => throw new NotSupportedException();

        public bool Remove(TValue item) => throw new NotSupportedException();
    }
}
