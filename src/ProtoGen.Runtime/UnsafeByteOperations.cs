namespace ProtoGen;

/// <summary>ByteString operations that trade safety for speed, as Google.Protobuf's class of the same name.</summary>
public static class UnsafeByteOperations
{
    /// <summary>A ByteString over <paramref name="bytes"/> without copying them. The caller must not change the memory
    /// while the ByteString (or any message holding it) is in use: a ByteString is assumed immutable everywhere, its
    /// hash code and equality included.</summary>
    public static ByteString UnsafeWrap(ReadOnlyMemory<byte> bytes) => ByteString.AttachBytes(bytes);
}
