using ProtoGen.Collections;
using ProtoGen.Wire;

namespace ProtoGen;

/// <summary>Reads one value of an extension; <paramref name="existing"/> is the current value, which a message merges into.</summary>
public delegate T ExtensionValueReader<T>(ref WireReader reader, T? existing);

/// <summary>Writes one value of an extension (without its tag).</summary>
public delegate void ExtensionValueWriter<T>(ref WireWriter writer, T value);

/// <summary>An extension field: its number, the message type it extends, and how its values are encoded. Generated
/// code declares one static instance per <c>extend</c> field; registering it in an ExtensionRegistry makes parsers
/// read it as a typed value instead of an unknown field.</summary>
public abstract partial class Extension
{
    private protected Extension(Type extendedType, int fieldNumber, WireType wireType)
    {
        ExtendedType = extendedType;
        FieldNumber = fieldNumber;
        WireType = wireType;
    }

    /// <summary>The message type this extension extends.</summary>
    public Type ExtendedType { get; }

    /// <summary>The field number.</summary>
    public int FieldNumber { get; }

    /// <summary>The wire type of one value (packed repeated values are also accepted).</summary>
    public WireType WireType { get; }

    /// <summary>Whether a field with this wire type is this extension's encoding (repeated scalars: packed too).</summary>
    internal virtual bool Accepts(WireType wireType) => wireType == WireType;

    /// <summary>Reads the value whose tag was just read and stores it in <paramref name="values"/>.</summary>
    internal abstract void MergeFrom(ref WireReader reader, uint tag, ExtensionSet values);

    /// <summary>Encoded size of a value of this extension, tags included; message values record their sizes in
    /// <paramref name="sizes"/> when given.</summary>
    internal abstract int CalculateSize(object value, SizeTable? sizes);

    /// <summary>Writes a value of this extension with its tags.</summary>
    internal abstract void WriteTo(ref WireWriter writer, object value);

    /// <summary>A deep copy of a value (messages cloned, repeated fields copied).</summary>
    internal abstract object Clone(object value);

    /// <summary>Merges <paramref name="from"/> into <paramref name="into"/> (null when absent) with protobuf rules.</summary>
    internal abstract object Merge(object? into, object from);

    /// <summary>Whether the value holds every required field (messages only).</summary>
    internal abstract bool IsInitialized(object value);
}

/// <summary>A singular extension of <typeparamref name="TTarget"/> holding a <typeparamref name="TValue"/>.</summary>
public sealed partial class Extension<TTarget, TValue> : Extension
    where TTarget : IMessage<TTarget>
{
    private readonly ExtensionCodec<TValue> _codec;
    private readonly uint _tag;

    /// <summary>Creates the extension; generated code passes the value's encoding, and for messages how to clone one.</summary>
    public Extension(int fieldNumber, WireType wireType, TValue defaultValue, ExtensionValueReader<TValue> read,
        Func<TValue, SizeTable?, int> size, ExtensionValueWriter<TValue> write, Func<TValue, TValue>? clone = null)
        : base(typeof(TTarget), fieldNumber, wireType)
    {
        DefaultValue = defaultValue;
        _codec = new ExtensionCodec<TValue>(read, size, write, clone);
        _tag = WireFormat.MakeTag(fieldNumber, wireType);
    }

    /// <summary>What GetExtension returns while the extension is not set.</summary>
    public TValue DefaultValue { get; }

    internal override void MergeFrom(ref WireReader reader, uint tag, ExtensionSet values)
    {
        values.TryGet(FieldNumber, out object? existing);
        values.Set(this, _codec.Read(ref reader, existing is null ? default : (TValue)existing)!);
    }

    internal override int CalculateSize(object value, SizeTable? sizes) => WireSize.Tag(FieldNumber) + _codec.Size((TValue)value, sizes);

    internal override void WriteTo(ref WireWriter writer, object value)
    {
        writer.WriteTag(_tag);
        _codec.Write(ref writer, (TValue)value);
    }

    internal override object Clone(object value) => _codec.Copy((TValue)value)!;

    internal override object Merge(object? into, object from)
    {
        if (into is IMessage target && _codec.IsMessage)
        {
            // Messages merge: re-reading the other's encoding applies protobuf merge rules without a typed MergeFrom.
            MessageSerializer.MergeFrom(target, MessageSerializer.ToByteArray((IMessage)from));
            return into;
        }

        return Clone(from);
    }

    internal override bool IsInitialized(object value) => value is not IMessage message || message.IsInitialized();
}

/// <summary>A repeated extension of <typeparamref name="TTarget"/>: its values are a RepeatedField.</summary>
public sealed partial class RepeatedExtension<TTarget, TValue> : Extension
    where TTarget : IMessage<TTarget>
{
    private readonly ExtensionCodec<TValue> _codec;
    private readonly uint _tag;

    /// <summary>Creates the extension; <paramref name="packed"/> writes scalars in one length-delimited record.</summary>
    public RepeatedExtension(int fieldNumber, WireType wireType, bool packed, ExtensionValueReader<TValue> read,
        Func<TValue, SizeTable?, int> size, ExtensionValueWriter<TValue> write, Func<TValue, TValue>? clone = null)
        : base(typeof(TTarget), fieldNumber, wireType)
    {
        IsPacked = packed;
        _codec = new ExtensionCodec<TValue>(read, size, write, clone);
        _tag = WireFormat.MakeTag(fieldNumber, packed ? WireType.LengthDelimited : wireType);
    }

    /// <summary>Whether the values are written packed.</summary>
    public bool IsPacked { get; }

    internal override bool Accepts(WireType wireType) =>
        wireType == WireType || (wireType == WireType.LengthDelimited && WireType is WireType.Varint or WireType.Fixed32 or WireType.Fixed64);

    internal override void MergeFrom(ref WireReader reader, uint tag, ExtensionSet values)
    {
        var list = values.GetOrAdd(this, static () => new RepeatedField<TValue>());
        if (WireFormat.GetTagWireType(tag) == WireType.LengthDelimited && WireType != WireType.LengthDelimited)
        {
            int oldLimit = reader.PushLimit(reader.ReadLength());
            while (!reader.IsAtEnd)
            {
                list.Add(_codec.Read(ref reader, default));
            }

            reader.PopLimit(oldLimit);
            return;
        }

        list.Add(_codec.Read(ref reader, default));
    }

    internal override int CalculateSize(object value, SizeTable? sizes)
    {
        var list = (RepeatedField<TValue>)value;
        if (list.Count == 0)
        {
            return 0;
        }

        int size = 0;
        foreach (var item in list.AsSpan())
        {
            size += _codec.Size(item, sizes);
        }

        return IsPacked ? WireSize.Tag(FieldNumber) + WireSize.LengthDelimited(size) : size + (list.Count * WireSize.Tag(FieldNumber));
    }

    internal override void WriteTo(ref WireWriter writer, object value)
    {
        var list = (RepeatedField<TValue>)value;
        if (list.Count == 0)
        {
            return;
        }

        if (IsPacked)
        {
            int size = 0;
            foreach (var item in list.AsSpan())
            {
                size += _codec.Size(item, null); // packed values are scalars: no sub-messages
            }

            writer.WriteTag(_tag);
            writer.WriteLength(size);
            foreach (var item in list.AsSpan())
            {
                _codec.Write(ref writer, item);
            }

            return;
        }

        foreach (var item in list.AsSpan())
        {
            writer.WriteTag(_tag);
            _codec.Write(ref writer, item);
        }
    }

    internal override object Clone(object value)
    {
        var copy = new RepeatedField<TValue>();
        foreach (var item in ((RepeatedField<TValue>)value).AsSpan())
        {
            copy.Add(_codec.Copy(item));
        }

        return copy;
    }

    internal override object Merge(object? into, object from)
    {
        var target = (RepeatedField<TValue>?)into ?? new RepeatedField<TValue>();
        target.AddRange(((RepeatedField<TValue>)Clone(from)).AsSpan());
        return target;
    }

    internal override bool IsInitialized(object value)
    {
        foreach (var item in ((RepeatedField<TValue>)value).AsSpan())
        {
            if (item is IMessage message && !message.IsInitialized())
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>How one value of an extension is read, sized, written and, for messages, deep-copied.</summary>
internal sealed class ExtensionCodec<TValue>
{
    private readonly Func<TValue, TValue>? _clone;

    public ExtensionCodec(ExtensionValueReader<TValue> read, Func<TValue, SizeTable?, int> size, ExtensionValueWriter<TValue> write, Func<TValue, TValue>? clone)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(size);
        ArgumentNullException.ThrowIfNull(write);
        Read = read;
        Size = size;
        Write = write;
        _clone = clone;
    }

    public ExtensionValueReader<TValue> Read { get; }

    /// <summary>The size of one value without its tag; a message value records its sub-messages' sizes in the table
    /// when one is given (see <see cref="SizeTable"/>).</summary>
    public Func<TValue, SizeTable?, int> Size { get; }

    public ExtensionValueWriter<TValue> Write { get; }

    /// <summary>Message values are cloned and merged; the others are immutable.</summary>
    public bool IsMessage => _clone is not null;

    public TValue Copy(TValue value) => _clone is null ? value : _clone(value);
}
