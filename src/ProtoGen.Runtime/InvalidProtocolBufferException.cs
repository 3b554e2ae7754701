namespace ProtoGen;

/// <summary>Thrown when bytes being parsed are not a valid protobuf encoding of the expected message.</summary>
public sealed class InvalidProtocolBufferException : IOException
{
    /// <summary>Creates the exception with a message that names the fault.</summary>
    public InvalidProtocolBufferException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public InvalidProtocolBufferException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The input ended in the middle of a field, or a length pointed past the end.</summary>
    public static InvalidProtocolBufferException TruncatedMessage() => new(
        "While parsing a protocol message, the input ended unexpectedly in the middle of a field. " +
        "This could mean either that the input has been truncated or that an embedded message misreported its own length.");

    /// <summary>A length prefix was negative.</summary>
    public static InvalidProtocolBufferException NegativeSize() => new(
        "Encountered an embedded string or message which claimed to have negative size.");

    /// <summary>A varint ran longer than 10 bytes.</summary>
    public static InvalidProtocolBufferException MalformedVarint() => new(
        "Encountered a malformed varint (more than 10 bytes).");

    /// <summary>A tag had field number 0.</summary>
    public static InvalidProtocolBufferException InvalidTag() => new(
        "Protocol message contained an invalid tag (zero).");

    /// <summary>A tag had a wire type that does not exist (6 or 7) or was not expected here.</summary>
    public static InvalidProtocolBufferException InvalidWireType(uint tag) => new(
        $"Protocol message contained a tag with an invalid wire type {tag & 7} (field {tag >> 3}).");

    /// <summary>An END_GROUP tag appeared with no matching START_GROUP.</summary>
    public static InvalidProtocolBufferException InvalidEndGroup() => new(
        "Protocol message contained an end-group tag with no matching start-group tag.");

    /// <summary>A group was not closed by its END_GROUP tag before its enclosing message ended.</summary>
    public static InvalidProtocolBufferException GroupNotClosed() => new(
        "Protocol message contained a group that was not closed by its end-group tag.");

    /// <summary>A message ended on a tag other than the one expected.</summary>
    public static InvalidProtocolBufferException InvalidEndTag() => new(
        "Protocol message end-group tag did not match expected tag.");

    /// <summary>Messages or groups were nested deeper than the recursion limit.</summary>
    public static InvalidProtocolBufferException RecursionLimitExceeded() => new(
        "Protocol message had too many levels of nesting. May be malicious. Use a larger recursion limit to increase the limit.");

    /// <summary>The input was larger than the size limit.</summary>
    public static InvalidProtocolBufferException SizeLimitExceeded() => new(
        "Protocol message was too large. May be malicious.");

    /// <summary>A string field held bytes that are not valid UTF-8.</summary>
    public static InvalidProtocolBufferException InvalidUtf8(Exception? innerException = null) => innerException is null
        ? new("String field contained invalid UTF-8 data.")
        : new("String field contained invalid UTF-8 data.", innerException);

    /// <summary>A parsed message lacks a required field (see IMessage.IsInitialized).</summary>
    public static InvalidProtocolBufferException MissingRequiredFields(string messageType) => new(
        $"Message {messageType} is missing required fields.");

    /// <summary>Data remained after a message that should have consumed all of it.</summary>
    public static InvalidProtocolBufferException MoreDataAvailable() => new(
        "Completed reading a message while more data was available in the stream.");

    /// <summary>A length-delimited message in a stream was announced but the stream ended first.</summary>
    public static InvalidProtocolBufferException TruncatedStream() => new(
        "The stream ended before the announced message length was read.");
}
