using System.Collections;
using System.Text;

namespace ProtoGen;

/// <summary>An immutable sequence of bytes with value equality, like Google.Protobuf's ByteString.</summary>
public sealed class ByteString : IEquatable<ByteString>, IReadOnlyList<byte>
{
    private readonly byte[] _bytes;

    private ByteString(byte[] bytes) => _bytes = bytes;

    /// <summary>The empty ByteString.</summary>
    public static ByteString Empty { get; } = new([]);

    /// <summary>Number of bytes.</summary>
    public int Length => _bytes.Length;

    /// <summary>Number of bytes (IReadOnlyCollection).</summary>
    int IReadOnlyCollection<byte>.Count => _bytes.Length;

    /// <summary>Whether there are no bytes.</summary>
    public bool IsEmpty => _bytes.Length == 0;

    /// <summary>The bytes as a read-only span.</summary>
    public ReadOnlySpan<byte> Span => _bytes;

    /// <summary>The bytes as read-only memory.</summary>
    public ReadOnlyMemory<byte> Memory => _bytes;

    /// <summary>The byte at <paramref name="index"/>.</summary>
    public byte this[int index] => _bytes[index];

    /// <summary>Copies <paramref name="bytes"/> into a new ByteString.</summary>
    public static ByteString CopyFrom(params byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return CopyFrom(bytes.AsSpan());
    }

    /// <summary>Copies part of <paramref name="bytes"/> into a new ByteString.</summary>
    public static ByteString CopyFrom(byte[] bytes, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return CopyFrom(bytes.AsSpan(offset, count));
    }

    /// <summary>Copies <paramref name="bytes"/> into a new ByteString.</summary>
    public static ByteString CopyFrom(ReadOnlySpan<byte> bytes) => bytes.IsEmpty ? Empty : new(bytes.ToArray());

    /// <summary>Encodes <paramref name="text"/> as UTF-8.</summary>
    public static ByteString CopyFromUtf8(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 0 ? Empty : new(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Encodes <paramref name="text"/> with <paramref name="encoding"/>.</summary>
    public static ByteString CopyFrom(string text, Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(encoding);
        return text.Length == 0 ? Empty : new(encoding.GetBytes(text));
    }

    /// <summary>Decodes standard base64 text.</summary>
    public static ByteString FromBase64(string base64)
    {
        ArgumentNullException.ThrowIfNull(base64);
        return base64.Length == 0 ? Empty : new(Convert.FromBase64String(base64));
    }

    /// <summary>Wraps <paramref name="bytes"/> without copying; the caller must never change them afterwards.</summary>
    internal static ByteString AttachBytes(byte[] bytes) => bytes.Length == 0 ? Empty : new(bytes);

    /// <summary>The bytes as standard base64 text.</summary>
    public string ToBase64() => Convert.ToBase64String(_bytes);

    /// <summary>Decodes the bytes as UTF-8 (invalid sequences become U+FFFD).</summary>
    public string ToStringUtf8() => Encoding.UTF8.GetString(_bytes);

    /// <summary>Decodes the bytes with <paramref name="encoding"/>.</summary>
    public string ToString(Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        return encoding.GetString(_bytes);
    }

    /// <summary>A new array holding a copy of the bytes.</summary>
    public byte[] ToByteArray() => (byte[])_bytes.Clone();

    /// <summary>Copies the bytes into <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination) => _bytes.CopyTo(destination);

    /// <summary>Copies the bytes into <paramref name="array"/> from <paramref name="arrayIndex"/>.</summary>
    public void CopyTo(byte[] array, int arrayIndex) => _bytes.CopyTo(array, arrayIndex);

    /// <summary>A read-only stream over the bytes.</summary>
    public Stream ToStream() => new MemoryStream(_bytes, writable: false);

    /// <summary>Enumerates the bytes.</summary>
    public IEnumerator<byte> GetEnumerator() => ((IEnumerable<byte>)_bytes).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Whether both hold the same bytes.</summary>
    public bool Equals(ByteString? other) => other is not null && (ReferenceEquals(this, other) || _bytes.AsSpan().SequenceEqual(other._bytes));

    /// <summary>Whether <paramref name="obj"/> is a ByteString with the same bytes.</summary>
    public override bool Equals(object? obj) => Equals(obj as ByteString);

    /// <summary>Hash of the bytes, consistent with Equals.</summary>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    /// <summary>Whether two ByteStrings hold the same bytes (or are both null).</summary>
    public static bool operator ==(ByteString? left, ByteString? right) =>
        ReferenceEquals(left, right) || (left is not null && left.Equals(right));

    /// <summary>Whether two ByteStrings differ.</summary>
    public static bool operator !=(ByteString? left, ByteString? right) => !(left == right);

    /// <summary>A readable description: the length and, for short values, the bytes in base64.</summary>
    public override string ToString() => _bytes.Length <= 64
        ? $"ByteString[{_bytes.Length}] \"{ToBase64()}\""
        : $"ByteString[{_bytes.Length}]";
}
