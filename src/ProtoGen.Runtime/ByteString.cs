using System.Collections;
using System.Text;

namespace ProtoGen;

/// <summary>An immutable sequence of bytes with value equality, like Google.Protobuf's ByteString.</summary>
/// <remarks>The bytes are held as memory that nothing else changes: a private copy, an array the runtime made for it, or
/// memory the caller handed over with <see cref="UnsafeByteOperations.UnsafeWrap"/> and promised not to change.</remarks>
public sealed class ByteString : IEquatable<ByteString>, IReadOnlyList<byte>
{
    private readonly ReadOnlyMemory<byte> _bytes;

    private ByteString(ReadOnlyMemory<byte> bytes) => _bytes = bytes;

    /// <summary>The empty ByteString.</summary>
    public static ByteString Empty { get; } = new(ReadOnlyMemory<byte>.Empty);

    /// <summary>Number of bytes.</summary>
    public int Length => _bytes.Length;

    /// <summary>Number of bytes (IReadOnlyCollection).</summary>
    int IReadOnlyCollection<byte>.Count => _bytes.Length;

    /// <summary>Whether there are no bytes.</summary>
    public bool IsEmpty => _bytes.Length == 0;

    /// <summary>The bytes as a read-only span.</summary>
    public ReadOnlySpan<byte> Span => _bytes.Span;

    /// <summary>The bytes as read-only memory.</summary>
    public ReadOnlyMemory<byte> Memory => _bytes;

    /// <summary>The byte at <paramref name="index"/>.</summary>
    public byte this[int index] => _bytes.Span[index];

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

    /// <summary>Reads <paramref name="stream"/> to its end into a new ByteString.</summary>
    public static ByteString FromStream(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new MemoryStream(stream.CanSeek ? Math.Max(0, (int)Math.Min(int.MaxValue, stream.Length - stream.Position)) : 0);
        stream.CopyTo(buffer);
        return FromBuffer(buffer);
    }

    /// <summary>Reads <paramref name="stream"/> to its end into a new ByteString, asynchronously.</summary>
    public static async Task<ByteString> FromStreamAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new MemoryStream(stream.CanSeek ? Math.Max(0, (int)Math.Min(int.MaxValue, stream.Length - stream.Position)) : 0);
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return FromBuffer(buffer);
    }

    // The stream's buffer belongs to nothing else once it is done, so its written part is wrapped, not copied.
    private static ByteString FromBuffer(MemoryStream buffer) =>
        buffer.Length == 0 ? Empty : new(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));

    /// <summary>Wraps <paramref name="bytes"/> without copying; the caller must never change them afterwards.</summary>
    internal static ByteString AttachBytes(byte[] bytes) => bytes.Length == 0 ? Empty : new(bytes);

    /// <summary>Wraps <paramref name="bytes"/> without copying (UnsafeByteOperations.UnsafeWrap).</summary>
    internal static ByteString AttachBytes(ReadOnlyMemory<byte> bytes) => bytes.IsEmpty ? Empty : new(bytes);

    /// <summary>The bytes as standard base64 text.</summary>
    public string ToBase64() => Convert.ToBase64String(_bytes.Span);

    /// <summary>Decodes the bytes as UTF-8 (invalid sequences become U+FFFD).</summary>
    public string ToStringUtf8() => Encoding.UTF8.GetString(_bytes.Span);

    /// <summary>Decodes the bytes with <paramref name="encoding"/>.</summary>
    public string ToString(Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        return encoding.GetString(_bytes.Span);
    }

    /// <summary>A new array holding a copy of the bytes.</summary>
    public byte[] ToByteArray() => _bytes.ToArray();

    /// <summary>Copies the bytes into <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination) => _bytes.Span.CopyTo(destination);

    /// <summary>Copies the bytes into <paramref name="array"/> from <paramref name="arrayIndex"/>.</summary>
    public void CopyTo(byte[] array, int arrayIndex)
    {
        ArgumentNullException.ThrowIfNull(array);
        _bytes.Span.CopyTo(array.AsSpan(arrayIndex));
    }

    /// <summary>Writes the bytes to <paramref name="output"/>.</summary>
    public void WriteTo(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(_bytes.Span);
    }

    /// <summary>A read-only stream over the bytes.</summary>
    public Stream ToStream() => System.Runtime.InteropServices.MemoryMarshal.TryGetArray(_bytes, out var segment)
        ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
        : new MemoryStream(_bytes.ToArray(), writable: false);

    /// <summary>Enumerates the bytes.</summary>
    public IEnumerator<byte> GetEnumerator()
    {
        for (int i = 0; i < _bytes.Length; i++) yield return _bytes.Span[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Whether both hold the same bytes.</summary>
    public bool Equals(ByteString? other) => other is not null && (ReferenceEquals(this, other) || _bytes.Span.SequenceEqual(other._bytes.Span));

    /// <summary>Whether <paramref name="obj"/> is a ByteString with the same bytes.</summary>
    public override bool Equals(object? obj) => Equals(obj as ByteString);

    /// <summary>Hash of the bytes, consistent with Equals.</summary>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(_bytes.Span);
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
