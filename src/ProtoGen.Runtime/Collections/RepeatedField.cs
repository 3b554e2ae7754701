using System.Collections;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ProtoGen.Collections;

/// <summary>The list behind a repeated field: an array plus a count, rejecting nulls, with protobuf equality.</summary>
/// <typeparam name="T">The element type.</typeparam>
[DebuggerDisplay("Count = {Count}")]
public sealed class RepeatedField<T> : IList<T>, IReadOnlyList<T>, IEquatable<RepeatedField<T>>
{
    private const int MinimumCapacity = 4;

    private T[] _array = [];
    private int _count;

    /// <summary>Creates an empty list.</summary>
    public RepeatedField()
    {
    }

    /// <summary>A shared empty list that cannot be changed (<see cref="IsReadOnly"/> is true; adding throws
    /// NotSupportedException). Generated messages hold it in a repeated field until the field's list is first asked
    /// for, so that a message whose list stays empty (the common case when parsing) allocates none.</summary>
    public static RepeatedField<T> Empty { get; } = new();

    /// <summary>Number of elements.</summary>
    public int Count => _count;

    /// <summary>False, except for the shared <see cref="Empty"/> list.</summary>
    public bool IsReadOnly => ReferenceEquals(this, Empty);

    /// <summary>Gets or sets the element at <paramref name="index"/>; null is rejected.</summary>
    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
            {
                ThrowIndexOutOfRange(index);
            }

            return _array[index];
        }

        set
        {
            if ((uint)index >= (uint)_count)
            {
                ThrowIndexOutOfRange(index);
            }

            ThrowIfNull(value);
            _array[index] = value;
        }
    }

    /// <summary>Adds an element; null is rejected with ArgumentNullException.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(T item)
    {
        ThrowIfNull(item);
        T[] array = _array;
        int count = _count;
        if ((uint)count < (uint)array.Length)
        {
            // The array is always a T[] made here, never an array of a derived type passed in, so the store needs
            // no covariance check (one helper call per element when T is a class).
            Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(array), count) = item;
            _count = count + 1;
        }
        else
        {
            AddWithResize(item);
        }
    }

    /// <summary>Adds every element of <paramref name="values"/> (Google.Protobuf's name, used by collection initialisers).</summary>
    public void Add(IEnumerable<T> values) => AddRange(values);

    /// <summary>Adds every element of <paramref name="values"/>; a null element is rejected.</summary>
    public void AddRange(IEnumerable<T> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values is RepeatedField<T> other)
        {
            AddRange(other.AsSpan());
            return;
        }

        if (values is ICollection<T> collection)
        {
            EnsureCapacity(_count + collection.Count);
        }

        foreach (T item in values)
        {
            Add(item);
        }
    }

    /// <summary>Adds every element of <paramref name="values"/>; a null element is rejected.</summary>
    /// <remarks>An array converts to both <see cref="IEnumerable{T}"/> and <see cref="ReadOnlySpan{T}"/>, and C# 12 and 13
    /// rank neither conversion better (CS0121); this overload is an identity match in every language version.</remarks>
    public void AddRange(T[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        AddRange(new ReadOnlySpan<T>(values));
    }

    /// <summary>Adds every element of <paramref name="values"/>; a null element is rejected.</summary>
    public void AddRange(ReadOnlySpan<T> values)
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            foreach (T item in values)
            {
                ThrowIfNull(item);
            }
        }

        EnsureCapacity(_count + values.Length);
        values.CopyTo(_array.AsSpan(_count));
        _count += values.Length;
    }

    /// <summary>Inserts an element at <paramref name="index"/>; null is rejected.</summary>
    public void Insert(int index, T item)
    {
        if ((uint)index > (uint)_count)
        {
            ThrowIndexOutOfRange(index);
        }

        ThrowIfNull(item);
        EnsureCapacity(_count + 1);
        Array.Copy(_array, index, _array, index + 1, _count - index);
        _array[index] = item;
        _count++;
    }

    /// <summary>Removes the first element equal to <paramref name="item"/>; returns whether one was found.</summary>
    public bool Remove(T item)
    {
        int index = IndexOf(item);
        if (index < 0)
        {
            return false;
        }

        RemoveAt(index);
        return true;
    }

    /// <summary>Removes the element at <paramref name="index"/>.</summary>
    public void RemoveAt(int index)
    {
        if ((uint)index >= (uint)_count)
        {
            ThrowIndexOutOfRange(index);
        }

        _count--;
        Array.Copy(_array, index + 1, _array, index, _count - index);
        _array[_count] = default!;
    }

    /// <summary>Removes every element.</summary>
    public void Clear()
    {
        if (RuntimeHelpers.IsReferenceOrContainsReferences<T>())
        {
            Array.Clear(_array, 0, _count);
        }

        _count = 0;
    }

    // Count 0, the elements left in the array past Count for KeptElement. Only lists of messages cleared by their
    // message's Clear() do this (MessageReuse); every other change keeps the slots past Count null or overwrites them.
    internal void ClearKeepingElements() => _count = 0;

    // The element in the slot the next Add fills, left there by ClearKeepingElements, or null.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal T? KeptElement()
    {
        T[] array = _array;
        int count = _count;
        return (uint)count < (uint)array.Length ? array[count] : default;
    }

    /// <summary>Whether an element equal to <paramref name="item"/> is present.</summary>
    public bool Contains(T item) => IndexOf(item) >= 0;

    /// <summary>Index of the first element equal to <paramref name="item"/>, or -1.</summary>
    public int IndexOf(T item)
    {
        if (item is null)
        {
            return -1;
        }

        for (int i = 0; i < _count; i++)
        {
            if (ProtobufEqualityComparers.AreEqual(_array[i], item))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Copies the elements into <paramref name="array"/> from <paramref name="arrayIndex"/>.</summary>
    public void CopyTo(T[] array, int arrayIndex) => Array.Copy(_array, 0, array, arrayIndex, _count);

    /// <summary>The elements as a read-only span (valid until the list changes).</summary>
    /// <remarks>Made without the span constructor's checks: the count never exceeds the array's length. Generated code
    /// loops over it in every size and write pass.</remarks>
#if NET
    public ReadOnlySpan<T> AsSpan() => MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(_array), _count);
#else
    public ReadOnlySpan<T> AsSpan() => new(_array, 0, _count);
#endif

    /// <summary>The free slots for the next <paramref name="count"/> elements, for a reader to fill in place; they
    /// become part of the list only when <see cref="CommitAppended"/> is called, so a failed read adds nothing.</summary>
    internal Span<T> GetAppendSpan(int count)
    {
        EnsureCapacity(_count + count);
        return _array.AsSpan(_count, count);
    }

    /// <summary>Adds the <paramref name="count"/> elements written into the span GetAppendSpan returned.</summary>
    internal void CommitAppended(int count) => _count += count;

    /// <summary>The number of elements the list holds without growing; setting it below <see cref="Count"/> throws.</summary>
    public int Capacity
    {
        get => _array.Length;
        set
        {
            if (value < _count)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Capacity cannot be less than Count.");
            }

            if (value != _array.Length)
            {
                Resize(value);
            }
        }
    }

    /// <summary>Makes room for at least <paramref name="capacity"/> elements in total.</summary>
    /// <remarks>An empty list takes exactly what is asked for: a parser asks for the number of elements it counted on
    /// the wire. A list that has room already at least doubles, so that growing it step by step stays linear.</remarks>
    public void EnsureCapacity(int capacity)
    {
        if (capacity <= _array.Length)
        {
            return;
        }

        Resize(_array.Length == 0 ? capacity : Doubled(capacity));
    }

    // Twice the current capacity (capped at the largest array), or more if needed.
    private int Doubled(int needed) => Math.Max((int)Math.Min((uint)_array.Length * 2, (uint)Array.MaxLength), needed);

    private void Resize(int capacity)
    {
        // Every change that adds an element comes through here first (Empty's array has no room), so this one test
        // keeps the shared empty list empty without costing the paths that add into free space.
        if (IsReadOnly)
        {
            throw new NotSupportedException("RepeatedField<T>.Empty is shared and cannot be changed.");
        }

        T[] grown = new T[capacity];
        if (_count != 0)
        {
            AsSpan().CopyTo(grown);
        }

        _array = grown;
    }

    /// <summary>A shallow copy: the same elements in a new list (generated code deep-clones messages itself).</summary>
    public RepeatedField<T> Clone()
    {
        var clone = new RepeatedField<T>();
        if (_count > 0)
        {
            clone._array = AsSpan().ToArray();
            clone._count = _count;
        }

        return clone;
    }

    /// <summary>An enumerator over the elements, in order, that does not allocate.</summary>
    public Enumerator GetEnumerator() => new(this);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Element-wise equality; float and double compare bit patterns.</summary>
    public bool Equals(RepeatedField<T>? other)
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
            if (!ProtobufEqualityComparers.AreEqual(_array[i], other._array[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Element-wise equality with another RepeatedField.</summary>
    public override bool Equals(object? obj) => Equals(obj as RepeatedField<T>);

    /// <summary>Hash of the elements, consistent with Equals.</summary>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        for (int i = 0; i < _count; i++)
        {
            hash.Add(ProtobufEqualityComparers.GetHashCode(_array[i]));
        }

        return hash.ToHashCode();
    }

    /// <summary>The list as ProtoJSON, such as <c>[ 1, 2 ]</c>, as Google.Protobuf's RepeatedField prints it (enums by
    /// number).</summary>
    /// <exception cref="InvalidOperationException">A message in the list holds a value ProtoJSON cannot represent.</exception>
    public override string ToString() => Json.CollectionJson.Format(this);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void AddWithResize(T item)
    {
        // Adding one by one starts at MinimumCapacity and doubles.
        Resize(Math.Max(Doubled(_count + 1), MinimumCapacity));
        _array[_count++] = item;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ThrowIfNull(T value)
    {
        if (value is null)
        {
            ThrowNull();
        }
    }

    private static void ThrowNull() => throw new ArgumentNullException("value", "Repeated fields cannot contain null.");

    private static void ThrowIndexOutOfRange(int index) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, "Index was out of range.");

    /// <summary>Enumerates a RepeatedField without allocating.</summary>
    public struct Enumerator : IEnumerator<T>
    {
        private readonly RepeatedField<T> _list;
        private int _index;

        internal Enumerator(RepeatedField<T> list)
        {
            _list = list;
            _index = -1;
        }

        /// <summary>The element at the current position.</summary>
        public readonly T Current => _list._array[_index];

        readonly object? IEnumerator.Current => Current;

        /// <summary>Moves to the next element.</summary>
        public bool MoveNext() => ++_index < _list._count;

        /// <summary>Moves back before the first element.</summary>
        public void Reset() => _index = -1;

        /// <summary>Does nothing.</summary>
        public readonly void Dispose()
        {
        }
    }
}
