using ProtoGen.Collections;
using ProtoGen.Wire;

namespace ProtoGen;

/// <summary>The extension values a message holds, by field number. Generated messages with extension ranges keep one
/// (null until an extension is set or parsed) and expose it through GetExtension/SetExtension/HasExtension/ClearExtension.
/// Values are written after the known fields, in field-number order, before the unknown fields.</summary>
public sealed partial class ExtensionSet : IEquatable<ExtensionSet>
{
    private readonly SortedDictionary<int, (Extension Extension, object Value)> _values = new();

    /// <summary>The value of <paramref name="extension"/>, or its default when <paramref name="set"/> does not hold it.</summary>
    public static TValue Get<TTarget, TValue>(ExtensionSet? set, Extension<TTarget, TValue> extension)
        where TTarget : IMessage<TTarget>
    {
        ArgumentNullException.ThrowIfNull(extension);
        return set is not null && set.TryGet(extension.FieldNumber, out object? value) ? (TValue)value! : extension.DefaultValue;
    }

    /// <summary>The values of a repeated extension, added to <paramref name="set"/> (created if null) so they can be changed.</summary>
    public static RepeatedField<TValue> Get<TTarget, TValue>(ref ExtensionSet? set, RepeatedExtension<TTarget, TValue> extension)
        where TTarget : IMessage<TTarget>
    {
        ArgumentNullException.ThrowIfNull(extension);
        set ??= new ExtensionSet();
        return set.GetOrAdd(extension, static () => new RepeatedField<TValue>());
    }

    /// <summary>Sets a singular extension's value.</summary>
    public static void Set<TTarget, TValue>(ref ExtensionSet? set, Extension<TTarget, TValue> extension, TValue value)
        where TTarget : IMessage<TTarget>
    {
        ArgumentNullException.ThrowIfNull(extension);
        ArgumentNullException.ThrowIfNull(value);
        set ??= new ExtensionSet();
        set.Set(extension, value);
    }

    /// <summary>Whether <paramref name="set"/> holds a value for <paramref name="extension"/>.</summary>
    public static bool Has(ExtensionSet? set, Extension extension)
    {
        ArgumentNullException.ThrowIfNull(extension);
        return set is not null && set._values.ContainsKey(extension.FieldNumber);
    }

    /// <summary>Removes <paramref name="extension"/>'s value.</summary>
    public static void Clear(ExtensionSet? set, Extension extension)
    {
        ArgumentNullException.ThrowIfNull(extension);
        set?._values.Remove(extension.FieldNumber);
    }

    /// <summary>Reads the field whose tag was just read when the reader's registry knows an extension of
    /// <paramref name="extendedType"/> with that number and wire type; returns false (nothing read) otherwise.</summary>
    public static bool TryMergeFieldFrom(ref ExtensionSet? set, ref WireReader reader, uint tag, Type extendedType)
    {
        if (reader.ExtensionRegistry is not { } registry ||
            !registry.TryFind(extendedType, WireFormat.GetTagFieldNumber(tag), out var extension))
        {
            return false;
        }

        if (!extension.Accepts(WireFormat.GetTagWireType(tag)))
        {
            return false;
        }

        set ??= new ExtensionSet();
        extension.MergeFrom(ref reader, tag, set);
        return true;
    }

    /// <summary>Appends or merges <paramref name="other"/>'s values into <paramref name="set"/> (created if needed).</summary>
    public static void MergeFrom(ref ExtensionSet? set, ExtensionSet? other)
    {
        if (other is null || other._values.Count == 0)
        {
            return;
        }

        set ??= new ExtensionSet();
        foreach (var (number, (extension, value)) in other._values)
        {
            set._values.TryGetValue(number, out var existing);
            set._values[number] = (extension, extension.Merge(existing.Value, value));
        }
    }

    /// <summary>Whether both sets hold equal values (a null set equals an empty one).</summary>
    public static bool AreEqual(ExtensionSet? left, ExtensionSet? right) =>
        (left is null || left._values.Count == 0) ? (right is null || right._values.Count == 0) : left.Equals(right);

    /// <summary>Whether every message value holds its required fields.</summary>
    public bool IsInitialized()
    {
        foreach (var (extension, value) in _values.Values)
        {
            if (!extension.IsInitialized(value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Encoded size of every value, tags included; message values record their sizes in
    /// <paramref name="sizes"/> when given, in the order WriteTo writes them.</summary>
    public int CalculateSize(SizeTable? sizes)
    {
        int size = 0;
        foreach (var (extension, value) in _values.Values)
        {
            size += extension.CalculateSize(value, sizes);
        }

        return size;
    }

    /// <summary>Writes every value in field-number order (the order CalculateSize sizes them in).</summary>
    public void WriteTo(ref WireWriter writer)
    {
        foreach (var (extension, value) in _values.Values)
        {
            extension.WriteTo(ref writer, value);
        }
    }

    /// <summary>A deep copy.</summary>
    public ExtensionSet Clone()
    {
        var clone = new ExtensionSet();
        foreach (var (number, (extension, value)) in _values)
        {
            clone._values[number] = (extension, extension.Clone(value));
        }

        return clone;
    }

    /// <summary>Whether both sets hold the same extensions with equal values.</summary>
    public bool Equals(ExtensionSet? other)
    {
        if (other is null || other._values.Count != _values.Count)
        {
            return false;
        }

        foreach (var (number, (_, value)) in _values)
        {
            if (!other._values.TryGetValue(number, out var theirs) || !ValuesEqual(value, theirs.Value))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ExtensionSet);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        int hash = 0;
        foreach (var (number, (_, value)) in _values)
        {
            hash ^= number ^ value.GetHashCode();
        }

        return hash;
    }

    internal bool TryGet(int fieldNumber, out object? value)
    {
        bool found = _values.TryGetValue(fieldNumber, out var entry);
        value = entry.Value;
        return found;
    }

    internal void Set(Extension extension, object value) => _values[extension.FieldNumber] = (extension, value);

    internal RepeatedField<TValue> GetOrAdd<TValue>(Extension extension, Func<RepeatedField<TValue>> create)
    {
        if (_values.TryGetValue(extension.FieldNumber, out var entry))
        {
            return (RepeatedField<TValue>)entry.Value;
        }

        var list = create();
        _values[extension.FieldNumber] = (extension, list);
        return list;
    }

    // Floating point compared by bits, as generated equality does; everything else by its own Equals.
    private static bool ValuesEqual(object left, object right) => (left, right) switch
    {
        (double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b),
        (float a, float b) => BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b),
        _ => left.Equals(right),
    };
}
