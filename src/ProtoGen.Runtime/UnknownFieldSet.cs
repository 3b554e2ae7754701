using ProtoGen.Wire;

namespace ProtoGen;

/// <summary>Fields a message did not recognise, kept as their raw bytes in original order and written back verbatim.</summary>
public sealed class UnknownFieldSet : IEquatable<UnknownFieldSet>
{
    private byte[] _bytes;
    private int _length;

    private UnknownFieldSet(int capacity) => _bytes = capacity == 0 ? [] : new byte[capacity];

    /// <summary>The raw bytes (tags and values) of every unknown field, in the order they were read.</summary>
    public ReadOnlySpan<byte> RawBytes => _bytes.AsSpan(0, _length);

    /// <summary>Number of bytes the unknown fields take when written.</summary>
    public int CalculateSize() => _length;

    /// <summary>Writes the unknown fields back exactly as they were read.</summary>
    public void WriteTo(ref WireWriter writer) => writer.WriteRawBytes(RawBytes);

    /// <summary>A copy that shares nothing with this set.</summary>
    public UnknownFieldSet Clone()
    {
        var clone = new UnknownFieldSet(_length);
        clone.Append(RawBytes);
        return clone;
    }

    /// <summary>Appends the fields of <paramref name="other"/> to <paramref name="set"/> (created if null); returns the set.</summary>
    public static UnknownFieldSet? MergeFrom(UnknownFieldSet? set, UnknownFieldSet? other)
    {
        if (other is null || other._length == 0)
        {
            return set;
        }

        set ??= new UnknownFieldSet(other._length);
        set.Append(other.RawBytes);
        return set;
    }

    /// <summary>Skips the field whose tag was just read and appends its raw bytes to <paramref name="set"/> (created if null).</summary>
    /// <exception cref="InvalidProtocolBufferException">The field is malformed, truncated, an unmatched END_GROUP, or nested too deeply.</exception>
    public static UnknownFieldSet? MergeFieldFrom(UnknownFieldSet? set, ref WireReader reader, uint tag)
    {
        if (reader.LastTag != tag)
        {
            // Not the tag just read, so its raw bytes are not at hand: write it canonically before the value.
            int valueStart = reader.Position;
            reader.SkipField(tag);
            set ??= new UnknownFieldSet(0);
            Span<byte> tagBytes = stackalloc byte[5];
            var tagWriter = new WireWriter(tagBytes);
            tagWriter.WriteTag(tag);
            set.Append(tagBytes.Slice(0, tagWriter.Position));
            set.Append(reader.Buffer.Slice(valueStart, reader.Position - valueStart));
            return set;
        }

        int start = reader.LastTagStart;
        reader.SkipField(tag);
        set ??= new UnknownFieldSet(0);
        set.Append(reader.Buffer.Slice(start, reader.Position - start));
        return set;
    }

    /// <summary>Appends a varint field to <paramref name="set"/> (created if null): how a closed enum keeps a number it
    /// does not declare, as protoc's runtimes do.</summary>
    public static UnknownFieldSet AddVarint(UnknownFieldSet? set, int fieldNumber, long value)
    {
        Span<byte> bytes = stackalloc byte[15];
        var writer = new WireWriter(bytes);
        writer.WriteTag(fieldNumber, WireType.Varint);
        writer.WriteInt64(value);
        set ??= new UnknownFieldSet(writer.Position);
        set.Append(bytes.Slice(0, writer.Position));
        return set;
    }

    /// <summary>Appends the bytes read since <paramref name="fieldStart"/> (a field's first tag byte, from
    /// WireReader.LastTagStart) to <paramref name="set"/> (created if null): how a map entry whose closed-enum value is
    /// not declared is kept whole, as protoc's runtimes keep it.</summary>
    public static UnknownFieldSet AddFieldReadSince(UnknownFieldSet? set, ref WireReader reader, int fieldStart)
    {
        var bytes = reader.Buffer.Slice(fieldStart, reader.Position - fieldStart);
        set ??= new UnknownFieldSet(bytes.Length);
        set.Append(bytes);
        return set;
    }

    /// <summary>Whether both sets hold the same bytes.</summary>
    public bool Equals(UnknownFieldSet? other) =>
        other is not null && (ReferenceEquals(this, other) || RawBytes.SequenceEqual(other.RawBytes));

    /// <summary>Whether <paramref name="obj"/> is an UnknownFieldSet with the same bytes.</summary>
    public override bool Equals(object? obj) => Equals(obj as UnknownFieldSet);

    /// <summary>Hash of the bytes, consistent with Equals.</summary>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(RawBytes);
        return hash.ToHashCode();
    }

    /// <summary>A short description: the number of bytes held.</summary>
    public override string ToString() => $"UnknownFieldSet[{_length} bytes]";

    private void Append(ReadOnlySpan<byte> bytes)
    {
        int required = _length + bytes.Length;
        if (required > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(required, Math.Max(16, _bytes.Length * 2)));
        }

        bytes.CopyTo(_bytes.AsSpan(_length));
        _length = required;
    }
}
