using System.Buffers;

namespace ProtoGen;

/// <summary>Google.Protobuf's extension methods on <see cref="IMessage"/>: the encoding conveniences of every message
/// (as in Google.Protobuf, generated classes do not repeat them as instance methods; <c>using ProtoGen;</c> brings
/// them in, as <c>using Google.Protobuf;</c> did).</summary>
public static class MessageExtensions
{
    /// <summary>The encoded message as a ByteString (one copy: the encoding itself).</summary>
    public static ByteString ToByteString(this IMessage message) => ByteString.AttachBytes(MessageSerializer.ToByteArray(message));

    /// <summary>The encoded message as a new array.</summary>
    public static byte[] ToByteArray(this IMessage message) => MessageSerializer.ToByteArray(message);

    /// <summary>Writes the encoded message to <paramref name="output"/>.</summary>
    public static void WriteTo(this IMessage message, Stream output) => MessageSerializer.WriteTo(message, output);

    /// <summary>Writes the encoded message to <paramref name="output"/>.</summary>
    public static void WriteTo(this IMessage message, IBufferWriter<byte> output) => MessageSerializer.WriteTo(message, output);

    /// <summary>Writes the encoded message into <paramref name="output"/>, which must hold <c>CalculateSize()</c> bytes,
    /// and returns the number of bytes written (Google.Protobuf's returns nothing; callers that ignore it compile as
    /// before).</summary>
    public static int WriteTo(this IMessage message, Span<byte> output) => MessageSerializer.WriteTo(message, output);

    /// <summary>Writes the message's length as a varint, then the message.</summary>
    public static void WriteDelimitedTo(this IMessage message, Stream output) => MessageSerializer.WriteDelimitedTo(message, output);

    /// <summary>Merges the encoded message in <paramref name="data"/> into <paramref name="message"/>.</summary>
    public static void MergeFrom(this IMessage message, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        MessageSerializer.MergeFrom(message, data.AsSpan());
    }

    /// <summary>Merges the encoded message in part of <paramref name="data"/> into <paramref name="message"/>.</summary>
    public static void MergeFrom(this IMessage message, byte[] data, int offset, int length)
    {
        ArgumentNullException.ThrowIfNull(data);
        MessageSerializer.MergeFrom(message, data.AsSpan(offset, length));
    }

    /// <summary>Merges the encoded message in <paramref name="data"/> into <paramref name="message"/>.</summary>
    public static void MergeFrom(this IMessage message, ByteString data)
    {
        ArgumentNullException.ThrowIfNull(data);
        MessageSerializer.MergeFrom(message, data.Span);
    }

    /// <summary>Merges the encoded message in <paramref name="data"/> into <paramref name="message"/>.</summary>
    public static void MergeFrom(this IMessage message, ReadOnlySpan<byte> data) => MessageSerializer.MergeFrom(message, data);

    /// <summary>Merges the encoded message in <paramref name="data"/> into <paramref name="message"/>.</summary>
    public static void MergeFrom(this IMessage message, ReadOnlySequence<byte> data) => MessageSerializer.MergeFrom(message, data);

    /// <summary>Merges the rest of <paramref name="input"/> into <paramref name="message"/>.</summary>
    public static void MergeFrom(this IMessage message, Stream input) => MessageSerializer.MergeFrom(message, input);

    /// <summary>Reads a varint length, then merges that many bytes of <paramref name="input"/> into <paramref name="message"/>.</summary>
    public static void MergeDelimitedFrom(this IMessage message, Stream input) => MessageSerializer.MergeDelimitedFrom(message, input);
}
